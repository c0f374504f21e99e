package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The real HTTP API on a random port, with a JDK client pointed at it. Every reply is checked against the OpenAPI
 * document ({@link OpenApiValidator}): a documented operation answering with an undocumented status, header or body
 * fails the test that sent the request.
 */
final class RunningApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile boolean stopped;

    RunningApi(HttpApi api) {
        this.app = api.app().start("127.0.0.1", 0);
        // Read once: Jetty reports no local port after the connector closes, and tests address the stopped server.
        this.port = app.port();
    }

    Javalin app() {
        return app;
    }

    int port() {
        return port;
    }

    /** Stops through {@link HttpApi#stopGracefully(Javalin)}; {@link #close()} does nothing afterwards. */
    boolean stopGracefully() {
        stopped = true;
        return HttpApi.stopGracefully(app);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    Reply get(String path) {
        return send(request(path).GET());
    }

    Reply postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
            OpenApiValidator.served().assertConforms(new OpenApiValidator.Exchange(built.method(),
                    built.uri().getRawPath(), response.statusCode(), response.headers(), response.body()));
            return new Reply(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes the JDK client refuses to produce (bad URIs, huge headers) and returns the raw response. */
    String raw(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!stopped) {
                app.stop();
            }
        } finally {
            // Its selector thread and pooled connections would otherwise outlive the test.
            client.shutdownNow();
        }
    }

    record Reply(HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        String requestId() {
            return header("X-Request-Id");
        }

        String body() {
            return response.body();
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }
    }
}
