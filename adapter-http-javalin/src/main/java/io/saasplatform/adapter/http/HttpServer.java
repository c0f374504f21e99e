package io.saasplatform.adapter.http;

import io.javalin.Javalin;
import java.util.Objects;

/**
 * Driving adapter lifecycle: a started {@link HttpApi}, so that the composition root can run and stop the API
 * without depending on the web framework.
 */
public final class HttpServer implements AutoCloseable {
    private final Javalin app;
    private final int port;
    private boolean stopped;

    private HttpServer(Javalin app) {
        this.app = app;
        // Jetty reports no port once stopped; remember it while it is known.
        this.port = app.port();
    }

    /** Builds the API's app and starts it on {@code host:port} ({@code port} 0 picks a free port). */
    public static HttpServer start(HttpApi api, String host, int port) {
        Objects.requireNonNull(api, "api");
        Javalin app = api.app();
        app.start(host, port);
        return new HttpServer(app);
    }

    public int port() {
        return port;
    }

    /**
     * Stops accepting requests and drains in-flight ones up to the drain timeout; true when all finished in time.
     * Idempotent.
     */
    public synchronized boolean stopGracefully() {
        if (stopped) {
            return true;
        }
        stopped = true;
        return HttpApi.stopGracefully(app);
    }

    @Override
    public void close() {
        stopGracefully();
    }
}
