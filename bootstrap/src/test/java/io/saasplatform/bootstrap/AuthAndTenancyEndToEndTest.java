package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Auth and tenancy over HTTP against the real platform: real PostgreSQL with RLS, real Redis, mock identity provider.
 */
class AuthAndTenancyEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REFRESH_COOKIE = Pattern.compile("saas_refresh=([^;]*)");

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Platform> started = new ArrayList<>();

    @AfterEach
    void stopPlatforms() {
        http.shutdownNow();
        started.forEach(Platform::close);
    }

    private Platform platform(Map<String, String> extra) {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        TestRedis.flushAll();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        // External servers: the mode must be explicit (mock sign-in is asked for, not fallen into).
        env.put("AUTH_MODE", "mock");
        env.put("DATABASE_URL", database.jdbcUrl() + "?user=e2e_app&password=e2e-app-password");
        env.put("DATABASE_ADMIN_URL", database.jdbcUrl() + "?user=" + database.adminUser() + "&password="
                + database.adminPassword());
        env.put("DB_OWNER_ROLE", "e2e_owner");
        env.put("DB_OWNER_PASSWORD", "e2e-owner-password");
        env.put("REDIS_URL", TestRedis.url());
        // Tests open many shops from few accounts within the hour; the limits are tested in TenantLimitsEndToEndTest.
        env.put("TENANT_CREATIONS_PER_HOUR", "10000");
        env.put("MAX_TENANTS_PER_USER", "0");
        env.put("DATA_DIR", dataDir.toString());
        env.putAll(extra);
        Platform platform = Platform.start(PlatformConfig.from(env));
        started.add(platform);
        return platform;
    }

    private record Response(int status, JsonNode body, HttpResponse<String> raw) {
        String refreshCookie() {
            return raw.headers().allValues("Set-Cookie").stream()
                    .map(REFRESH_COOKIE::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst()
                    .orElse(null);
        }
    }

    private Response call(Platform platform, String method, String path, String bearer, String cookie, Object body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            request.header("Cookie", "saas_refresh=" + cookie);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Response(response.statusCode(), json, response);
    }

    private Response login(Platform platform, String email, String tenantSlug) throws Exception {
        Response idToken = call(platform, "POST", "/auth/mock-idp/token", null, null, Map.of("email", email));
        assertThat(idToken.status()).isEqualTo(200);
        Map<String, String> body = new HashMap<>();
        body.put("idToken", idToken.body().get("idToken").asText());
        if (tenantSlug != null) {
            body.put("tenantSlug", tenantSlug);
        }
        Response login = call(platform, "POST", "/auth/login", null, null, body);
        assertThat(login.status()).isEqualTo(200);
        return login;
    }

    private static String token(Response response) {
        return response.body().get("accessToken").asText();
    }

    /** Signs in, opens a shop and returns an access token scoped to it. */
    private String ownerOfNewShop(Platform platform, String email, String slug) throws Exception {
        String tenantless = token(login(platform, email, null));
        Response created = call(platform, "POST", "/tenants", tenantless, null,
                Map.of("slug", slug, "name", "Shop " + slug, "defaultCurrency", "KWD"));
        assertThat(created.status()).isEqualTo(201);
        Response switched = call(platform, "POST", "/auth/switch-tenant", tenantless, null, Map.of("tenantSlug", slug));
        assertThat(switched.status()).isEqualTo(200);
        return token(switched);
    }

    @Test
    void given_mock_idp_token_when_login_refresh_and_logout_then_rotation_and_revocation_hold() throws Exception {
        Platform platform = platform(Map.of());
        Response login = login(platform, "ann@example.com", null);
        String first = login.refreshCookie();
        assertThat(first).isNotBlank();
        assertThat(login.raw().headers().allValues("Set-Cookie").getFirst())
                .contains("HttpOnly").contains("SameSite=Strict").contains("Path=/auth");

        Response refreshed = call(platform, "POST", "/auth/refresh", null, first, null);
        assertThat(refreshed.status()).isEqualTo(200);
        String second = refreshed.refreshCookie();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(call(platform, "GET", "/auth/me", token(refreshed), null, null).body().at("/user/email").asText())
                .isEqualTo("ann@example.com");

        assertThat(call(platform, "POST", "/auth/logout", null, second, null).status()).isEqualTo(204);
        assertThat(call(platform, "POST", "/auth/refresh", null, second, null).status()).isEqualTo(401);
    }

    @Test
    void given_rotated_token_reused_after_grace_when_refreshing_then_whole_family_revoked() throws Exception {
        Platform platform = platform(Map.of("REFRESH_GRACE_SECONDS", "0"));
        String first = login(platform, "eve@example.com", null).refreshCookie();
        String second = call(platform, "POST", "/auth/refresh", null, first, null).refreshCookie();

        assertThat(call(platform, "POST", "/auth/refresh", null, first, null).status()).isEqualTo(401);
        assertThat(call(platform, "POST", "/auth/refresh", null, second, null).status()).isEqualTo(401);
    }

    @Test
    void given_twenty_concurrent_refreshes_with_one_token_then_one_rotation_and_every_caller_holds_a_valid_token()
            throws Exception {
        Platform platform = platform(Map.of());
        String original = login(platform, "zed@example.com", null).refreshCookie();
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Response>> racers = Stream.<Callable<Response>>generate(() -> () -> {
                    go.await();
                    return call(platform, "POST", "/auth/refresh", null, original, null);
                })
                .limit(20)
                .toList();
        List<Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = racers.stream().map(pool::submit).toList();
            go.countDown();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).extracting(Response::status).containsOnly(200);
        Set<String> cookies = responses.stream().map(Response::refreshCookie).collect(Collectors.toSet());
        assertThat(cookies).hasSize(1).doesNotContain(original);
        assertThat(call(platform, "POST", "/auth/refresh", null, cookies.iterator().next(), null).status())
                .isEqualTo(200);
    }

    @Test
    void given_dev_login_when_signing_in_then_access_token_only_and_no_refresh_cookie() throws Exception {
        Platform platform = platform(Map.of());

        Response dev = call(platform, "POST", "/auth/dev-login", null, null, Map.of("email", "dev@example.com"));

        assertThat(dev.status()).isEqualTo(200);
        assertThat(dev.body().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(dev.refreshCookie()).isNull();
        assertThat(call(platform, "GET", "/auth/me", token(dev), null, null).status()).isEqualTo(200);
    }

    @Test
    void given_invitation_when_invitee_accepts_then_member_with_role_and_staff_denied_settings() throws Exception {
        Platform platform = platform(Map.of());
        String owner = ownerOfNewShop(platform, "owner@example.com", "acme");

        Response invited = call(platform, "POST", "/tenants/me/invitations", owner, null,
                Map.of("email", "bob@example.com", "role", "staff"));
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.body().has("token")).isFalse();
        String invitationToken = mailedInvitationToken();

        String bob = token(login(platform, "bob@example.com", null));
        Response accepted = call(platform, "POST", "/invitations/accept", bob, null, Map.of("token", invitationToken));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().get("role").asText()).isEqualTo("staff");
        assertThat(call(platform, "POST", "/invitations/accept", bob, null, Map.of("token", invitationToken)).status())
                .isIn(404, 409);

        String bobInAcme = token(call(platform, "POST", "/auth/switch-tenant", bob, null, Map.of("tenantSlug", "acme")));
        assertThat(call(platform, "GET", "/tenants/me/members", bobInAcme, null, null).body().get("items"))
                .hasSize(2);
        assertThat(call(platform, "PATCH", "/tenants/me", bobInAcme, null, Map.of("name", "Bob's")).status())
                .isEqualTo(403);
        assertThat(call(platform, "POST", "/tenants/me/invitations", bobInAcme, null,
                Map.of("email", "x@example.com", "role", "staff")).status()).isEqualTo(403);
    }

    @Test
    void given_token_of_tenant_b_when_changing_member_of_tenant_a_then_404() throws Exception {
        Platform platform = platform(Map.of());
        String ownerA = ownerOfNewShop(platform, "a@example.com", "shop-a");
        String ownerB = ownerOfNewShop(platform, "b@example.com", "shop-b");
        String memberOfA = call(platform, "GET", "/tenants/me/members", ownerA, null, null)
                .body().at("/items/0/userId").asText();

        Response crossTenant = call(platform, "PATCH", "/tenants/me/members/" + memberOfA, ownerB, null,
                Map.of("role", "staff"));

        assertThat(crossTenant.status()).isEqualTo(404);
        assertThat(call(platform, "GET", "/tenants/me", ownerB, null, null).body().get("slug").asText())
                .isEqualTo("shop-b");
        assertThat(call(platform, "DELETE", "/tenants/me/members/" + UUID.randomUUID(), ownerA, null, null).status())
                .isEqualTo(404);
    }

    @Test
    void given_last_owner_when_demoting_self_then_409_and_unchanged() throws Exception {
        Platform platform = platform(Map.of());
        String owner = ownerOfNewShop(platform, "solo@example.com", "solo");
        String self = call(platform, "GET", "/auth/me", owner, null, null).body().at("/user/id").asText();

        Response demoted = call(platform, "PATCH", "/tenants/me/members/" + self, owner, null, Map.of("role", "admin"));

        assertThat(demoted.status()).isEqualTo(409);
        assertThat(demoted.raw().headers().firstValue("Content-Type")).get().asString().contains("problem+json");
        assertThat(call(platform, "GET", "/auth/me", owner, null, null).body().get("role").asText()).isEqualTo("owner");
    }

    /** The token in the invitation email, once the worker has delivered it from the outbox. */
    private String mailedInvitationToken() throws IOException {
        Path mailbox = dataDir.resolve("mailbox");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!hasMail(mailbox) && System.nanoTime() < deadline) {
            // A pause between polls, not a wait for the outcome: the deadline decides.
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        try (Stream<Path> files = Files.list(mailbox)) {
            String mail = Files.readString(files.filter(f -> f.toString().endsWith(".eml")).findFirst().orElseThrow());
            Matcher token = Pattern.compile("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{40,}").matcher(mail);
            assertThat(token.find()).as("invitation token in mail:%n%s", mail).isTrue();
            return token.group();
        }
    }

    private static boolean hasMail(Path mailbox) throws IOException {
        if (!Files.isDirectory(mailbox)) {
            return false;
        }
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.anyMatch(f -> f.toString().endsWith(".eml"));
        }
    }
}
