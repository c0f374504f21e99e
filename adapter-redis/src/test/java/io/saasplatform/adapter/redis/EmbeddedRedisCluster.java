package io.saasplatform.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import redis.embedded.RedisServer;

/**
 * Test fixture: a real Redis Cluster of three masters (no replicas) from the embedded Redis binary: each node started
 * with {@code cluster-enabled yes}, a third of the 16384 slots assigned to each, then joined with {@code CLUSTER MEET}.
 * A node can be stopped and started again on its port; it keeps its identity and slots (its {@code nodes.conf}) but,
 * like a restarted ElastiCache node without persistence, loses its data and its script cache.
 */
final class EmbeddedRedisCluster implements AutoCloseable {
    static final int NODES = 3;
    private static final int SLOTS = 16_384;
    private static final String HOST = "127.0.0.1";
    private static final Duration FORMATION_BOUND = Duration.ofSeconds(60);

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<RedisServer> servers = new ArrayList<>();

    EmbeddedRedisCluster() {
        try {
            dir = Files.createTempDirectory("redis-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < NODES; i++) {
            ports.add(freeNodePort(ports));
            servers.add(null);
            start(i);
        }
        form();
    }

    /** {@code redis-cluster://} with two of the three nodes as seeds: the client must discover the third itself. */
    String url() {
        return "redis-cluster://" + HOST + ":" + ports.get(0) + "," + HOST + ":" + ports.get(1);
    }

    int port(int node) {
        return ports.get(node);
    }

    /** The node (index) that owns {@code slot}. */
    int nodeOf(int slot) {
        return Math.min(NODES - 1, slot / (SLOTS / NODES));
    }

    void start(int node) {
        int port = ports.get(node);
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind(HOST)
                    .setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 2000")
                    // The other masters keep serving their slots while one is down.
                    .setting("cluster-require-full-coverage no")
                    .setting("dir " + dir)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .soutListener(line -> {})
                    .serrListener(line -> {})
                    .build();
            server.start();
            servers.set(node, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop(int node) {
        try {
            RedisServer server = servers.get(node);
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} on a plain (non-cluster) connection to one node. */
    <T> T onNode(int node, java.util.function.Function<StatefulRedisConnection<String, String>, T> work) {
        RedisClient client = RedisClient.create(RedisURI.create(HOST, ports.get(node)));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return work.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Bounded polling until every node reports the cluster healthy (gossip is asynchronous). */
    void awaitHealthy() {
        awaitOnEveryNode(info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + NODES)
                && info.contains("cluster_slots_assigned:" + SLOTS));
    }

    @Override
    public void close() {
        for (int i = 0; i < NODES; i++) {
            stop(i);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    private void form() {
        int perNode = SLOTS / NODES;
        for (int i = 0; i < NODES; i++) {
            int from = i * perNode;
            int to = i == NODES - 1 ? SLOTS : from + perNode;
            int[] slots = IntStream.range(from, to).toArray();
            onNode(i, c -> c.sync().clusterAddSlots(slots));
        }
        for (int i = 1; i < NODES; i++) {
            int port = ports.get(i);
            onNode(0, c -> c.sync().clusterMeet(HOST, port));
        }
        awaitHealthy();
    }

    private void awaitOnEveryNode(Predicate<String> healthy) {
        long deadline = System.nanoTime() + FORMATION_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < NODES && all; i++) {
                try {
                    all = healthy.test(onNode(i, c -> c.sync().clusterInfo()));
                } catch (RuntimeException notYet) {
                    all = false;
                }
            }
            if (all) {
                return;
            }
            // Paces the polling; the deadline, not this pause, is what the fixture relies on.
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new IllegalStateException("the Redis Cluster did not become healthy within " + FORMATION_BOUND);
    }

    /** A free port whose cluster bus port (port + 10000) is free too (Redis 6.2 cannot choose the bus port). */
    private static int freeNodePort(List<Integer> taken) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                int port = socket.getLocalPort();
                if (port + 10_000 > 65_535 || taken.contains(port + 10_000) || taken.contains(port - 10_000)) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10_000, 1, InetAddress.getByName(HOST))) {
                    return port;
                } catch (IOException inUse) {
                    // try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }
}
