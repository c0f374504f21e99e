package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.config.RoutesConfig;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {
    private static final long BODY_LIMIT = 64 * 1024;
    private static final Duration READINESS = Duration.ofSeconds(2);

    private final Blocking blocking = new Blocking();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private RunningApi api;

    @AfterEach
    void tearDown() {
        blocking.release();
        if (api != null) {
            api.close();
        }
        background.shutdownNow();
    }

    @Test
    void given_a_request_in_flight_when_stopping_then_new_requests_are_refused_and_the_in_flight_one_completes()
            throws Exception {
        api = start(Duration.ofSeconds(20));
        Future<Reply> inFlight = background.submit(() -> api.get("/test/blocking"));
        assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).as("handler entered").isTrue();

        Future<Boolean> stopped;
        try (KeepAlive probe = new KeepAlive(api.port())) {
            assertThat(probe.send("/health/ready").status()).isEqualTo(200);
            awaitOnlyTheBlockingRequestInFlight();

            stopped = background.submit(api::stopGracefully);
            awaitDraining();

            // A connection opened before the stop finds readiness (like anything else) answered 503 problem+json.
            KeepAlive.Response ready = probe.send("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("Content-Type")).startsWith(Problem.MEDIA_TYPE);
            assertThat(ready.header("Connection")).isEqualTo("close");
            assertThat(ready.body()).contains(JettyProblemHandler.SHUTTING_DOWN_DETAIL);
        }
        // A new request is refused: by the closed listening socket, or with 503 had it raced the connector's shutdown.
        assertRefused(() -> api.get("/health/live"));

        // Still draining after longer than the 1 s to which Jetty cuts connections' idle timeout once shutdown starts.
        assertThatThrownBy(() -> stopped.get(1500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(inFlight).isNotDone();

        blocking.release();

        Reply reply = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("finished after release");
        assertThat(stopped.get(5, TimeUnit.SECONDS)).as("drained cleanly").isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", api.port()).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void given_a_request_outliving_the_drain_timeout_when_stopping_then_it_is_cut_off_and_stop_returns()
            throws Exception {
        api = start(Duration.ofMillis(300));
        Future<Reply> inFlight = background.submit(() -> api.get("/test/blocking"));
        assertThat(blocking.entered.await(5, TimeUnit.SECONDS)).as("handler entered").isTrue();

        long started = System.nanoTime();
        boolean drained = background.submit(api::stopGracefully).get(5, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(drained).as("drained cleanly").isFalse();
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // The handler is still blocked, but its connection was closed under it.
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void given_only_idle_keep_alive_connections_when_stopping_then_stop_does_not_wait_out_the_drain_timeout()
            throws Exception {
        api = start(Duration.ofSeconds(20));
        assertThat(api.get("/health/live").status()).isEqualTo(200); // leaves an idle connection in the client's pool

        long started = System.nanoTime();
        boolean drained = background.submit(api::stopGracefully).get(10, TimeUnit.SECONDS);

        assertThat(drained).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void settings_without_a_drain_timeout_default_to_twenty_seconds() {
        assertThat(new HttpApi.Settings(BODY_LIMIT, READINESS).drainTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(HttpApi.Settings.defaults().drainTimeout()).isEqualTo(HttpApi.Settings.DEFAULT_DRAIN_TIMEOUT);
        assertThatThrownBy(() -> new HttpApi.Settings(BODY_LIMIT, READINESS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("drainTimeout");
    }

    private RunningApi start(Duration drainTimeout) {
        HttpApi.Settings settings = new HttpApi.Settings(BODY_LIMIT, READINESS, drainTimeout);
        return new RunningApi(new HttpApi(settings, List.of(), List.of(blocking)));
    }

    /**
     * Waits for the drain to begin. A probe request cannot tell: one that races the start of the shutdown is served as
     * in flight, with {@code Connection: close}, leaving nothing to probe with.
     */
    private void awaitDraining() {
        GracefulHandler graceful = api.app().jettyServer().server().getDescendant(GracefulHandler.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!graceful.isShutdown()) {
            assertThat(deadline - System.nanoTime()).as("time left for the drain to begin").isPositive();
            Thread.yield();
        }
    }

    /**
     * Waits until the server has finished the probe's exchange. The client holds the whole response a moment before
     * the server completes the exchange; a stop in that moment makes Jetty close the connection after it (as it
     * should) instead of keeping it open for the next request, and the probe would find it closed.
     */
    private void awaitOnlyTheBlockingRequestInFlight() {
        GracefulHandler graceful = api.app().jettyServer().server().getDescendant(GracefulHandler.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (graceful.getCurrentRequestCount() > 1) {
            assertThat(deadline - System.nanoTime()).as("time left for the probe's exchange to complete").isPositive();
            Thread.yield();
        }
    }

    private static void assertRefused(Supplier<Reply> request) {
        Reply reply;
        try {
            reply = request.get();
        } catch (IllegalStateException e) {
            assertThat(e).hasCauseInstanceOf(IOException.class);
            return;
        }
        assertThat(reply.status()).as("answered while draining").isEqualTo(503);
    }

    /** {@code GET /test/blocking} signals that it is running, then holds the request until released. */
    private static final class Blocking implements RouteGroup {
        final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void register(RoutesConfig routes, JsonBodies bodies) {
            routes.get("/test/blocking", ctx -> {
                entered.countDown();
                // Bounded so that a failed test cannot strand the handler's thread.
                boolean wasReleased = released.await(30, TimeUnit.SECONDS);
                ctx.result(wasReleased ? "finished after release" : "never released");
            });
        }

        void release() {
            released.countDown();
        }
    }

    /** One HTTP/1.1 connection kept open across requests, which the JDK client gives no control over. */
    private static final class KeepAlive implements AutoCloseable {
        record Response(int status, String headers, String body) {
            String header(String name) {
                return headers.lines()
                        .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                        .map(line -> line.substring(line.indexOf(':') + 1).strip())
                        .findFirst()
                        .orElse(null);
            }
        }

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        KeepAlive(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        Response send(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead();
            int status = Integer.parseInt(head.substring(9, 12));
            Response headersOnly = new Response(status, head, "");
            String length = headersOnly.header("content-length");
            byte[] body = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Response(status, head, new String(body, StandardCharsets.UTF_8));
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after " + head.size() + " bytes");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
