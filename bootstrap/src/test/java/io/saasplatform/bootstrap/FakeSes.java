package io.saasplatform.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Test plumbing: an in-process stand-in for the SES v2 {@code SendEmail} REST API (JDK HTTP server, for the reason
 * given on {@link FakeAiProvider}), scripted per request number and recording when each request arrived. Signing
 * and the request's shape are asserted against WireMock in {@code adapter-aws}; here it plays the remote service.
 */
final class FakeSes implements AutoCloseable {
    /** One scripted answer: HTTP status and SES error type (null when accepted). */
    record Reply(int status, String errorType) {
        static Reply accepted() {
            return new Reply(200, null);
        }
    }

    /** What arrived, and when. */
    record Received(Instant at, String authorization, JsonNode body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile IntFunction<Reply> script = n -> Reply.accepted();

    FakeSes() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/v2/email/outbound-emails", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(IntFunction<Reply> script) {
        this.script = script;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            received.add(new Received(Instant.now(), exchange.getRequestHeaders().getFirst("Authorization"),
                    RunningPlatform.JSON.readTree(bytes)));
            int n = count.incrementAndGet();
            Reply reply = script.apply(n);
            String body = reply.errorType() == null
                    ? "{\"MessageId\":\"ses-message-" + n + "\"}"
                    : "{\"message\":\"scripted " + reply.errorType() + "\"}";
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.errorType() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType());
            }
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
