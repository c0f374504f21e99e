package io.saasplatform.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter: owns the one Lettuce client and shared connection to Redis and hands out the outgoing ports built on
 * it: the readiness probe, the sign-in rate limiter and the AI token quota meter.
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

    private final RedisURI uri;
    private final ClientResources resources;
    private final RedisClient client;
    private final MeterRegistry registry;
    private final Object connecting = new Object();
    private volatile StatefulRedisConnection<String, String> connection;

    /** Connects with {@link Settings#defaults()}. */
    public RedisAdapter(String url) {
        this(url, Settings.defaults());
    }

    /**
     * @param url {@code redis://[user:password@]host[:port][/database]} or {@code rediss://…} for TLS
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
        this.uri = parse(url);
        this.registry = registry;
        uri.setTimeout(settings.commandTimeout());
        DefaultClientResources.Builder resourcesBuilder = DefaultClientResources.builder()
                // Lettuce's default back-off grows to 30 s: Redis would stay "down" long after it came back.
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(50), settings.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS));
        if (registry != null) {
            resourcesBuilder.commandLatencyRecorder(new MicrometerCommandLatencyRecorder(registry,
                    MicrometerOptions.builder().histogram(true).localDistinction(false).build()));
        }
        this.resources = resourcesBuilder.build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Buffering while disconnected turns an outage into piled-up requests that all time out together.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(settings.commandTimeout())
                        .keepAlive(true)
                        .build())
                .build());
        try {
            connection();
        } catch (RedisException e) {
            LOG.warn("Redis at {} is not reachable yet; will retry on first use: {}", redacted(), e.getMessage());
        }
    }

    /** The readiness probe of this Redis, reported as component {@code redis}. */
    public HealthCheck healthCheck() {
        return new RedisHealthCheck(this::connection);
    }

    /**
     * The shared fixed-window rate limiter (keys {@code rl:{key}}). It fails open while Redis is unreachable: see
     * RedisRateLimiter for why that suits sign-in and not quotas.
     */
    public RateLimiter rateLimiter() {
        return new RedisRateLimiter(this::connection);
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
        QuotaMeter meter = new RedisQuotaMeter(this::connection, clock, holdTtl);
        return registry == null ? meter : new MeteredQuotaMeter(meter, registry);
    }

    /**
     * The shared connection, opened on first use. Lettuce reconnects it by itself afterwards, so this only blocks
     * (for at most the command timeout) while Redis has never been reached.
     */
    StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (connecting) {
            if (connection == null) {
                connection = client.connect();
            }
            return connection;
        }
    }

    /** Closes the connection and releases the client's threads; the adapter is unusable afterwards. */
    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private String redacted() {
        return uri.getHost() + ":" + uri.getPort();
    }

    private static RedisURI parse(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new IllegalArgumentException("Redis URL must start with redis:// or rediss://");
        }
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            // The URL may carry a password: never echo it.
            throw new IllegalArgumentException("Redis URL is malformed");
        }
    }
}
