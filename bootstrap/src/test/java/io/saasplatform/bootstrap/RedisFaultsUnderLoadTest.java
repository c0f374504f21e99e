package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped under a steady 50 requests/s of mixed traffic (storefront reads, dashboard writes, AI calls), then
 * started again empty (issue 14 part 6): AI answers 503 problem+json with Retry-After and never runs unmetered, the
 * catalog and the storefront stay 200, readiness stays 200 and says DEGRADED, and once Redis is back metering resumes
 * with the quota's {@code used} equal to the ledger. Prints its figures.
 */
class RedisFaultsUnderLoadTest {
    private static final int RATE_PER_SECOND = 50;

    @TempDir
    Path dataDir;

    private RunningPlatform platform;

    @AfterEach
    void close() {
        TestRedis.start();
        if (platform != null) {
            platform.close();
        }
    }

    /** One answered (or failed) request of the load. */
    private record Outcome(long sentAtNanos, String kind, int status, long millis, boolean problem, boolean retryAfter,
            String error) {
        long answeredAtNanos() {
            return sentAtNanos + TimeUnit.MILLISECONDS.toNanos(millis);
        }
    }

    /** Mixed traffic at a fixed rate until closed: storefront and catalog reads, product writes and AI calls. */
    private static PacedLoad<Outcome> load(RunningPlatform platform, String token, String productId) {
        String aiPath = "/tenants/me/products/" + productId + "/ai/description";
        return PacedLoad.start("redis-load", RATE_PER_SECOND, n -> {
            long start = System.nanoTime();
            String kind;
            Response response;
            try {
                switch (n % 4) {
                    case 0 -> {
                        kind = "storefront";
                        response = platform.get("/storefront/redis-faults/products", null);
                    }
                    case 1 -> {
                        kind = "catalog";
                        response = platform.get("/tenants/me/products", token);
                    }
                    case 2 -> {
                        kind = "write";
                        response = platform.post("/tenants/me/products", token,
                                Map.of("name", "Load product " + n, "price", "1.250"));
                    }
                    default -> {
                        kind = "ai";
                        response = platform.post(aiPath, token, Map.of());
                    }
                }
            } catch (UncheckedIOException e) {
                return new Outcome(start, "io-error", -1, millisSince(start), false, false,
                        String.valueOf(e.getCause()));
            }
            return new Outcome(start, kind, response.status(), millisSince(start), response.isProblem(),
                    response.header("Retry-After").isPresent(), null);
        });
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The outcomes of the requests sent at or after {@code from} and answered before {@code to}. */
    private static List<Outcome> answeredBetween(PacedLoad<Outcome> load, long fromNanos, long toNanos) {
        return load.matching(o -> o.sentAtNanos() >= fromNanos && o.answeredAtNanos() < toNanos);
    }

    @Test
    void given_redis_stopped_for_5_s_under_load_then_ai_is_503_the_rest_200_readiness_degraded_and_used_equals_the_ledger()
            throws Exception {
        TestRedis.flushAll();
        // Budgets on, far from their limits: their reservations take part in the outage and the recovery too.
        platform = RunningPlatform.start(dataDir, Map.of(
                "AI_USER_MONTHLY_TOKEN_LIMIT", "100000000", "AI_GLOBAL_MONTHLY_TOKEN_LIMIT", "100000000"));
        String token = platform.ownerOfNewShop("owner@redis-faults.example.com", "redis-faults", "KWD");
        Response product = platform.post("/tenants/me/products", token,
                Map.of("name", "Mug", "price", "4.250", "status", "published"));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        UUID tenant = platform.tenantId(token);

        List<Response> readinessDuring = new ArrayList<>();
        long outageStart;
        long outageEnd;
        try (PacedLoad<Outcome> load = load(platform, token, product.text("/id"))) {
            awaitSteady(load);
            outageStart = System.nanoTime();
            TestRedis.stop();
            try {
                // Readiness is probed like the ALB would, once a second through the outage.
                for (int i = 0; i < 5; i++) {
                    await(Duration.ofSeconds(1));
                    readinessDuring.add(platform.get("/health/ready", null));
                }
            } finally {
                TestRedis.start();
            }
            outageEnd = System.nanoTime();
            await(Duration.ofSeconds(8));

            List<Outcome> all = load.all();
            List<Outcome> before = answeredBetween(load, 0, outageStart);
            // Sent after the stop (plus the command timeout, for calls already past their reservation) and answered
            // before Redis returned.
            List<Outcome> during = answeredBetween(load, outageStart + TimeUnit.MILLISECONDS.toNanos(700), outageEnd);
            List<Outcome> recovered = answeredBetween(load, outageEnd + TimeUnit.SECONDS.toNanos(5), Long.MAX_VALUE);
            System.out.printf("redis outage: %d requests; before %s; during %s; after 5 s %s; slowest %d ms;"
                    + " client errors %s%n", all.size(), byKind(before), byKind(during), byKind(recovered),
                    all.stream().mapToLong(Outcome::millis).max().orElse(0),
                    all.stream().filter(o -> o.error() != null).map(Outcome::error).distinct().limit(3).toList());

            assertThat(all).as("no 5xx but 503, no broken connection")
                    .noneMatch(o -> o.status() >= 500 && o.status() != 503).noneMatch(o -> o.status() == -1);
            assertThat(before).isNotEmpty().allMatch(o -> o.status() < 400);
            assertThat(during.stream().filter(o -> o.kind().equals("ai")).toList()).as("AI during the outage")
                    .isNotEmpty().allMatch(o -> o.status() == 503 && o.problem() && o.retryAfter())
                    .allMatch(o -> o.millis() < 3_000);
            assertThat(during.stream().filter(o -> !o.kind().equals("ai")).toList())
                    .as("storefront, catalog reads and writes during the outage")
                    .isNotEmpty().allMatch(o -> o.status() < 400);
            assertThat(recovered).as("everything, AI included, within 5 s of Redis's return").isNotEmpty()
                    .allMatch(o -> o.status() < 400)
                    .anyMatch(o -> o.kind().equals("ai"));
        }
        assertThat(readinessDuring).allSatisfy(ready -> assertThat(ready.status()).as("%s", ready).isEqualTo(200));
        assertThat(readinessDuring).anySatisfy(ready -> {
            assertThat(ready.text("/status")).isEqualTo("DEGRADED");
            assertThat(ready.text("/checks/redis/status")).isEqualTo("DOWN");
        });

        // A usage read delivers any settle still waiting; then Redis counts exactly what the ledger holds.
        Response usage = platform.get("/tenants/me/ai/usage", token);
        assertThat(usage.status()).as("%s", usage).isEqualTo(200);
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        long ledger = platform.queryLong(
                "SELECT COALESCE(sum(input_tokens + output_tokens), 0) FROM ai_usage WHERE tenant_id = ?", tenant);
        Map<String, String> quota = RedisProbe.quota(tenant, period);
        System.out.printf("redis outage: ledger %d tokens, quota %s%n", ledger, quota);
        assertThat(ledger).isPositive();
        assertThat(quota).containsEntry("seeded", "1").containsEntry("used", Long.toString(ledger))
                .containsEntry("reserved", "0");
        assertThat(usage.body().get("used").asLong()).isEqualTo(ledger);
    }

    /**
     * Bounded wait until the platform keeps up with the load (a freshly started JVM on a shared 2-core machine does
     * not at first): one second in which every answer is a success within 1 s. The outage starts from there.
     */
    private static void awaitSteady(PacedLoad<Outcome> load) {
        await(Duration.ofSeconds(3));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            long to = System.nanoTime();
            long from = to - TimeUnit.SECONDS.toNanos(2);
            List<Outcome> window = answeredBetween(load, from, to);
            long sent = load.all().stream().filter(o -> o.sentAtNanos() >= from && o.sentAtNanos() < to).count();
            if (window.size() >= RATE_PER_SECOND && window.size() == sent
                    && window.stream().allMatch(o -> o.status() > 0 && o.status() < 400 && o.millis() < 1_000)) {
                return;
            }
            await(Duration.ofMillis(500));
        }
        throw new AssertionError("the platform did not keep up with " + RATE_PER_SECOND + " requests/s within 60 s");
    }

    private static String byKind(List<Outcome> outcomes) {
        Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.computeIfAbsent(o.kind(), k -> new TreeMap<>()).merge(o.status(), 1, Integer::sum));
        return counts.toString();
    }

    private static void await(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
