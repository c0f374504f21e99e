package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two fault cases of issue 14 on the real platform (PostgreSQL, Redis, HTTP on a random port): SIGTERM under a steady
 * load of mixed traffic, through the very method the shutdown hook calls ({@link Platform#close()}), and slow clients
 * that trickle or stall their headers and bodies. Each case prints its figures.
 */
class ShutdownAndSlowClientsTest {
    /** Below FaultsUnderLoadTest's 50/s: this box is shared by several builds, and overload is not what is tested. */
    private static final int RATE_PER_SECOND = 30;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int IDLE_TIMEOUT_SECONDS = 2;

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void cleanRedis() {
        TestRedis.flushAll();
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    // --- SIGTERM under load

    /** One answered (or failed) request of the load. */
    private record Outcome(long sentAtNanos, long answeredAtNanos, String kind, int status, boolean problem,
            String detail) {}

    /** Storefront reads, product writes and invitations at a fixed rate until closed. */
    private static PacedLoad<Outcome> load(RunningPlatform platform, String token) {
        return PacedLoad.start("drain-load", RATE_PER_SECOND, n -> {
            long start = System.nanoTime();
            String kind;
            String detail;
            Response response;
            try {
                // Mostly reads and writes; one request in ten an invitation, which the worker then delivers.
                switch (n % 10 == 0 ? 3 : n % 2) {
                    case 0 -> {
                        kind = "storefront";
                        detail = null;
                        response = platform.get("/storefront/drain/products", null);
                    }
                    case 1 -> {
                        kind = "write";
                        detail = "Drain product " + n;
                        response = platform.post("/tenants/me/products", token, Map.of("name", detail, "price", "2.500"));
                    }
                    default -> {
                        kind = "invite";
                        detail = "invitee" + n + "@drain.example.com";
                        response = platform.post("/tenants/me/invitations", token, Map.of("email", detail, "role",
                                "staff"));
                    }
                }
            } catch (UncheckedIOException e) {
                return new Outcome(start, System.nanoTime(), "io-error", -1, false, null);
            }
            return new Outcome(start, System.nanoTime(), kind, response.status(), response.isProblem(), detail);
        });
    }

    @Test
    void given_sigterm_under_load_then_in_flight_requests_finish_new_ones_are_refused_and_no_outbox_message_is_lost()
            throws Exception {
        RunningPlatform platform = RunningPlatform.start(dataDir, Map.of(
                "WORKER_POLL_INTERVAL_MS", "50",
                "WORKER_HEARTBEAT_MS", "200",
                "WORKER_DRAIN_SECONDS", "5",
                // Headroom for the three writes held in flight, on a machine that other builds share.
                "DB_POOL_SIZE", "20",
                "SECRET_KEY", "shutdown-under-load-secret-key-0123456789abcdef"));
        resources.add(platform);
        String token = platform.ownerOfNewShop("owner@drain.example.com", "drain", "KWD");
        assertThat(platform.post("/tenants/me/products", token,
                Map.of("name", "Mug", "price", "4.250", "status", "published")).status()).isEqualTo(201);

        // Writes of a second shop are held in flight at the SIGTERM: its tenant row is locked, and inserting a product
        // checks that row (the foreign key) first. The load's shop is not held.
        String heldToken = platform.ownerOfNewShop("owner@held.example.com", "held", "KWD");
        java.util.UUID heldTenant = platform.tenantId(heldToken);
        long sigtermAt;
        long stoppedAt;
        List<Future<Response>> held = new ArrayList<>();
        PacedLoad<Outcome> load = load(platform, token);
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            await(() -> load.all().size() >= RATE_PER_SECOND * 2);
            try (Connection admin = platform.adminConnection();
                    PreparedStatement lock = admin.prepareStatement("SELECT id FROM tenants WHERE id = ? FOR UPDATE")) {
                admin.setAutoCommit(false);
                lock.setObject(1, heldTenant);
                lock.executeQuery().close();
                for (int i = 0; i < 3; i++) {
                    String name = "Held product " + i;
                    held.add(writers.submit(() -> platform.post("/tenants/me/products", heldToken,
                            Map.of("name", name, "price", "3.000"))));
                }
                await(() -> platform.queryLong("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        + " AND datname = current_database()") >= 3);

                // What the shutdown hook runs on SIGTERM.
                sigtermAt = System.nanoTime();
                Thread sigterm = Thread.ofPlatform().name("sigterm").start(platform::stop);
                await(() -> !platform.answers());
                admin.rollback();
                sigterm.join(PATIENCE.toMillis());
                assertThat(sigterm.isAlive()).as("stopped within the drain timeouts").isFalse();
                stoppedAt = System.nanoTime();
            }
            // Sent for another second after the stop: all refused.
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            load.close();
        }

        List<Outcome> all = load.all();
        List<Outcome> afterStop = all.stream().filter(o -> o.sentAtNanos() > stoppedAt).toList();
        // Once the stop has begun, a request on an open keep-alive connection may be answered 503 (documented).
        List<Outcome> answeredBeforeSigterm = all.stream().filter(o -> o.answeredAtNanos() < sigtermAt).toList();
        List<Outcome> invited = all.stream().filter(o -> o.kind().equals("invite") && o.status() == 201).toList();
        System.out.printf("SIGTERM under load: %d requests; answered before the SIGTERM %s; all %s; sent after the stop"
                + " %s; in flight at the SIGTERM %s (all 201)%n", all.size(), statuses(answeredBeforeSigterm),
                statuses(all), statuses(afterStop), held.size());

        for (Future<Response> write : held) {
            assertThat(write.get().status()).as("a request in flight at the SIGTERM finishes").isEqualTo(201);
        }
        assertThat(all).as("no 5xx but the documented 503 problem of a request arriving while draining")
                .allMatch(o -> o.status() < 500 || (o.status() == 503 && o.problem()));
        assertThat(answeredBeforeSigterm).as("the load was being served").anyMatch(o -> o.status() < 400);
        assertThat(afterStop).as("new connections are refused").isNotEmpty().allMatch(o -> o.status() == -1);
        // Every write answered 201 is stored, whole; the held ones too.
        List<String> created = Stream.concat(
                        all.stream().filter(o -> o.kind().equals("write") && o.status() == 201).map(Outcome::detail),
                        Stream.of("Held product 0", "Held product 1", "Held product 2"))
                .toList();
        long stored = platform.queryLong("SELECT count(*) FROM products WHERE name = ANY (?)",
                (Object) created.toArray(String[]::new));
        assertThat(stored).isEqualTo(created.size());

        // The worker drained on the way down; a restarted node delivers what is left, each message once.
        RunningPlatform restarted = platform.node(Map.of());
        resources.add(restarted);
        await(() -> restarted.queryLong("SELECT count(*) FROM outbox_messages WHERE status <> 'delivered'") == 0);
        assertThat(restarted.queryLong("SELECT count(*) FROM outbox_messages")).isEqualTo(invited.size());
        assertThat(mails()).hasSize(invited.size());
        System.out.printf("SIGTERM under load: %d invitations answered 201, %d delivered, %d mails%n", invited.size(),
                restarted.queryLong("SELECT count(*) FROM outbox_messages WHERE status = 'delivered'"), mails().size());
    }

    private List<Path> mails() throws IOException {
        Path mailbox = dataDir.resolve("mailbox");
        if (!Files.isDirectory(mailbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).toList();
        }
    }

    // --- slow clients

    /** A raw client that sends {@code head} and then part of a body, byte by byte or not at all. */
    private record SlowClient(String name, Socket socket, byte[] trickle, Duration every) {}

    @Test
    void given_stalled_and_trickling_clients_then_the_server_cuts_them_by_its_timeouts_and_serves_others_meanwhile()
            throws Exception {
        RunningPlatform platform = RunningPlatform.start(dataDir,
                Map.of("HTTP_IDLE_TIMEOUT_SECONDS", Integer.toString(IDLE_TIMEOUT_SECONDS)));
        resources.add(platform);
        String token = platform.ownerOfNewShop("owner@slow.example.com", "slow", "KWD");
        int port = platform.uri("/").getPort();
        String body = "{\"name\":\"Slow product\",\"price\":\"1.000\"}";
        String post = "POST /tenants/me/products HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
        // The same body framed in chunks: no Content-Length, and the guard must still see it coming.
        String chunkedPost = post.replace("Content-Length: " + body.length(), "Transfer-Encoding: chunked");
        String chunkedBody = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";

        List<SlowClient> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> fates = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                fates.add(threads.submit(slow(port, "header-stalled", "GET /health/live HTTP/1.1\r\nHost: loc", "",
                        Duration.ZERO)));
                fates.add(threads.submit(slow(port, "body-stalled", post + body.substring(0, 5), "", Duration.ZERO)));
                fates.add(threads.submit(slow(port, "header-trickling", "GET /health/live HTTP/1.1\r\n",
                        "X-Slow: " + "a".repeat(60), Duration.ofMillis(100))));
                fates.add(threads.submit(slow(port, "body-trickling", post, body, Duration.ofMillis(250))));
                fates.add(threads.submit(slow(port, "chunked-body-trickling", chunkedPost, chunkedBody,
                        Duration.ofMillis(250))));
            }
            // Meanwhile, ordinary clients are served as usual.
            long start = System.nanoTime();
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(platform.get("/storefront/slow/products", null).status());
                statuses.add(platform.get("/health/live", null).status());
            }
            long servedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Future<String> fate : fates) {
                outcomes.merge(fate.get(), 1, Integer::sum);
            }
            System.out.printf("slow clients (idle timeout %d s): %s; 80 ordinary requests meanwhile in %d ms, %s%n",
                    IDLE_TIMEOUT_SECONDS, outcomes, servedMillis, new TreeMap<>(statuses.stream()
                            .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()))));

            assertThat(statuses).as("ordinary clients are served while slow ones hang on").allMatch(s -> s == 200);
            assertThat(outcomes.keySet()).as("every slow client was cut by the server, none answered as if complete")
                    .allMatch(fate -> fate.contains(" cut ("));
        }
        assertThat(platform.queryLong("SELECT count(*) FROM products WHERE name = 'Slow product'")).isZero();
    }

    /**
     * Connects, sends {@code head}, then {@code trickle} one byte every {@code every} (nothing when empty), and reports
     * how it ended: {@code "<name> cut (how)"} when the server closed the connection (or answered an error and closed
     * it) before the client had sent everything, {@code "<name> survived (how)"} otherwise.
     */
    private static java.util.concurrent.Callable<String> slow(int port, String name, String head, String trickle,
            Duration every) {
        return () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(IDLE_TIMEOUT_SECONDS * 10L));
                OutputStream out = socket.getOutputStream();
                out.write(head.getBytes(StandardCharsets.UTF_8));
                out.flush();
                byte[] bytes = trickle.getBytes(StandardCharsets.UTF_8);
                try {
                    for (byte b : bytes) {
                        LockSupport.parkNanos(every.toNanos());
                        out.write(b);
                        out.flush();
                    }
                } catch (IOException cutWhileSending) {
                    return name + " cut (closed while sending)";
                }
                InputStream in = socket.getInputStream();
                try {
                    byte[] answer = in.readAllBytes();
                    String text = new String(answer, StandardCharsets.UTF_8);
                    // Cut: closed without an answer, or with an error status (408, 400) and then closed.
                    if (text.isEmpty()) {
                        return name + " cut (closed)";
                    }
                    return text.startsWith("HTTP/1.1 4") ? name + " cut (" + text.substring(9, 12) + ")"
                            : name + " survived (" + text.substring(9, 12) + ")";
                } catch (SocketTimeoutException stillOpen) {
                    return name + " survived (still open)";
                } catch (IOException reset) {
                    return name + " cut (reset)";
                }
            }
        };
    }

    private static String statuses(List<Outcome> outcomes) {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.kind() + " " + o.status(), 1, Integer::sum));
        return counts.toString();
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
