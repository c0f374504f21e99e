package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers) through the real platform and a real Redis: every
 * answer of a rate-limited route carries {@code RateLimit-Policy} and {@code RateLimit}, the 2xx as well as the 401 and
 * the 429; the remaining count goes down by one per request and stops at zero; routes without a limit carry neither.
 */
class RateLimitHeadersEndToEndTest {
    private static final Pattern MEMBER = Pattern.compile("\"([a-z-]+)\";r=(\\d+);t=(\\d+)");

    @TempDir
    Path dataDir;

    @Test
    void given_tenant_creations_limited_to_three_then_remaining_counts_down_on_201_and_stays_zero_on_429() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir,
                Map.of("MAX_TENANTS_PER_USER", "0", "TENANT_CREATIONS_PER_HOUR", "3"))) {
            String token = signIn(platform, "counter@example.com");
            List<Response> answers = new ArrayList<>();
            for (String slug : List.of("count-a", "count-b", "count-c", "count-d", "count-e")) {
                answers.add(platform.post("/tenants", token,
                        Map.of("slug", slug, "name", "Shop " + slug, "defaultCurrency", "USD")));
            }

            assertThat(answers).extracting(Response::status).containsExactly(201, 201, 201, 429, 429);
            for (Response answer : answers) {
                assertThat(answer.header("RateLimit-Policy")).as("%s", answer)
                        .contains("\"tenant-creations\";q=3;w=3600");
            }
            assertThat(answers).extracting(answer -> remaining(answer, "tenant-creations"))
                    .containsExactly(2, 1, 0, 0, 0);
            for (Response answer : answers) {
                assertThat(resetSeconds(answer, "tenant-creations")).isBetween(1, 3600);
            }
            assertThat(answers.get(3).header("Retry-After")).isPresent();
            assertThat(answers.get(0).header("Retry-After")).isEmpty();
        }
    }

    @Test
    void sign_in_reports_both_of_its_limits_on_success_and_on_a_refused_token() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir, Map.of())) {
            Response first = login(platform, "both@example.com");
            Response second = login(platform, "both@example.com");
            Response refused = platform.post("/auth/login", null, Map.of("idToken", "not-a-token"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("RateLimit-Policy")).contains(
                    "\"sign-in-address\";q=10;w=60, \"sign-in-account\";q=5;w=60");
            assertThat(remaining(first, "sign-in-address")).isEqualTo(9);
            assertThat(remaining(first, "sign-in-account")).isEqualTo(4);
            assertThat(remaining(second, "sign-in-address")).isEqualTo(8);
            assertThat(remaining(second, "sign-in-account")).isEqualTo(3);
            // Counted before the token is verified; the account is unknown, so only the address limit is reported.
            assertThat(refused.status()).as("%s", refused).isEqualTo(401);
            assertThat(refused.header("RateLimit-Policy")).contains("\"sign-in-address\";q=10;w=60");
            assertThat(remaining(refused, "sign-in-address")).isEqualTo(7);
        }
    }

    @Test
    void an_invitation_answer_carries_the_tenants_invitation_limit() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir, Map.of())) {
            String tenantless = signIn(platform, "inviter@example.com");
            assertThat(platform.post("/tenants", tenantless,
                    Map.of("slug", "inviting", "name", "Inviting", "defaultCurrency", "USD")).status()).isEqualTo(201);
            Response switched = platform.post("/auth/switch-tenant", tenantless, Map.of("tenantSlug", "inviting"));
            String owner = switched.text("/accessToken");

            Response invited = platform.post("/tenants/me/invitations", owner,
                    Map.of("email", "guest@example.com", "role", "staff"));
            Response again = platform.post("/tenants/me/invitations", owner,
                    Map.of("email", "other@example.com", "role", "staff"));

            assertThat(invited.status()).as("%s", invited).isEqualTo(201);
            assertThat(invited.header("RateLimit-Policy").orElseThrow()).startsWith("\"invitations\";q=");
            assertThat(remaining(again, "invitations")).isEqualTo(remaining(invited, "invitations") - 1);
        }
    }

    @Test
    void routes_without_a_limit_carry_no_ratelimit_headers() {
        TestRedis.flushAll();
        try (RunningPlatform platform = RunningPlatform.start(dataDir, Map.of())) {
            String token = signIn(platform, "plain@example.com");

            for (Response answer : List.of(
                    platform.get("/auth/me", token),
                    platform.get("/tenants", token),
                    platform.get("/health/live", null))) {
                assertThat(answer.status()).as("%s", answer).isEqualTo(200);
                assertThat(answer.header("RateLimit")).as("%s", answer).isEmpty();
                assertThat(answer.header("RateLimit-Policy")).as("%s", answer).isEmpty();
            }
        }
    }

    private static Response login(RunningPlatform platform, String email) {
        Response idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", email));
        return platform.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")));
    }

    private static String signIn(RunningPlatform platform, String email) {
        Response login = login(platform, email);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return login.text("/accessToken");
    }

    private static int remaining(Response answer, String policy) {
        return Integer.parseInt(member(answer, policy).group(2));
    }

    private static int resetSeconds(Response answer, String policy) {
        return Integer.parseInt(member(answer, policy).group(3));
    }

    private static Matcher member(Response answer, String policy) {
        String header = answer.header("RateLimit").orElseThrow(() -> new AssertionError("no RateLimit on " + answer));
        Matcher matcher = MEMBER.matcher(header);
        while (matcher.find()) {
            if (matcher.group(1).equals(policy)) {
                return matcher;
            }
        }
        throw new AssertionError("no " + policy + " in RateLimit: " + header);
    }
}
