package io.saasplatform.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter: owns the one Lettuce client and shared connection to Redis and hands out the outgoing ports built on
 * it: the readiness probe, the sign-in rate limiter, the AI token quota meter and the AI budgets.
 *
 * <p>One node ({@code redis://}, {@code rediss://}) or a Redis Cluster ({@code redis-cluster://}, {@code rediss-cluster://},
 * e.g. ElastiCache in cluster mode) through Lettuce's cluster client, which follows the topology (periodic and adaptive
 * refresh on MOVED/ASK and reconnects). Every script's keys share one hash tag, so each script runs on the one node
 * that owns its slot; see ADR 0012.
 *
 * <p>Tuned to fail fast: commands time out after {@link Settings#commandTimeout()} and are rejected at once while
 * disconnected (Lettuce's defaults are 60 s and buffering), and the connection reconnects by itself. Redis being down
 * at construction is not fatal: the first use tries again, and readiness reports it meanwhile.
 */
public final class RedisAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisAdapter.class);

    /** How long an unsettled reservation holds quota when {@link #quotaMeter()} is used. */
    public static final Duration DEFAULT_QUOTA_HOLD_TTL = Duration.ofMinutes(10);

    /**
     * Client tuning.
     *
     * @param commandTimeout how long one command (or connection attempt) may take before it fails
     * @param maxReconnectDelay upper bound of the exponential back-off between reconnection attempts
     */
    public record Settings(Duration commandTimeout, Duration maxReconnectDelay) {
        public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(500);
        public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

        public Settings {
            requirePositive(commandTimeout, "commandTimeout");
            requirePositive(maxReconnectDelay, "maxReconnectDelay");
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_COMMAND_TIMEOUT, DEFAULT_MAX_RECONNECT_DELAY);
        }

        private static void requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    /** How often the cluster client re-reads the topology even when nothing told it to (failovers, resharding). */
    static final Duration CLUSTER_TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final List<RedisURI> uris;
    private final boolean cluster;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final MeterRegistry registry;
    private final Object connecting = new Object();
    private volatile RedisCalls calls;
    private volatile AutoCloseable connection;

    /** Connects with {@link Settings#defaults()}. */
    public RedisAdapter(String url) {
        this(url, Settings.defaults());
    }

    /**
     * @param url {@code redis://[user:password@]host[:port][/database]} or {@code rediss://…} for TLS; for a cluster
     *     {@code redis-cluster://[user:password@]host:port[,host:port…]} or {@code rediss-cluster://…} (seed nodes:
     *     the client discovers the others)
     * @throws IllegalArgumentException when the URL is not a Redis URL (an unreachable server is not an error here)
     */
    public RedisAdapter(String url, Settings settings) {
        this(url, settings, null);
    }

    /**
     * Like {@link #RedisAdapter(String, Settings)}, and records every command's latency in {@code registry}
     * ({@code lettuce_command_completion_seconds} by command, with histogram buckets).
     */
    public RedisAdapter(String url, Settings settings, MeterRegistry registry) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(url, "url");
        this.cluster = url.startsWith("redis-cluster://") || url.startsWith("rediss-cluster://");
        this.uris = cluster ? parseCluster(url) : List.of(parse(url));
        this.registry = registry;
        uris.forEach(uri -> uri.setTimeout(settings.commandTimeout()));
        DefaultClientResources.Builder resourcesBuilder = DefaultClientResources.builder()
                // Lettuce's default back-off grows to 30 s: Redis would stay "down" long after it came back.
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(50), settings.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS));
        if (registry != null) {
            resourcesBuilder.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry,
                    MicrometerOptions.builder().histogram(true).localDistinction(false).build()));
        }
        this.resources = resourcesBuilder.build();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(settings.commandTimeout())
                .keepAlive(true)
                .build();
        if (cluster) {
            this.client = null;
            this.clusterClient = RedisClusterClient.create(resources, uris);
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // Not REJECT_COMMANDS here: the cluster client opens each node's connection on first use (and
                    // again after a failover), and rejecting would fail every command sent while that connection is
                    // still being made. Queued commands are bounded by the command timeout all the same.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(CLUSTER_TOPOLOGY_REFRESH)
                            // MOVED/ASK, reconnect attempts and unknown nodes trigger a refresh at once.
                            .enableAllAdaptiveRefreshTriggers()
                            .build())
                    .build());
        } else {
            this.clusterClient = null;
            this.client = RedisClient.create(resources, uris.getFirst());
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // Buffering while disconnected turns an outage into piled-up requests that all time out together.
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket)
                    .build());
        }
        try {
            calls();
        } catch (RedisException e) {
            LOG.warn("Redis at {} is not reachable yet; will retry on first use: {}", redacted(), e.getMessage());
        }
    }

    /** The readiness probe of this Redis, reported as component {@code redis}. */
    public HealthCheck healthCheck() {
        return new RedisHealthCheck(this::calls);
    }

    /**
     * The shared fixed-window rate limiter (keys {@code rl:{key}}). It fails open while Redis is unreachable: see
     * RedisRateLimiter for why that suits sign-in and not quotas.
     */
    public RateLimiter rateLimiter() {
        return new RedisRateLimiter(this::calls);
    }

    /**
     * The per-tenant monthly AI token quota meter on the system UTC clock, with holds that expire after
     * {@link #DEFAULT_QUOTA_HOLD_TTL}.
     */
    public QuotaMeter quotaMeter() {
        return quotaMeter(Clock.systemUTC(), DEFAULT_QUOTA_HOLD_TTL);
    }

    /**
     * The per-tenant monthly AI token quota meter (keys {@code quota:{tenant}:...}). Unlike the rate limiter it fails
     * closed: when Redis cannot answer within the command timeout every method throws
     * {@link QuotaMeter.QuotaUnavailableException}.
     *
     * @param clock decides the month (in UTC) and when holds expire
     * @param holdTtl how long an unsettled reservation holds quota; at most 30 days
     */
    public QuotaMeter quotaMeter(Clock clock, Duration holdTtl) {
        QuotaMeter meter = new RedisQuotaMeter(this::calls, clock, holdTtl);
        return registry == null ? meter : new MeteredQuotaMeter(meter, registry);
    }

    /** The per-user and platform AI budgets on the system UTC clock, holds as in {@link #quotaMeter()}. */
    public AiBudgets aiBudgets() {
        return aiBudgets(Clock.systemUTC(), DEFAULT_QUOTA_HOLD_TTL);
    }

    /**
     * The per-user and platform monthly AI budgets (keys {@code budget:{user:<id>}:...}, {@code budget:{global:all}:...}),
     * with the quota meter's scripts and its fail-closed behaviour; a month without a counter starts at zero.
     */
    public AiBudgets aiBudgets(Clock clock, Duration holdTtl) {
        AiBudgets budgets = new RedisAiBudgets(new RedisQuotaMeter(this::calls, clock, holdTtl));
        return registry == null ? budgets : new MeteredAiBudgets(budgets, registry);
    }

    /** Whether this adapter talks to a Redis Cluster. */
    public boolean cluster() {
        return cluster;
    }

    /**
     * The shared connection's commands, opened on first use. Lettuce reconnects by itself afterwards, so this only
     * blocks (for at most the command timeout) while Redis has never been reached.
     */
    RedisCalls calls() {
        RedisCalls current = calls;
        if (current != null) {
            return current;
        }
        synchronized (connecting) {
            if (calls == null) {
                if (cluster) {
                    StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
                    connection = c;
                    connectToEveryNode(c);
                    calls = new Calls(c.sync(), c.sync(), () -> c.async().ping());
                } else {
                    StatefulRedisConnection<String, String> c = client.connect();
                    connection = c;
                    calls = new Calls(c.sync(), c.sync(), () -> c.async().ping());
                }
            }
            return calls;
        }
    }

    /** Opens the connection to every known node now rather than on each node's first command (best effort). */
    private static void connectToEveryNode(StatefulRedisClusterConnection<String, String> c) {
        for (var node : c.getPartitions()) {
            try {
                c.getConnection(node.getNodeId());
            } catch (RedisException e) {
                LOG.warn("Redis Cluster node {} is not reachable yet: {}", node.getUri(), e.getMessage());
            }
        }
    }

    /** The single-node connection, for tests that send raw commands; not available on a cluster. */
    @SuppressWarnings("unchecked")
    StatefulRedisConnection<String, String> connection() {
        if (cluster) {
            throw new IllegalStateException("a cluster has no single connection");
        }
        calls();
        return (StatefulRedisConnection<String, String>) connection;
    }

    /** The cluster connection, for tests that send raw commands; only on a cluster. */
    @SuppressWarnings("unchecked")
    StatefulRedisClusterConnection<String, String> clusterConnection() {
        if (!cluster) {
            throw new IllegalStateException("not a cluster");
        }
        calls();
        return (StatefulRedisClusterConnection<String, String>) connection;
    }

    private record Calls(
            RedisScriptingCommands<String, String> scripting,
            RedisKeyCommands<String, String> keys,
            java.util.function.Supplier<RedisFuture<String>> pinger) implements RedisCalls {
        @Override
        public RedisFuture<String> ping() {
            return pinger.get();
        }
    }

    /** Closes the connection and releases the client's threads; the adapter is unusable afterwards. */
    @Override
    public void close() {
        AutoCloseable current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                LOG.debug("closing the Redis connection failed: {}", e.toString());
            }
        }
        if (cluster) {
            clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private String redacted() {
        return String.join(",", uris.stream().map(uri -> uri.getHost() + ":" + uri.getPort()).toList());
    }

    /** {@code redis[s]-cluster://[user:password@]host:port[,host:port…]}: one URI per seed node, all with the credentials. */
    private static List<RedisURI> parseCluster(String url) {
        boolean tls = url.startsWith("rediss-cluster://");
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        List<RedisURI> nodes = new ArrayList<>();
        for (String node : rest.split(",")) {
            int colon = node.lastIndexOf(':');
            if (node.isBlank() || colon <= 0 || colon == node.length() - 1) {
                throw new IllegalArgumentException("Redis Cluster URL must list host:port seed nodes, comma-separated");
            }
            int port;
            try {
                port = Integer.parseInt(node.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Redis Cluster URL has a port that is not a number");
            }
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("Redis Cluster URL has a port out of range");
            }
            RedisURI.Builder builder = RedisURI.Builder.redis(node.substring(0, colon).toLowerCase(Locale.ROOT), port)
                    .withSsl(tls);
            if (userInfo != null && !userInfo.isEmpty()) {
                String decoded = java.net.URLDecoder.decode(userInfo, java.nio.charset.StandardCharsets.UTF_8);
                int colonInInfo = decoded.indexOf(':');
                if (colonInInfo < 0) {
                    builder.withPassword(decoded.toCharArray());
                } else if (colonInInfo == 0) {
                    builder.withPassword(decoded.substring(1).toCharArray());
                } else {
                    builder.withAuthentication(decoded.substring(0, colonInInfo), decoded.substring(colonInInfo + 1));
                }
            }
            nodes.add(builder.build());
        }
        return List.copyOf(nodes);
    }

    private static RedisURI parse(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("Redis URL must start with redis://, rediss://, redis-cluster:// or"
                    + " rediss-cluster://");
        }
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            // The URL may carry a password: never echo it.
            throw new IllegalArgumentException("Redis URL is malformed");
        }
    }
}
