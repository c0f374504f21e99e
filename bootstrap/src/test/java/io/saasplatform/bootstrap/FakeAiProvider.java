package io.saasplatform.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test plumbing: an in-process OpenAI-compatible chat-completions stub on a random loopback port, scripted per test
 * (answer, status, headers, hold until released) and recording every request it receives.
 *
 * <p>Built on the JDK's own HTTP server rather than WireMock: WireMock 3 brings Jetty 11, whose {@code jetty-server}
 * would replace the Jetty 12 that Javalin runs on in this module's class path.
 */
final class FakeAiProvider implements AutoCloseable {
    static final String MODEL = "stub-model-1";

    /** One scripted answer. */
    record Reply(int status, Map<String, String> headers, String body, CountDownLatch holdUntil) {
        Reply heldUntil(CountDownLatch gate) {
            return new Reply(status, headers, body, gate);
        }
    }

    /** What the stub received. */
    record Received(String path, String authorization, JsonNode body) {}

    /** Chooses the reply to the {@code n}-th request (1-based). */
    @FunctionalInterface
    interface Script {
        Reply reply(int n, Received request);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<CountDownLatch> gates = new ConcurrentLinkedQueue<>();
    private volatile Script script = (n, request) -> completion("A stub description.", 10, 5);

    FakeAiProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to configure as {@code AI_BASE_URL}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void answer(Script script) {
        this.script = script;
    }

    void answerAlways(Reply reply) {
        answer((n, request) -> reply);
    }

    int requestCount() {
        return count.get();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    static Reply completion(String text, long promptTokens, long completionTokens) {
        ObjectNode body = RunningPlatform.JSON.createObjectNode();
        body.put("id", "chatcmpl-stub").put("object", "chat.completion").put("model", MODEL);
        body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
                .putObject("message").put("role", "assistant").put("content", text);
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return new Reply(200, Map.of(), body.toString(), null);
    }

    static Reply error(int status, Map<String, String> headers) {
        String body = "{\"error\":{\"type\":\"stub_error\",\"message\":\"scripted failure " + status + "\"}}";
        return new Reply(status, headers, body, null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode json = bytes.length == 0 ? RunningPlatform.JSON.missingNode() : RunningPlatform.JSON.readTree(bytes);
            Received request = new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), json);
            received.add(request);
            Reply reply = script.reply(count.incrementAndGet(), request);
            if (reply.holdUntil() != null) {
                gates.add(reply.holdUntil());
                // Bounded, so that a test that forgets to open the gate cannot hang the stub's shutdown.
                reply.holdUntil().await(30, TimeUnit.SECONDS);
            }
            byte[] answer = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        } catch (IOException e) {
            // The caller gave up (its timeout) before the held answer was written: nothing to deliver.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        gates.forEach(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }
}
