package io.saasplatform.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * Composition-root helper: the embedded PostgreSQL and Redis used when no {@code DATABASE_URL} / {@code REDIS_URL}
 * is configured, so that the platform runs on a machine with nothing but a JDK.
 */
final class EmbeddedServices {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServices.class);

    private EmbeddedServices() {}

    /** A running embedded PostgreSQL; its data directory survives restarts. */
    record Postgres(EmbeddedPostgres server, Path dataDirectory) implements AutoCloseable {
        DatabaseUrl superuser() {
            return new DatabaseUrl(server.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                LOG.warn("embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }

    /** A running embedded Redis (in memory only: quotas are rebuilt from the PostgreSQL ledger). */
    record Redis(RedisServer server, int port) implements AutoCloseable {
        String url() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (IOException e) {
                LOG.warn("embedded Redis did not stop cleanly", e);
            }
        }
    }

    static Postgres startPostgres(Path dataDir, int port) {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(pgData.getParent());
            // Reuse an initialised cluster so that data survives restarts; initdb only on first start.
            boolean existing = Files.exists(pgData.resolve("PG_VERSION"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder.start();
            LOG.info("embedded PostgreSQL {} data in {}", existing ? "reused" : "initialised", pgData);
            return new Postgres(server, pgData);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + pgData, e);
        }
    }

    static Redis startRedis(int requestedPort) {
        int port = requestedPort == 0 ? freePort() : requestedPort;
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new Redis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis on port " + port, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for embedded Redis", e);
        }
    }
}
