package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user and platform AI budgets through the real platform (issue 9 item 3): a user looping "create tenant,
 * switch, call AI" runs out of their own budget whatever tenant they are in, and when the platform's budget runs out
 * everyone gets a 429 that names it without telling its figures.
 */
class AiBudgetsEndToEndTest {
    private static final int MAX_CALLS = 200;

    @TempDir
    Path dataDir;

    @Test
    void given_user_and_platform_budgets_then_new_tenants_do_not_multiply_a_users_ai_and_the_platform_budget_stops_everyone() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir, Map.of(
                "AI_USER_MONTHLY_TOKEN_LIMIT", "3000", "AI_GLOBAL_MONTHLY_TOKEN_LIMIT", "5000"))) {
            String aliceA = platform.ownerOfNewShop("alice@budgets.example.com", "alice-a", "KWD");
            Response userRefusal = spendUntilRefused(platform, aliceA);
            assertThat(userRefusal.text("/budget")).isEqualTo("user");
            assertThat(userRefusal.body().get("limit").asLong()).isEqualTo(3000);
            assertThat(userRefusal.header("Retry-After")).isPresent();

            // A fresh tenant of the same user brings a fresh tenant quota, but not a fresh user budget.
            String aliceB = platform.ownerOfNewShop("alice@budgets.example.com", "alice-b", "KWD");
            Response inNewTenant = describe(platform, aliceB, newProduct(platform, aliceB));
            assertThat(inNewTenant.status()).as("%s", inNewTenant).isEqualTo(429);
            assertThat(inNewTenant.text("/budget")).isEqualTo("user");
            assertThat(platform.queryLong("SELECT count(*) FROM ai_usage WHERE tenant_id = ?",
                    platform.tenantId(aliceB))).isZero();

            String bob = platform.ownerOfNewShop("bob@budgets.example.com", "bob", "KWD");
            Response globalRefusal = spendUntilRefused(platform, bob);
            assertThat(globalRefusal.text("/budget")).isEqualTo("global");
            assertThat(globalRefusal.body().has("limit")).isFalse();
            assertThat(globalRefusal.body().has("used")).isFalse();
            assertThat(globalRefusal.text("/detail")).contains("platform");

            long ledger = platform.queryLong("SELECT COALESCE(sum(input_tokens + output_tokens), 0) FROM ai_usage");
            assertThat(ledger).isPositive().isLessThanOrEqualTo(5000);
            assertThat(Long.parseLong(RedisProbe.hashOf("budget:{global:all}:" + period()).get("used")))
                    .isEqualTo(ledger);
        }
    }

    private static Response spendUntilRefused(RunningPlatform platform, String token) {
        String productId = newProduct(platform, token);
        for (int i = 0; i < MAX_CALLS; i++) {
            Response response = describe(platform, token, productId);
            if (response.status() != 200) {
                assertThat(response.status()).as("%s", response).isEqualTo(429);
                assertThat(response.isProblem()).isTrue();
                assertThat(response.text("/type")).endsWith("problems/quota-exceeded");
                return response;
            }
        }
        throw new AssertionError("no refusal within " + MAX_CALLS + " calls");
    }

    private static String newProduct(RunningPlatform platform, String token) {
        Response product = platform.post("/tenants/me/products", token, Map.of("name", "Mug", "price", "4.250"));
        assertThat(product.status()).as("%s", product).isEqualTo(201);
        return product.text("/id");
    }

    private static Response describe(RunningPlatform platform, String token, String productId) {
        return platform.post("/tenants/me/products/" + productId + "/ai/description", token, Map.of());
    }

    private static String period() {
        return java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString();
    }
}
