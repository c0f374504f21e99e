package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency-Key end to end, on the real platform over PostgreSQL and Redis: a retry replays the first answer and
 * runs nothing again (no second product, invitation email, tenant or AI charge).
 */
class IdempotencyEndToEndTest {
    private static final AtomicInteger SHOPS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;

    @BeforeAll
    static void startPlatform() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of());
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @BeforeEach
    void resetSignInRateLimits() {
        TestRedis.flushAll();
    }

    private record Shop(String token, UUID id) {}

    private static Shop newShop() {
        int n = SHOPS.incrementAndGet();
        String slug = "idem-" + n + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String token = platform.ownerOfNewShop("idem" + n + "@example.com", slug, "KWD");
        return new Shop(token, platform.tenantId(token));
    }

    private static Response post(String path, String token, Object body, String key) {
        return platform.send("POST", path, token, body, "Idempotency-Key", key);
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    @Test
    void given_twenty_concurrent_identical_creations_then_one_product_and_twenty_identical_answers() throws Exception {
        Shop shop = newShop();
        String key = newKey();
        Map<String, Object> boot = Map.of("name", "Boot", "price", "12.500");
        int clients = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Response> answers = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<Response> attempt = () -> {
                    start.await();
                    return post("/tenants/me/products", shop.token(), boot, key);
                };
                futures.add(pool.submit(attempt));
            }
            start.countDown();
            for (Future<Response> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as("%s", answer).isEqualTo(201));
        Set<String> bodies = answers.stream().map(answer -> answer.raw().body()).collect(Collectors.toSet());
        Set<String> locations = answers.stream().map(answer -> answer.header("Location").orElseThrow())
                .collect(Collectors.toSet());
        assertThat(bodies).hasSize(1);
        assertThat(locations).hasSize(1);
        assertThat(answers.stream().filter(answer -> answer.header("Idempotent-Replayed").isPresent()).count())
                .isEqualTo(clients - 1);
        assertThat(platform.queryLong("SELECT count(*) FROM products WHERE tenant_id = ?", shop.id())).isEqualTo(1);
        assertThat(platform.queryLong("SELECT count(*) FROM idempotency_keys WHERE tenant_id = ? AND state = 'done'",
                shop.id())).isEqualTo(1);
    }

    @Test
    void given_an_invitation_retried_with_its_key_then_one_invitation_and_one_email() {
        Shop shop = newShop();
        String key = newKey();
        Map<String, Object> bob = Map.of("email", "bob-" + key + "@example.com", "role", "staff");

        Response first = post("/tenants/me/invitations", shop.token(), bob, key);
        Response retry = post("/tenants/me/invitations", shop.token(), bob, key);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        Response readBack = platform.get(first.header("Location").orElseThrow(), shop.token());
        assertThat(readBack.status()).as("%s", readBack).isEqualTo(200);
        assertThat(readBack.text("/id")).isEqualTo(first.text("/id"));
        assertThat(platform.queryLong("SELECT count(*) FROM invitations WHERE tenant_id = ?", shop.id())).isEqualTo(1);
        assertThat(platform.queryLong("SELECT count(*) FROM outbox_messages WHERE tenant_id = ?", shop.id()))
                .isEqualTo(1);
    }

    @Test
    void given_an_ai_description_retried_with_its_key_then_the_quota_is_charged_once() {
        Shop shop = newShop();
        Response product = platform.post("/tenants/me/products", shop.token(), Map.of("name", "Boot", "price", "1"));
        String path = "/tenants/me/products/" + product.text("/id") + "/ai/description";
        String key = newKey();

        Response first = post(path, shop.token(), Map.of("tone", "friendly"), key);
        Response retry = post(path, shop.token(), Map.of("tone", "friendly"), key);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(platform.queryLong("SELECT count(*) FROM ai_usage WHERE tenant_id = ?", shop.id())).isEqualTo(1);
    }

    @Test
    void given_a_tenant_creation_retried_with_its_key_then_one_tenant_keyed_by_the_user() {
        Response idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", "opener@example.com"));
        String token = platform.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")))
                .text("/accessToken");
        String slug = "opened-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Map<String, Object> shop = Map.of("slug", slug, "name", "Opened", "defaultCurrency", "USD");
        String key = newKey();

        Response first = post("/tenants", token, shop, key);
        Response retry = post("/tenants", token, shop, key);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.raw().body()).isEqualTo(first.raw().body());
        assertThat(platform.queryLong("SELECT count(*) FROM tenants WHERE slug = ?", slug)).isEqualTo(1);
        assertThat(platform.queryLong("SELECT count(*) FROM user_idempotency_keys WHERE idempotency_key = ?", key))
                .isEqualTo(1);
    }

    @Test
    void given_a_used_key_when_sending_another_body_then_422_and_nothing_created() {
        Shop shop = newShop();
        String key = newKey();
        post("/tenants/me/categories", shop.token(), Map.of("name", "Shoes"), key);

        Response other = post("/tenants/me/categories", shop.token(), Map.of("name", "Hats"), key);

        assertThat(other.status()).as("%s", other).isEqualTo(422);
        assertThat(other.text("/code")).isEqualTo("idempotency-key-reused");
        assertThat(platform.queryLong("SELECT count(*) FROM categories WHERE tenant_id = ?", shop.id())).isEqualTo(1);
    }

    @Test
    void given_a_key_longer_than_255_characters_then_400_naming_the_header_and_nothing_created() {
        Shop shop = newShop();

        Response answer = post("/tenants/me/categories", shop.token(), Map.of("name", "Shoes"), "k".repeat(256));

        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.text("/field")).isEqualTo("Idempotency-Key");
        assertThat(platform.queryLong("SELECT count(*) FROM categories WHERE tenant_id = ?", shop.id())).isEqualTo(0);
    }
}
