package io.saasplatform.adapter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** Test fixture: a throw-away Redis on a free local port that can be stopped and started again on the same port. */
final class EmbeddedRedis implements AutoCloseable {
    private final int port = freePort();
    private RedisServer server;

    EmbeddedRedis() {
        start();
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    void start() {
        try {
            server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    // Nothing to keep: without this Redis writes dump.rdb into the module directory on shutdown.
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
