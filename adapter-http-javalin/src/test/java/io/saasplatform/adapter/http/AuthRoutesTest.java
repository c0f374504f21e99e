package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.RateLimitedException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthRoutesTest {
    private static AuthFixture mock;
    private static AuthFixture cognito;

    @BeforeAll
    static void start() {
        mock = AuthFixture.mockMode();
        cognito = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        mock.close();
        cognito.close();
    }

    @BeforeEach
    void reset() {
        mock.fakes.calls.clear();
        cognito.fakes.calls.clear();
    }

    // --- dev-login

    @Test
    void given_mock_mode_when_dev_login_then_200_access_token_and_no_cookie() throws Exception {
        Reply reply = mock.sendJson("POST", "/auth/dev-login", null, "{\"email\":\"dev@example.com\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(body.get("expiresIn").asLong()).isEqualTo(900);
        assertThat(reply.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        AccessTokens.Verified verified = mock.tokens.verify(body.get("accessToken").asText());
        assertThat(verified.user()).isEqualTo(FakeUseCases.ALICE.id());
        assertThat(verified.tenant()).isEmpty();
        assertThat(mock.fakes.calls).containsExactly("devLogin:dev@example.com");
    }

    @Test
    void given_mock_mode_when_dev_login_into_a_tenant_then_the_token_carries_tid_and_role() throws Exception {
        Reply reply = mock.sendJson("POST", "/auth/dev-login", null,
                "{\"email\":\"dev@example.com\",\"tenantSlug\":\"acme\"}");

        AccessTokens.Verified verified = mock.tokens.verify(reply.json().get("accessToken").asText());
        assertThat(verified.tenant()).contains(FakeUseCases.ACME.id());
        assertThat(verified.role()).contains(io.saasplatform.domain.Role.OWNER);
    }

    @Test
    void given_mock_mode_off_when_dev_login_then_404_and_no_use_case_is_called() {
        Reply reply = cognito.sendJson("POST", "/auth/dev-login", null, "{\"email\":\"dev@example.com\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(cognito.fakes.calls).isEmpty();
    }

    @Test
    void given_mock_mode_off_when_asking_the_mock_idp_then_404() {
        assertThat(cognito.api.get("/auth/mock-idp/.well-known/jwks.json").status()).isEqualTo(404);
        assertThat(cognito.sendJson("POST", "/auth/mock-idp/token", null, "{\"email\":\"a@b.co\"}").status())
                .isEqualTo(404);
    }

    @Test
    void given_dev_login_without_email_when_posted_then_400_naming_the_field() {
        Reply reply = mock.sendJson("POST", "/auth/dev-login", null, "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("email");
    }

    @Test
    void given_an_id_token_longer_than_documented_when_login_then_400_naming_it_and_no_use_case_is_called() {
        Reply reply = mock.sendJson("POST", "/auth/login", null,
                "{\"idToken\":\"" + "a".repeat(RequestBounds.MAX_ID_TOKEN_LENGTH + 1) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo("idToken");
        assertThat(mock.fakes.calls).isEmpty();
    }

    @Test
    void given_a_tenant_slug_longer_than_documented_when_switching_then_400_naming_tenant_slug() {
        String token = mock.sendJson("POST", "/auth/dev-login", null, "{\"email\":\"dev@example.com\"}")
                .json().get("accessToken").asText();

        Reply reply = mock.sendJson("POST", "/auth/switch-tenant", token,
                "{\"tenantSlug\":\"" + "a".repeat(64) + "\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().get("field").asText()).isEqualTo("tenantSlug");
    }

    // --- login with the mock identity provider (the same verifier as for Cognito)

    @Test
    void given_mock_idp_token_when_login_then_200_and_refresh_cookie_with_strict_attributes() {
        String idToken = mock.sendJson("POST", "/auth/mock-idp/token", null, "{\"email\":\"Alice@Example.com\"}")
                .json().get("idToken").asText();

        Reply reply = mock.sendJson("POST", "/auth/login", null,
                "{\"idToken\":\"" + idToken + "\",\"tenantSlug\":\"acme\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(mock.fakes.calls).containsExactly("login", "login-verified:alice@example.com");
        String cookie = singleSetCookie(reply);
        assertThat(cookie).startsWith("saas_refresh=" + FakeUseCases.REFRESH_1 + ";");
        assertThat(cookie.split("; ")).contains(
                "Path=/auth", "HttpOnly", "Secure", "SameSite=Strict",
                "Max-Age=" + Duration.ofDays(30).toSeconds());
        assertThat(cookie).doesNotContain("Domain");
    }

    @Test
    void given_mock_idp_jwks_when_fetched_then_public_key_only() {
        Reply reply = mock.api.get("/auth/mock-idp/.well-known/jwks.json");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode key = reply.json().get("keys").get(0);
        assertThat(key.get("kty").asText()).isEqualTo("RSA");
        assertThat(key.get("kid").asText()).isEqualTo(mock.idp().publicKey().getKeyID());
        assertThat(key.has("d")).isFalse();
        assertThat(key.has("p")).isFalse();
    }

    @Test
    void given_id_token_with_wrong_aud_when_login_then_401() {
        assertLoginRejected(idToken(c -> c.audience("another-client")));
    }

    @Test
    void given_id_token_with_wrong_token_use_when_login_then_401() {
        assertLoginRejected(idToken(c -> c.claim("token_use", "access")));
    }

    @Test
    void given_id_token_with_wrong_iss_when_login_then_401() {
        assertLoginRejected(idToken(c -> c.issuer("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_evil")));
    }

    @Test
    void given_expired_id_token_when_login_then_401() {
        assertLoginRejected(idToken(c -> c.expirationTime(Date.from(FakeUseCases.NOW.minusSeconds(60)))));
    }

    @Test
    void given_id_token_with_unverified_email_when_login_then_401() {
        assertLoginRejected(idToken(c -> c.claim("email_verified", false)));
    }

    @Test
    void given_id_token_with_unknown_kid_when_login_then_401() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID("unknown-kid").generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unknown-kid").type(JOSEObjectType.JWT).build(),
                validIdClaims().build());
        jwt.sign(new RSASSASigner(other));

        assertLoginRejected(jwt.serialize());
    }

    @Test
    void given_id_token_signed_by_another_key_under_the_mock_kid_when_login_then_401() throws Exception {
        String kid = mock.idp().publicKey().getKeyID();
        RSAKey other = new RSAKeyGenerator(2048).keyID(kid).generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), validIdClaims().build());
        jwt.sign(new RSASSASigner(other));

        assertLoginRejected(jwt.serialize());
    }

    @Test
    void given_id_token_with_alg_none_when_login_then_401() {
        String token = AuthFixture.b64("{\"alg\":\"none\"}") + "."
                + AuthFixture.b64(AuthFixture.json(validIdClaims().build().toJSONObject())) + ".";

        assertLoginRejected(token);
    }

    @Test
    void given_id_token_hs256_signed_with_the_public_key_when_login_then_401() throws Exception {
        byte[] der = mock.idp().publicKey().toRSAPublicKey().getEncoded();
        String token = AuthFixture.hs("HS256", der, java.util.Map.of("alg", "HS256"),
                validIdClaims().build().toJSONObject());

        assertLoginRejected(token);
    }

    @Test
    void given_id_token_of_ten_thousand_nested_arrays_when_login_then_401_not_500() {
        String claims = "{\"sub\":\"x\",\"deep\":" + "[".repeat(10_000);
        String token = AuthFixture.b64("{\"alg\":\"RS256\",\"kid\":\"k\"}") + "." + AuthFixture.b64(claims) + ".c2ln";
        assertThat(token.length()).isLessThan(IdTokenVerifier.MAX_TOKEN_CHARS);

        assertLoginRejected(token);
    }

    @Test
    void given_bodies_beyond_jacksons_stream_limits_when_posted_before_authentication_then_400_problem_not_500() {
        // Nesting depth (1000), number length (1000) and name length (50000) are Jackson's StreamReadConstraints.
        List<String> bodies = List.of(
                "{\"idToken\":\"x\",\"tenantSlug\":" + "9".repeat(1_500) + "}",
                "{\"" + "k".repeat(60_000) + "\":1}");
        List<Reply> replies = new java.util.ArrayList<>();
        for (String body : bodies) {
            replies.add(mock.sendJson("POST", "/auth/login", null, body));
        }
        // Bodies read as trees (merge patches, catalog drafts) are where nesting goes deep.
        replies.add(mock.sendJson("POST", "/tenants/me/products", mock.aliceInAcme(),
                "{\"name\":" + "[".repeat(1_500) + "]".repeat(1_500) + "}"));
        for (Reply reply : replies) {

            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(reply.json().get("type").asText()).endsWith("problems/malformed-json");
        }
        assertThat(mock.fakes.calls).isEmpty();
    }

    @Test
    void given_rate_limited_login_when_posted_then_429_with_retry_after_seconds() {
        mock.fakes.failNextWith(new RateLimitedException(Duration.ofMillis(12_300)));

        Reply reply = mock.sendJson("POST", "/auth/login", null, "{\"idToken\":\"x\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("Retry-After")).isEqualTo("13");
        assertThat(reply.header("RateLimit-Policy")).isNull();
    }

    @Test
    void given_a_login_refused_by_a_named_limit_then_429_announces_the_policy_and_that_nothing_is_left() {
        mock.fakes.failNextWith(new RateLimitedException(Duration.ofSeconds(42),
                new RateLimitedException.Policy("sign-in-address", 10, Duration.ofMinutes(1))));

        Reply reply = mock.sendJson("POST", "/auth/login", null, "{\"idToken\":\"x\"}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.header("RateLimit-Policy")).isEqualTo("\"sign-in-address\";q=10;w=60");
        assertThat(reply.header("RateLimit")).isEqualTo("\"sign-in-address\";r=0;t=42");
    }

    // --- refresh

    @Test
    void given_refresh_cookie_when_refreshing_then_new_access_token_and_rotated_cookie() throws Exception {
        Reply reply = mock.api.send(mock.api.request("/auth/refresh")
                .header("Cookie", "saas_refresh=" + FakeUseCases.REFRESH_1)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(mock.tokens.verify(reply.json().get("accessToken").asText()).tenant())
                .contains(FakeUseCases.ACME.id());
        assertThat(singleSetCookie(reply)).startsWith("saas_refresh=" + FakeUseCases.REFRESH_2 + ";")
                .contains("; Path=/auth;").contains("; HttpOnly").contains("; SameSite=Strict");
        assertThat(mock.fakes.calls).containsExactly("refresh:" + FakeUseCases.REFRESH_1);
    }

    @Test
    void given_refresh_token_only_in_the_body_when_refreshing_then_401_and_the_body_is_ignored() {
        Reply reply = mock.sendJson("POST", "/auth/refresh", null,
                "{\"refreshToken\":\"" + FakeUseCases.REFRESH_1 + "\"}");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(mock.fakes.calls).isEmpty();
    }

    @Test
    void given_revoked_refresh_cookie_when_refreshing_then_401_and_the_cookie_is_cleared() {
        Reply reply = mock.api.send(mock.api.request("/auth/refresh")
                .header("Cookie", "saas_refresh=" + FakeUseCases.REVOKED)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(singleSetCookie(reply)).startsWith("saas_refresh=;").contains("Max-Age=0");
    }

    @Test
    void given_two_refresh_cookies_when_refreshing_then_401_without_calling_the_use_case() {
        Reply reply = mock.api.send(mock.api.request("/auth/refresh")
                .header("Cookie", "saas_refresh=" + FakeUseCases.REFRESH_1 + "; saas_refresh=" + FakeUseCases.REVOKED)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(mock.fakes.calls).isEmpty();
    }

    // --- logout

    @Test
    void given_refresh_cookie_when_logging_out_then_204_family_revoked_and_cookie_cleared() {
        Reply reply = mock.api.send(mock.api.request("/auth/logout")
                .header("Cookie", "saas_refresh=" + FakeUseCases.REFRESH_1)
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(204);
        assertThat(mock.fakes.calls).containsExactly("logout:" + FakeUseCases.REFRESH_1);
        String cookie = singleSetCookie(reply);
        assertThat(cookie).startsWith("saas_refresh=;");
        assertThat(cookie.split("; ")).contains("Max-Age=0", "Path=/auth", "HttpOnly", "Secure", "SameSite=Strict");
    }

    @Test
    void given_no_cookie_when_logging_out_then_204_and_nothing_to_revoke() {
        Reply reply = mock.api.send(mock.api.request("/auth/logout").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).isEqualTo(204);
        assertThat(mock.fakes.calls).isEmpty();
    }

    // --- switch-tenant

    @Test
    void given_bearer_and_cookie_when_switching_tenant_then_new_token_for_that_tenant_and_rotated_cookie()
            throws Exception {
        Reply reply = mock.api.send(mock.withBearer("/auth/switch-tenant", mock.aliceWithoutTenant())
                .header("Content-Type", "application/json")
                .header("Cookie", "saas_refresh=" + FakeUseCases.REFRESH_1)
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantSlug\":\"acme\"}")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(mock.tokens.verify(reply.json().get("accessToken").asText()).tenant())
                .contains(FakeUseCases.ACME.id());
        assertThat(mock.fakes.calls).containsExactly(
                "switchTenant:" + FakeUseCases.ALICE.id() + ":acme:" + FakeUseCases.REFRESH_1);
        assertThat(singleSetCookie(reply)).startsWith("saas_refresh=" + FakeUseCases.REFRESH_2 + ";");
    }

    @Test
    void given_bearer_without_cookie_when_switching_tenant_then_new_token_and_no_cookie() {
        Reply reply = mock.sendJson("POST", "/auth/switch-tenant", mock.aliceWithoutTenant(),
                "{\"tenantSlug\":\"acme\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.response().headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void given_tenant_the_user_does_not_belong_to_when_switching_then_404() {
        Reply reply = mock.sendJson("POST", "/auth/switch-tenant", mock.aliceInAcme(), "{\"tenantSlug\":\"globex\"}");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void given_no_bearer_when_switching_tenant_then_401_before_the_body_is_read() {
        Reply reply = mock.sendJson("POST", "/auth/switch-tenant", null, "not json");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(mock.fakes.calls).isEmpty();
    }

    // --- me

    @Test
    void given_token_in_a_tenant_when_calling_me_then_user_tenant_and_role() {
        Reply reply = mock.getWithBearer("/auth/me", mock.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("user").get("id").asText()).isEqualTo(FakeUseCases.ALICE.id().toString());
        assertThat(body.get("user").get("email").asText()).isEqualTo("alice@example.com");
        assertThat(body.get("tenant").get("slug").asText()).isEqualTo("acme");
        assertThat(body.get("tenant").get("id").asText()).isEqualTo(FakeUseCases.ACME.id().toString());
        assertThat(body.get("tenant").get("name").asText()).isEqualTo("Acme");
        assertThat(body.get("role").asText()).isEqualTo("owner");
    }

    @Test
    void given_tenantless_token_when_calling_me_then_tenant_and_role_are_null() {
        Reply reply = mock.getWithBearer("/auth/me", mock.aliceWithoutTenant());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("tenant").isNull()).isTrue();
        assertThat(reply.json().get("role").isNull()).isTrue();
        assertThat(mock.fakes.calls).containsExactly("me:" + FakeUseCases.ALICE.id() + ":none");
    }

    // --- client address

    @Test
    void given_no_trusted_proxy_when_login_then_the_remote_address_is_used_and_x_forwarded_for_ignored() {
        mock.api.send(mock.api.request("/auth/dev-login")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

        assertThat(mock.fakes.lastClientAddress).isEqualTo("127.0.0.1");
    }

    @Test
    void given_trusted_proxy_when_login_then_the_hop_the_proxy_appended_is_used() {
        try (AuthFixture proxied = AuthFixture.behindProxy()) {
            proxied.api.send(proxied.api.request("/auth/dev-login")
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

            assertThat(proxied.fakes.lastClientAddress).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void given_cloudfront_then_alb_with_two_trusted_hops_when_login_then_the_viewer_and_never_a_spoofed_entry() {
        // The client sent "6.6.6.6, 7.7.7.7"; CloudFront appended the viewer, the ALB appended the edge. On two lines.
        try (AuthFixture proxied = AuthFixture.clientAddress(HttpApi.ClientAddress.forwardedFor(2))) {
            proxied.api.send(proxied.api.request("/auth/dev-login")
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "6.6.6.6, 7.7.7.7, 198.51.100.7")
                    .header("X-Forwarded-For", "130.176.1.2")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

            assertThat(proxied.fakes.lastClientAddress).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void given_more_trusted_hops_than_entries_when_login_then_the_first_entry_which_a_trusted_proxy_appended() {
        try (AuthFixture proxied = AuthFixture.clientAddress(HttpApi.ClientAddress.forwardedFor(2))) {
            proxied.api.send(proxied.api.request("/auth/dev-login")
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "198.51.100.7")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

            assertThat(proxied.fakes.lastClientAddress).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void given_a_viewer_address_header_when_login_then_its_address_without_the_port_and_xff_is_ignored() {
        HttpApi.ClientAddress viewer = HttpApi.ClientAddress.header("CloudFront-Viewer-Address", 2);
        try (AuthFixture proxied = AuthFixture.clientAddress(viewer)) {
            for (String[] c : new String[][] {{"198.51.100.10:46532", "198.51.100.10"},
                {"2001:db8:85a3::8a2e:370:7334:46532", "2001:db8:85a3::8a2e:370:7334"}}) {
                proxied.api.send(proxied.api.request("/auth/dev-login")
                        .header("Content-Type", "application/json")
                        .header("CloudFront-Viewer-Address", c[0])
                        .header("X-Forwarded-For", "6.6.6.6, 7.7.7.7, 8.8.8.8")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

                assertThat(proxied.fakes.lastClientAddress).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void given_a_viewer_address_header_configured_but_absent_when_login_then_the_trusted_xff_hop() {
        HttpApi.ClientAddress viewer = HttpApi.ClientAddress.header("CloudFront-Viewer-Address", 2);
        try (AuthFixture proxied = AuthFixture.clientAddress(viewer)) {
            proxied.api.send(proxied.api.request("/auth/dev-login")
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 130.176.1.2")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\"}")));

            assertThat(proxied.fakes.lastClientAddress).isEqualTo("198.51.100.7");
        }
    }

    @Test
    void given_insecure_cookie_setting_when_login_then_the_cookie_has_no_secure_flag() {
        try (AuthFixture local = AuthFixture.behindProxy()) {
            String idToken = local.idp().idToken("alice@example.com");
            Reply reply = local.sendJson("POST", "/auth/login", null, "{\"idToken\":\"" + idToken + "\"}");

            assertThat(singleSetCookie(reply)).doesNotContain("Secure").contains("HttpOnly");
        }
    }

    // --- helpers

    private static JWTClaimsSet.Builder validIdClaims() {
        return new JWTClaimsSet.Builder()
                .issuer(AuthFixture.MOCK_ISSUER)
                .audience(AuthFixture.CLIENT_ID)
                .subject("sub-1")
                .claim("token_use", "id")
                .claim("email", "alice@example.com")
                .claim("email_verified", true)
                .issueTime(Date.from(FakeUseCases.NOW))
                .expirationTime(Date.from(FakeUseCases.NOW.plusSeconds(3600)));
    }

    private static String idToken(Consumer<JWTClaimsSet.Builder> spoil) {
        JWTClaimsSet.Builder claims = validIdClaims();
        spoil.accept(claims);
        return mock.idp().sign(claims.build());
    }

    private static void assertLoginRejected(String idToken) {
        Reply reply = mock.sendJson("POST", "/auth/login", null, "{\"idToken\":\"" + idToken + "\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.json().get("detail").asText()).isEqualTo("The ID token is not valid");
        assertThat(reply.response().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(mock.fakes.calls).containsExactly("login");
    }

    private static String singleSetCookie(Reply reply) {
        List<String> cookies = reply.response().headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        return cookies.getFirst();
    }
}
