package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two platform nodes against one PostgreSQL and one Redis, as ECS runs them behind a load balancer: whatever a client
 * does on one node holds on the other, because every piece of shared state lives in the database or Redis.
 */
class TwoNodesEndToEndTest {
    private static final String SECRET_KEY = Base64.getEncoder().encodeToString(
            "two-nodes-share-one-secret-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataA;

    @TempDir
    Path dataB;

    private final FakeAiProvider provider = new FakeAiProvider();
    private final List<RunningPlatform> started = new ArrayList<>();
    private RunningPlatform a;
    private RunningPlatform b;

    @BeforeEach
    void twoNodes() {
        TestRedis.flushAll();
        Map<String, String> env = Map.of(
                "SECRET_KEY", SECRET_KEY,
                "AI_API_KEY", "sk-two-nodes",
                "AI_BASE_URL", provider.baseUrl(),
                "AI_TIMEOUT_SECONDS", "10");
        a = RunningPlatform.start(dataA, env);
        started.add(a);
        // Same database, Redis and SECRET_KEY, as a real deployment; its own port, pools and data directory.
        b = a.node(Map.of("DATA_DIR", dataB.toString()));
        started.add(b);
        assertThat(a.uri("/").getPort()).isNotEqualTo(b.uri("/").getPort());
    }

    @AfterEach
    void stop() {
        try {
            // The second node first: the first owns the database.
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            provider.close();
        }
    }

    @Test
    void given_sign_in_on_a_when_refreshing_on_b_and_logging_out_on_a_then_b_refuses_the_family() {
        Response login = signIn(a, "ann@nodes.example.com");
        String first = login.refreshCookie().orElseThrow();

        Response refreshedOnB = refresh(b, first);
        assertThat(refreshedOnB.status()).as("%s", refreshedOnB).isEqualTo(200);
        String second = refreshedOnB.refreshCookie().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(a.get("/auth/me", refreshedOnB.text("/accessToken")).status()).isEqualTo(200);

        assertThat(a.send("POST", "/auth/logout", null, null, "Cookie", "saas_refresh=" + second).status())
                .isEqualTo(204);
        assertThat(refresh(b, second).status()).isEqualTo(401);
        assertThat(refresh(a, second).status()).isEqualTo(401);
    }

    @Test
    void given_ten_concurrent_refreshes_of_one_token_on_each_node_then_exactly_one_rotation_and_no_family_revoked()
            throws Exception {
        String original = signIn(a, "zed@nodes.example.com").refreshCookie().orElseThrow();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Response>> racers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RunningPlatform node = i % 2 == 0 ? a : b;
            racers.add(() -> {
                go.await();
                return refresh(node, original);
            });
        }
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = racers.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).extracting(Response::status).containsOnly(200);
        Set<String> successors = new HashSet<>();
        responses.forEach(r -> successors.add(r.refreshCookie().orElseThrow()));
        assertThat(successors).as("one rotation: every caller got the same successor").hasSize(1)
                .doesNotContain(original);
        // Not revoked: the successor refreshes on either node.
        assertThat(refresh(b, successors.iterator().next()).status()).isEqualTo(200);
    }

    @Test
    void given_sign_ins_for_one_account_spread_over_both_nodes_then_the_rate_limit_counts_them_together() {
        String email = "eve@nodes.example.com";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RunningPlatform node = i % 2 == 0 ? a : b;
            Response idToken = node.post("/auth/mock-idp/token", null, Map.of("email", email));
            statuses.add(node.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken"))).status());
        }
        // Five per account per minute, whichever node is asked.
        assertThat(statuses.subList(0, 5)).containsOnly(200);
        assertThat(statuses.subList(5, 8)).containsOnly(429);
    }

    @Test
    void given_ai_calls_split_across_nodes_at_the_quota_boundary_then_exactly_the_calls_that_fit_succeed()
            throws Exception {
        String token = a.ownerOfNewShop("owner@nodes.example.com", "nodes", "KWD");
        UUID tenant = a.tenantId(token);
        Response product = a.post("/tenants/me/products", token, Map.of("name", "Mug", "price", "1.000"));
        String path = "/tenants/me/products/" + product.text("/id") + "/ai/description";
        Map<String, Object> request = Map.of("maxWords", 60);

        // The estimate of this request, as a refused reservation records it.
        a.execute("INSERT INTO ai_quota_overrides (tenant_id, monthly_token_limit) VALUES (?, 1)", tenant);
        assertThat(b.post(path, token, request).status()).isEqualTo(429);
        List<String> holds = RedisProbe.keys("quota:{" + tenant + "}:hold:*");
        long estimate = Long.parseLong(RedisProbe.hashOf(holds.getFirst()).get("estimate"));

        int granted = 12;
        long limit = granted * estimate + estimate / 2;
        provider.answerAlways(FakeAiProvider.completion("Stub.", estimate - 20, 20));
        a.execute("UPDATE ai_quota_overrides SET monthly_token_limit = ? WHERE tenant_id = ?", limit, tenant);

        CountDownLatch go = new CountDownLatch(1);
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RunningPlatform node = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> {
                    go.await();
                    return node.post(path, token, request);
                }));
            }
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).extracting(Response::status).containsOnly(200, 429);
        assertThat(responses.stream().filter(r -> r.status() == 200)).hasSize(granted);
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        long used = RedisProbe.quotaField(tenant, period, "used");
        assertThat(used).isEqualTo(granted * estimate).isLessThanOrEqualTo(limit);
        assertThat(a.queryLong("SELECT COALESCE(sum(input_tokens + output_tokens), 0) FROM ai_usage WHERE tenant_id = ?",
                tenant)).isEqualTo(used);
        assertThat(provider.requestCount()).isEqualTo(granted);
    }

    private static Response signIn(RunningPlatform node, String email) {
        Response idToken = node.post("/auth/mock-idp/token", null, Map.of("email", email));
        Response login = node.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login;
    }

    private static Response refresh(RunningPlatform node, String cookie) {
        return node.send("POST", "/auth/refresh", null, null, "Cookie", "saas_refresh=" + cookie);
    }

}
