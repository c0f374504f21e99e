package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user limits on opening tenants, through the real platform: each tenant brings its own AI quota, so a script
 * looping "create tenant, switch, call AI" must run into a clear problem, not multiply the quota.
 */
class TenantLimitsEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void given_a_user_at_the_cap_when_opening_another_tenant_then_409_problem_and_nothing_created() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir,
                Map.of("MAX_TENANTS_PER_USER", "2", "TENANT_CREATIONS_PER_HOUR", "3"))) {
            String token = signIn(platform, "looper@example.com");
            assertThat(open(platform, token, "loop-a").status()).isEqualTo(201);
            assertThat(open(platform, token, "loop-b").status()).isEqualTo(201);

            Response capped = open(platform, token, "loop-c");

            assertThat(capped.status()).as("%s", capped).isEqualTo(409);
            assertThat(capped.isProblem()).isTrue();
            assertThat(capped.text("/detail")).contains("own 2 tenants");
            assertThat(platform.queryLong("SELECT count(*) FROM tenants WHERE slug = 'loop-c'")).isZero();
        }
    }

    @Test
    void given_a_user_opening_tenants_faster_than_the_hourly_rate_then_429_with_retry_after() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir,
                Map.of("MAX_TENANTS_PER_USER", "0", "TENANT_CREATIONS_PER_HOUR", "2"))) {
            String token = signIn(platform, "fast@example.com");
            assertThat(open(platform, token, "fast-a").status()).isEqualTo(201);
            assertThat(open(platform, token, "fast-b").status()).isEqualTo(201);

            Response limited = open(platform, token, "fast-c");

            assertThat(limited.status()).as("%s", limited).isEqualTo(429);
            assertThat(limited.isProblem()).isTrue();
            assertThat(limited.header("Retry-After")).isPresent();
            assertThat(limited.header("RateLimit-Policy")).contains("\"tenant-creations\";q=2;w=3600");
            assertThat(limited.header("RateLimit").orElseThrow()).startsWith("\"tenant-creations\";r=0;t=");
            assertThat(platform.queryLong("SELECT count(*) FROM tenants WHERE slug = 'fast-c'")).isZero();
        }
    }

    private static String signIn(RunningPlatform platform, String email) {
        Response idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", email));
        Response login = platform.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.text("/accessToken");
    }

    private static Response open(RunningPlatform platform, String token, String slug) {
        return platform.post("/tenants", token, Map.of("slug", slug, "name", "Shop " + slug, "defaultCurrency", "USD"));
    }
}
