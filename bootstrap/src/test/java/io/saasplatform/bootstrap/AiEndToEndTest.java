package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.FakeAiProvider.Reply;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AI features over HTTP against the real platform: real PostgreSQL (ledger, overrides), real Redis (quota), and an
 * in-process OpenAI-compatible stub as the provider. Each test starts its own platform, so each has its own circuit
 * breaker and database.
 */
class AiEndToEndTest {
    private static final String DEFAULT_LIMIT = "50000";
    private static final String FEATURE = "product-description";
    private static final String QUOTA_EXCEEDED = "tag:saasplatform.io,2026:problems/quota-exceeded";
    private static final String SERVICE_UNAVAILABLE = "tag:saasplatform.io,2026:problems/service-unavailable";

    @TempDir
    Path dataDir;

    private final FakeAiProvider provider = new FakeAiProvider();
    private final List<RunningPlatform> started = new ArrayList<>();

    @BeforeEach
    void cleanRedis() {
        TestRedis.flushAll();
    }

    @AfterEach
    void stopEverything() {
        try {
            started.forEach(RunningPlatform::close);
        } finally {
            provider.close();
            // A test that stopped Redis and failed half-way must not leave it down for the next class.
            TestRedis.start();
        }
    }

    private RunningPlatform platform(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AI_API_KEY", "test-key");
        env.put("AI_BASE_URL", provider.baseUrl());
        env.put("AI_TIMEOUT_SECONDS", "1");
        env.put("AI_MONTHLY_TOKEN_LIMIT", DEFAULT_LIMIT);
        env.putAll(extra);
        env.values().removeIf(String::isEmpty);
        RunningPlatform platform = RunningPlatform.start(dataDir, env);
        started.add(platform);
        return platform;
    }

    private RunningPlatform platform() {
        return platform(Map.of());
    }

    /** A shop with one published product, and the owner's token. */
    private record Shop(String token, UUID tenant, String productId) {
        String describePath() {
            return "/tenants/me/products/" + productId + "/ai/description";
        }
    }

    private static Shop shop(RunningPlatform platform, String slug) {
        String token = platform.ownerOfNewShop("owner@" + slug + ".example.com", slug, "KWD");
        Response product = platform.post("/tenants/me/products", token, Map.of(
                "name", "Hand-thrown stoneware mug", "price", "12.500", "status", "published",
                "description", "Glazed in deep blue."));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        return new Shop(token, platform.tenantId(token), product.text("/id"));
    }

    private static Response describe(RunningPlatform platform, Shop shop, Map<String, Object> body) {
        return platform.post(shop.describePath(), shop.token(), body);
    }

    private static String period() {
        return YearMonth.now(ZoneOffset.UTC).toString();
    }

    private static long ledgerSum(RunningPlatform platform, UUID tenant) {
        return platform.queryLong(
                "SELECT COALESCE(sum(input_tokens + output_tokens), 0) FROM ai_usage WHERE tenant_id = ?", tenant);
    }

    private static long ledgerRows(RunningPlatform platform, UUID tenant) {
        return platform.queryLong("SELECT count(*) FROM ai_usage WHERE tenant_id = ?", tenant);
    }

    private static long liveHolds(UUID tenant) {
        return (Long) RedisProbe.command("ZCARD", "quota:{" + tenant + "}:holds:" + period());
    }

    private static long retryAfterSeconds(Response response) {
        return Long.parseLong(response.header("Retry-After").orElseThrow(
                () -> new AssertionError("no Retry-After on " + response)));
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; true when it held. */
    private static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            // A pause between polls, not a wait for the outcome: the deadline decides.
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return condition.getAsBoolean();
    }

    // --- a. the happy path

    @Test
    void given_provider_answer_when_describing_product_then_text_usage_and_quota_returned_and_applied_on_request() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "mugs");
        provider.answerAlways(FakeAiProvider.completion("  A sturdy mug, thrown by hand and glazed deep blue.  ",
                120, 30));

        Response draft = describe(platform, shop, Map.of("tone", "warm", "maxWords", 50));

        assertThat(draft.status()).as("%s", draft).isEqualTo(200);
        assertThat(draft.header("Cache-Control")).hasValue("no-store");
        assertThat(draft.text("/text")).isEqualTo("A sturdy mug, thrown by hand and glazed deep blue.");
        assertThat(draft.body().at("/usage/inputTokens").asLong()).isEqualTo(120);
        assertThat(draft.body().at("/usage/outputTokens").asLong()).isEqualTo(30);
        assertThat(draft.body().at("/usage/totalTokens").asLong()).isEqualTo(150);
        assertThat(draft.body().at("/quota/limit").asLong()).isEqualTo(Long.parseLong(DEFAULT_LIMIT));
        assertThat(draft.body().at("/quota/used").asLong()).isEqualTo(150);
        assertThat(draft.body().at("/quota/remaining").asLong()).isEqualTo(Long.parseLong(DEFAULT_LIMIT) - 150);
        assertThat(draft.text("/quota/resetsAt"))
                .isEqualTo(YearMonth.now(ZoneOffset.UTC).plusMonths(1).atDay(1) + "T00:00:00Z");
        assertThat(draft.text("/provider")).isEqualTo("openai-compatible");
        assertThat(draft.text("/model")).isEqualTo(FakeAiProvider.MODEL);
        assertThat(draft.body().get("local").asBoolean()).isFalse();
        assertThat(draft.body().get("product").isNull()).isTrue();
        assertThat(platform.get("/tenants/me/products/" + shop.productId(), shop.token()).text("/description"))
                .as("not applied").isEqualTo("Glazed in deep blue.");

        FakeAiProvider.Received sent = provider.received().getFirst();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.authorization()).isEqualTo("Bearer test-key");
        assertThat(sent.body().get("max_tokens").asInt()).isEqualTo(100);
        assertThat(sent.body().get("messages").toString()).contains("Hand-thrown stoneware mug").contains("warm");

        Response applied = describe(platform, shop, Map.of("apply", true));
        assertThat(applied.status()).as("%s", applied).isEqualTo(200);
        assertThat(applied.text("/product/description")).isEqualTo(applied.text("/text"));
        assertThat(applied.body().at("/quota/used").asLong()).isEqualTo(300);
        Response product = platform.get("/tenants/me/products/" + shop.productId(), shop.token());
        assertThat(product.text("/description")).isEqualTo("A sturdy mug, thrown by hand and glazed deep blue.");
        assertThat(product.header("ETag")).hasValue("\"v2\"");

        Response usage = platform.get("/tenants/me/ai/usage", shop.token());
        assertThat(usage.status()).as("%s", usage).isEqualTo(200);
        assertThat(usage.text("/period")).isEqualTo(period());
        assertThat(usage.body().get("used").asLong()).isEqualTo(300);
        assertThat(usage.body().get("limit").asLong()).isEqualTo(Long.parseLong(DEFAULT_LIMIT));
        assertThat(usage.body().get("remaining").asLong()).isEqualTo(Long.parseLong(DEFAULT_LIMIT) - 300);
        assertThat(usage.body().at("/byFeature/" + FEATURE).asLong()).isEqualTo(300);
        assertThat(usage.text("/provider")).isEqualTo("openai-compatible");
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(300);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used")).isEqualTo(300);
    }

    // --- b. concurrency at the quota boundary

    @Test
    void given_200_concurrent_calls_at_the_quota_boundary_then_exactly_those_that_fit_succeed_and_nothing_overshoots()
            throws Exception {
        // A generous provider timeout: this test is about the quota, and 37 provider calls at once on a busy machine
        // must not turn into timeouts.
        RunningPlatform platform = platform(Map.of("AI_TIMEOUT_SECONDS", "10"));
        Shop shop = shop(platform, "rush");
        Map<String, Object> request = Map.of("maxWords", 60);

        // The estimate of this exact request, as the quota sees it: the hold of a refused reservation records it.
        platform.execute("INSERT INTO ai_quota_overrides (tenant_id, monthly_token_limit) VALUES (?, 1)", shop.tenant());
        Response probe = describe(platform, shop, request);
        assertThat(probe.status()).as("%s", probe).isEqualTo(429);
        List<String> holds = RedisProbe.keys("quota:{" + shop.tenant() + "}:hold:*");
        assertThat(holds).hasSize(1);
        Map<String, String> refused = RedisProbe.hashOf(holds.getFirst());
        assertThat(refused).containsEntry("state", "refused");
        long estimate = Long.parseLong(refused.get("estimate"));
        assertThat(probe.text("/detail")).contains("needs up to " + estimate + " tokens");
        assertThat(provider.requestCount()).isZero();

        // Actual usage equal to the estimate: settling then moves tokens from reserved to used without freeing any,
        // so exactly floor(limit / estimate) calls fit whatever order they run in.
        int granted = 37;
        long limit = granted * estimate + estimate / 2;
        long completionTokens = 20;
        provider.answerAlways(FakeAiProvider.completion("Stub text.", estimate - completionTokens, completionTokens));
        platform.execute("UPDATE ai_quota_overrides SET monthly_token_limit = ? WHERE tenant_id = ?", limit,
                shop.tenant());

        int callers = 200;
        CountDownLatch go = new CountDownLatch(1);
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return describe(platform, shop, request);
                }));
            }
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        List<Response> ok = responses.stream().filter(r -> r.status() == 200).toList();
        List<Response> tooMany = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(responses).as("only 200 and 429").allMatch(r -> r.status() == 200 || r.status() == 429);
        assertThat(ok).hasSize(granted);
        assertThat(tooMany).hasSize(callers - granted);
        assertThat(tooMany).allSatisfy(r -> {
            assertThat(r.text("/type")).isEqualTo(QUOTA_EXCEEDED);
            assertThat(retryAfterSeconds(r)).isPositive();
            assertThat(r.body().get("limit").asLong()).isEqualTo(limit);
        });
        long responseTotal = ok.stream().mapToLong(r -> r.body().at("/usage/totalTokens").asLong()).sum();
        long used = RedisProbe.quotaField(shop.tenant(), period(), "used");
        assertThat(used).isEqualTo(granted * estimate).isLessThanOrEqualTo(limit);
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);
        assertThat(ledgerRows(platform, shop.tenant())).isEqualTo(granted);
        assertThat(responseTotal).isEqualTo(used);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "reserved")).isZero();
        assertThat(liveHolds(shop.tenant())).isZero();
        assertThat(provider.requestCount()).isEqualTo(granted);
        assertThat(platform.get("/tenants/me/ai/usage", shop.token()).body().get("used").asLong()).isEqualTo(used);
        System.out.printf("quota boundary: estimate %d, limit %d, %d granted, %d refused (429), used %d%n",
                estimate, limit, ok.size(), tooMany.size(), used);
    }

    // --- c. provider failures

    /** One successful call, so that "unchanged" below means something; returns the tokens used. */
    private long spendSome(RunningPlatform platform, Shop shop) {
        provider.answerAlways(FakeAiProvider.completion("Warm-up text.", 40, 10));
        Response warmUp = describe(platform, shop, Map.of());
        assertThat(warmUp.status()).as("%s", warmUp).isEqualTo(200);
        return 50;
    }

    private void assertNothingCharged(RunningPlatform platform, Shop shop, long usedBefore, long rowsBefore) {
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used")).isEqualTo(usedBefore);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "reserved")).isZero();
        assertThat(liveHolds(shop.tenant())).isZero();
        assertThat(ledgerRows(platform, shop.tenant())).isEqualTo(rowsBefore);
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(usedBefore);
        assertThat(platform.get("/tenants/me/ai/usage", shop.token()).body().get("used").asLong())
                .isEqualTo(usedBefore);
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(503);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.text("/type")).isEqualTo(SERVICE_UNAVAILABLE);
        assertThat(response.raw().body()).doesNotContain("127.0.0.1").doesNotContain("test-key");
    }

    @Test
    void given_provider_failing_with_500_when_describing_then_503_after_three_attempts_and_nothing_charged() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "five-hundred");
        long used = spendSome(platform, shop);
        int before = provider.requestCount();
        provider.answerAlways(FakeAiProvider.error(500, Map.of()));

        Response response = describe(platform, shop, Map.of());

        assertUnavailable(response);
        assertThat(retryAfterSeconds(response)).isPositive();
        assertThat(provider.requestCount() - before).as("attempts").isEqualTo(3);
        assertNothingCharged(platform, shop, used, 1);
    }

    @Test
    void given_provider_slower_than_the_timeout_when_describing_then_503_after_one_attempt_and_nothing_charged() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "slow");
        long used = spendSome(platform, shop);
        int before = provider.requestCount();
        CountDownLatch gate = new CountDownLatch(1);
        provider.answerAlways(FakeAiProvider.completion("Too late.", 40, 10).heldUntil(gate));

        long start = System.nanoTime();
        Response response = describe(platform, shop, Map.of());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        gate.countDown();

        assertUnavailable(response);
        assertThat(retryAfterSeconds(response)).isPositive();
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1)).isLessThan(Duration.ofSeconds(5));
        assertThat(provider.requestCount() - before).as("a timed-out attempt is not retried").isEqualTo(1);
        assertNothingCharged(platform, shop, used, 1);
    }

    @Test
    void given_provider_429_asking_to_wait_beyond_the_cap_when_describing_then_503_with_its_retry_after_at_once() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "throttled");
        long used = spendSome(platform, shop);
        int before = provider.requestCount();
        provider.answerAlways(FakeAiProvider.error(429, Map.of("Retry-After", "60")));

        long start = System.nanoTime();
        Response response = describe(platform, shop, Map.of());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertUnavailable(response);
        assertThat(retryAfterSeconds(response)).isEqualTo(60);
        // Neither the provider's 60 s nor the adapter's backoff: failed at once.
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
        assertThat(provider.requestCount() - before).isEqualTo(1);
        assertNothingCharged(platform, shop, used, 1);
    }

    @Test
    void given_provider_429_with_short_retry_after_when_describing_then_retried_after_that_wait_and_charged_once() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "patient");
        Reply success = FakeAiProvider.completion("Worth the wait.", 30, 12);
        provider.answer((n, request) -> n == 1 ? FakeAiProvider.error(429, Map.of("Retry-After", "2")) : success);

        long start = System.nanoTime();
        Response response = describe(platform, shop, Map.of());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.text("/text")).isEqualTo("Worth the wait.");
        // The provider's 2 s, not the adapter's own 500 ms backoff.
        assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(provider.requestCount()).isEqualTo(2);
        assertThat(ledgerRows(platform, shop.tenant())).isEqualTo(1);
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(42);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used")).isEqualTo(42);
    }

    @Test
    void given_repeated_provider_failures_then_breaker_opens_and_calls_fail_fast_without_reaching_the_provider() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "breaker");
        long used = spendSome(platform, shop);
        provider.answerAlways(FakeAiProvider.error(503, Map.of()));

        int failedCalls = 0;
        boolean reachedProvider = true;
        while (reachedProvider && failedCalls < 10) {
            int before = provider.requestCount();
            assertUnavailable(describe(platform, shop, Map.of()));
            failedCalls++;
            reachedProvider = provider.requestCount() > before;
        }
        int attemptsWhenOpen = provider.requestCount();

        assertThat(reachedProvider).as("breaker opened within %d calls", failedCalls).isFalse();
        // Count-based: at least 10 recorded attempts (one success, the rest failures) before it may open.
        assertThat(attemptsWhenOpen).isGreaterThanOrEqualTo(10);
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            Response fast = describe(platform, shop, Map.of());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertUnavailable(fast);
            assertThat(retryAfterSeconds(fast)).isBetween(1L, 30L);
            // A call that reaches the failing provider takes at least its two backoffs (about 1.5 s).
            assertThat(elapsed).isLessThan(Duration.ofMillis(1000));
        }
        assertThat(provider.requestCount()).isEqualTo(attemptsWhenOpen);
        assertNothingCharged(platform, shop, used, 1);
        System.out.printf("breaker: opened after %d provider requests (%d failed calls)%n", attemptsWhenOpen,
                failedCalls);
    }

    // --- d. the quota store goes away and comes back

    @Test
    void given_redis_stopped_mid_run_then_ai_fails_closed_fast_catalog_keeps_working_and_restart_reseeds_from_ledger()
            throws Exception {
        // A longer provider timeout than elsewhere: one call stays in flight while Redis is being stopped.
        RunningPlatform platform = platform(Map.of("AI_TIMEOUT_SECONDS", "10"));
        Shop shop = shop(platform, "outage");
        String storefront = "/storefront/outage/products";
        long used = spendSome(platform, shop);

        CountDownLatch gate = new CountDownLatch(1);
        provider.answerAlways(FakeAiProvider.completion("Written during the outage.", 25, 15).heldUntil(gate));
        int before = provider.requestCount();
        CompletableFuture<Response> inFlight =
                CompletableFuture.supplyAsync(() -> describe(platform, shop, Map.of()));
        assertThat(eventually(Duration.ofSeconds(5), () -> provider.requestCount() > before))
                .as("call reached the provider").isTrue();
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "reserved")).isPositive();
        try {
            TestRedis.stop();
            gate.countDown();

            // Reserved before the outage, settled during it: the tokens were spent, so the ledger keeps them.
            Response settledDuringOutage = inFlight.get();
            assertThat(settledDuringOutage.status()).as("%s", settledDuringOutage).isEqualTo(200);
            used += 40;
            assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);

            int providerCalls = provider.requestCount();
            long start = System.nanoTime();
            Response refused = describe(platform, shop, Map.of());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertUnavailable(refused);
            assertThat(retryAfterSeconds(refused)).isPositive();
            assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
            assertThat(provider.requestCount()).as("no unmetered provider call").isEqualTo(providerCalls);
            assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);

            assertThat(platform.get("/tenants/me/products", shop.token()).status()).isEqualTo(200);
            assertThat(platform.get(storefront, null).status()).isEqualTo(200);
            Response usageFromLedger = platform.get("/tenants/me/ai/usage", shop.token());
            assertThat(usageFromLedger.status()).as("%s", usageFromLedger).isEqualTo(200);
            assertThat(usageFromLedger.body().get("used").asLong()).isEqualTo(used);
        } finally {
            gate.countDown();
            TestRedis.start();
        }
        RedisProbe.scriptFlush();
        assertThat(RedisProbe.keys("quota:*")).as("Redis came back empty").isEmpty();

        provider.answerAlways(FakeAiProvider.completion("Back again.", 20, 8));
        int providerCalls = provider.requestCount();
        List<Integer> statuses = new ArrayList<>();
        assertThat(eventually(Duration.ofSeconds(20), () -> {
            Response attempt = describe(platform, shop, Map.of());
            statuses.add(attempt.status());
            return attempt.status() == 200;
        })).as("AI answers again after Redis is back; statuses %s", statuses).isTrue();
        assertThat(statuses.subList(0, statuses.size() - 1)).allMatch(status -> status == 503);
        used += 28;

        assertThat(provider.requestCount()).isEqualTo(providerCalls + 1);
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);
        Map<String, String> quota = RedisProbe.quota(shop.tenant(), period());
        assertThat(quota).containsEntry("seeded", "1").containsEntry("used", Long.toString(used))
                .containsEntry("reserved", "0");
        assertThat(platform.get("/tenants/me/ai/usage", shop.token()).body().get("used").asLong()).isEqualTo(used);
    }

    @Test
    void given_redis_scripts_flushed_while_running_when_describing_then_reloaded_and_counting_continues() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "noscript");
        long used = spendSome(platform, shop);

        RedisProbe.scriptFlush();
        Response response = describe(platform, shop, Map.of());

        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.body().at("/quota/used").asLong()).isEqualTo(used + 50);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used")).isEqualTo(used + 50);
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used + 50);
    }

    @Test
    void given_calls_in_flight_when_redis_loses_its_data_then_settling_them_charges_each_call_once() throws Exception {
        RunningPlatform platform = platform(Map.of("AI_TIMEOUT_SECONDS", "10"));
        Shop shop = shop(platform, "data-loss");
        long used = spendSome(platform, shop);
        CountDownLatch gate = new CountDownLatch(1);
        provider.answerAlways(FakeAiProvider.completion("In flight.", 25, 15).heldUntil(gate));
        int inFlight = 20;
        int before = provider.requestCount();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                calls.add(pool.submit(() -> describe(platform, shop, Map.of())));
            }
            assertThat(eventually(Duration.ofSeconds(10), () -> provider.requestCount() == before + inFlight))
                    .as("every call reserved and reached the provider").isTrue();

            // What a Redis restart without persistence does to the counters, holds and settled markers.
            TestRedis.flushAll();
            gate.countDown();
            for (Future<Response> call : calls) {
                assertThat(call.get().status()).isEqualTo(200);
            }
        }
        used += inFlight * 40L;

        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);
        assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used"))
                .as("Redis used after reseeding from the ledger; ledger sum is %d", used)
                .isEqualTo(used);
    }

    @Test
    void given_redis_unreachable_only_while_a_call_settles_then_its_tokens_still_reach_the_quota() throws Exception {
        try (CuttableProxy proxy = new CuttableProxy(TestRedis.host(), TestRedis.port())) {
            RunningPlatform platform = platform(Map.of(
                    "AI_TIMEOUT_SECONDS", "10", "REDIS_URL", "redis://127.0.0.1:" + proxy.port()));
            Shop shop = shop(platform, "blip");
            long used = spendSome(platform, shop);
            CountDownLatch gate = new CountDownLatch(1);
            provider.answerAlways(FakeAiProvider.completion("Settled in the dark.", 25, 15).heldUntil(gate));
            int before = provider.requestCount();
            CompletableFuture<Response> inFlight =
                    CompletableFuture.supplyAsync(() -> describe(platform, shop, Map.of()));
            assertThat(eventually(Duration.ofSeconds(5), () -> provider.requestCount() > before)).isTrue();

            // Redis itself keeps running and keeps its data; only the platform loses it for a moment.
            proxy.cut();
            gate.countDown();
            assertThat(inFlight.get().status()).isEqualTo(200);
            used += 40;
            proxy.resume();

            provider.answerAlways(FakeAiProvider.completion("Later.", 20, 8));
            assertThat(eventually(Duration.ofSeconds(20), () -> describe(platform, shop, Map.of()).status() == 200))
                    .isTrue();
            used += 28;

            assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(used);
            assertThat(RedisProbe.quotaField(shop.tenant(), period(), "used"))
                    .as("Redis used; ledger sum is %d", used).isEqualTo(used);
            assertThat(RedisProbe.quotaField(shop.tenant(), period(), "reserved")).isZero();
        }
    }

    // --- e. tenants

    @Test
    void given_calls_of_tenant_a_then_tenant_b_sees_and_pays_nothing_and_cannot_describe_a_product_of_a() {
        RunningPlatform platform = platform();
        Shop a = shop(platform, "tenant-a");
        Shop b = shop(platform, "tenant-b");
        provider.answerAlways(FakeAiProvider.completion("Only for A.", 70, 30));
        assertThat(describe(platform, a, Map.of()).status()).isEqualTo(200);
        assertThat(describe(platform, a, Map.of("apply", true)).status()).isEqualTo(200);
        int providerCalls = provider.requestCount();

        Response crossTenant = platform.post(a.describePath(), b.token(), Map.of("apply", true));

        assertThat(crossTenant.status()).as("%s", crossTenant).isEqualTo(404);
        assertThat(provider.requestCount()).isEqualTo(providerCalls);
        Response usageB = platform.get("/tenants/me/ai/usage", b.token());
        assertThat(usageB.body().get("used").asLong()).isZero();
        assertThat(usageB.body().at("/byFeature/" + FEATURE).asLong()).isZero();
        assertThat(platform.get("/tenants/me/ai/usage", a.token()).body().get("used").asLong()).isEqualTo(200);
        assertThat(ledgerRows(platform, a.tenant())).isEqualTo(2);
        assertThat(ledgerRows(platform, b.tenant())).isZero();
        assertThat(platform.queryLong("SELECT count(*) FROM ai_usage")).isEqualTo(2);
        assertThat(RedisProbe.quotaField(a.tenant(), period(), "used")).isEqualTo(200);
        assertThat(RedisProbe.quotaField(b.tenant(), period(), "used")).isZero();
        assertThat(platform.get("/tenants/me/products/" + b.productId(), b.token()).text("/description"))
                .isEqualTo("Glazed in deep blue.");
    }

    // --- f. no key, no network

    @Test
    void given_no_api_key_when_describing_then_local_deterministic_provider_answers_and_is_metered() {
        RunningPlatform platform = platform(Map.of("AI_API_KEY", "", "AI_BASE_URL", ""));
        Shop shop = shop(platform, "offline");

        Response first = describe(platform, shop, Map.of("maxWords", 20));
        Response second = describe(platform, shop, Map.of("maxWords", 20));

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.text("/provider")).isEqualTo("local-deterministic");
        assertThat(first.body().get("local").asBoolean()).isTrue();
        assertThat(first.text("/model")).isEqualTo("local-deterministic-v1");
        assertThat(first.text("/text")).startsWith("[local-draft-").isEqualTo(second.text("/text"));
        long total = first.body().at("/usage/totalTokens").asLong() + second.body().at("/usage/totalTokens").asLong();
        assertThat(total).isPositive();
        assertThat(ledgerSum(platform, shop.tenant())).isEqualTo(total);
        assertThat(second.body().at("/quota/used").asLong()).isEqualTo(total);
        assertThat(provider.requestCount()).isZero();
        Response usage = platform.get("/tenants/me/ai/usage", shop.token());
        assertThat(usage.text("/provider")).isEqualTo("local-deterministic");
        assertThat(usage.body().get("local").asBoolean()).isTrue();
    }

    @Test
    void given_max_words_out_of_range_when_describing_then_400_naming_it_and_nothing_charged() {
        RunningPlatform platform = platform();
        Shop shop = shop(platform, "bounds");

        Response response = describe(platform, shop, Map.of("maxWords", 401));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("/field")).isEqualTo("maxWords");
        assertThat(provider.requestCount()).isZero();
        assertThat(ledgerRows(platform, shop.tenant())).isZero();
    }
}
