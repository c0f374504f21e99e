package io.saasplatform.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Test plumbing: one Redis per test JVM, embedded on a free loopback port unless {@code TEST_REDIS_URL} names an
 * external one, or a {@code redis:7} container with {@code SAAS_TEST_SERVERS=testcontainers} (see {@link TestServers});
 * the embedded one can be stopped and restarted on the same port to simulate an outage.
 */
public final class TestRedis {
    /** Name of the environment variable / system property that points the tests at an external Redis. */
    public static final String URL_VARIABLE = "TEST_REDIS_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestRedis.class);
    private static final String LOOPBACK = "127.0.0.1";

    private static Instance instance;

    private TestRedis() {}

    /** {@code redis://host:port} (or the external URL as given); starts the embedded server on first use. */
    public static synchronized String url() {
        return instance().url();
    }

    public static synchronized String host() {
        return URI.create(instance().url()).getHost();
    }

    public static synchronized int port() {
        int port = URI.create(instance().url()).getPort();
        return port == -1 ? 6379 : port;
    }

    /** Whether Redis is the embedded one (false when {@code TEST_REDIS_URL} is set); only that one can stop. */
    public static synchronized boolean isEmbedded() {
        return instance().server() != null;
    }

    /** Whether the embedded server is currently running (always true for an external one). */
    public static synchronized boolean isRunning() {
        Instance current = instance();
        return current.server() == null || current.server().isActive();
    }

    /**
     * Stops the embedded server so that clients see connection failures; returns once the process has exited.
     * Tests that call this must call {@link #start()} afterwards (e.g. in a {@code finally} or {@code @AfterEach}).
     */
    public static synchronized void stop() {
        RedisServer server = embeddedOrFail();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded Redis", e);
        }
        awaitPortClosed();
    }

    /** The process may still hold its listening socket for a moment after stop() returns; wait until it is gone. */
    private static void awaitPortClosed() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(host(), port()), 200);
            } catch (IOException refused) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("embedded Redis still accepts connections 10 s after stop");
    }

    /** Starts the embedded server again on the same port; returns once it accepts connections. No-op if running. */
    public static synchronized void start() {
        RedisServer server = embeddedOrFail();
        if (server.isActive()) {
            return;
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart embedded Redis on port " + port(), e);
        }
    }

    /** Deletes every key in every logical database, so a test class can start from nothing. */
    public static synchronized void flushAll() {
        Instance current = instance();
        URI uri = URI.create(current.url());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort()), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            // Raw RESP keeps a Redis client library out of test-support.
            String password = password(uri);
            if (password != null) {
                out.write(command("AUTH", password));
                expectOk(socket.getInputStream(), "AUTH");
            }
            out.write(command("FLUSHALL"));
            expectOk(socket.getInputStream(), "FLUSHALL");
        } catch (IOException e) {
            throw new UncheckedIOException("could not flush Redis at " + current.url(), e);
        }
    }

    private static RedisServer embeddedOrFail() {
        RedisServer server = instance().server();
        if (server == null) {
            throw new IllegalStateException("Redis at " + URL_VARIABLE + " is external and cannot be stopped here");
        }
        return server;
    }

    private static Instance instance() {
        if (instance == null) {
            String external = setting(URL_VARIABLE);
            if (external != null) {
                instance = new Instance(external, null);
            } else if (TestServers.mode() == TestServers.Mode.TESTCONTAINERS) {
                Containers.Started container = Containers.redis();
                Runtime.getRuntime().addShutdownHook(new Thread(container.stop(), "test-redis-container-shutdown"));
                LOG.info("Redis container {} on port {}", Containers.REDIS_IMAGE, container.port());
                instance = new Instance("redis://" + container.host() + ":" + container.port(), null);
            } else {
                instance = startEmbedded();
            }
        }
        return instance;
    }

    private static Instance startEmbedded() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind(LOOPBACK)
                    .port(port)
                    // A throw-away cache: never write snapshots or append-only files to disk.
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .soutListener(line -> {})
                    .serrListener(line -> {})
                    .build();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestRedis::stopQuietly, "test-redis-shutdown"));
            LOG.info("embedded Redis started on port {}", port);
            return new Instance("redis://" + LOOPBACK + ":" + port, server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis", e);
        }
    }

    private static void stopQuietly() {
        RedisServer server = instance == null ? null : instance.server();
        if (server != null && server.isActive()) {
            try {
                server.stop();
            } catch (IOException e) {
                LOG.warn("could not stop embedded Redis", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for embedded Redis", e);
        }
    }

    private static String password(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(colon + 1);
    }

    private static byte[] command(String... parts) {
        StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            resp.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void expectOk(InputStream in, String command) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        if (!line.toString().strip().equals("+OK")) {
            throw new IOException(command + " answered " + line.toString().strip());
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private record Instance(String url, RedisServer server) {}
}
