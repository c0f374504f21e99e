package io.saasplatform.adapter.http;

import static io.saasplatform.adapter.http.AuthFixture.SECRET;
import static io.saasplatform.adapter.http.AuthFixture.b64;
import static io.saasplatform.adapter.http.AuthFixture.hs;
import static io.saasplatform.adapter.http.AuthFixture.hs256;
import static io.saasplatform.adapter.http.AuthFixture.validClaims;
import static io.saasplatform.adapter.http.AuthFixture.validHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JWT attack catalog against {@code GET /auth/me}: every forged, spoiled or misplaced access token is answered
 * 401 problem+json with {@code WWW-Authenticate: Bearer error="invalid_token"}, and no use case is ever called.
 */
class AccessTokenAttackTest {
    private static final long NOW = FakeUseCases.NOW.getEpochSecond();
    private static AuthFixture fixture;
    private static RSAKey attackerKey;
    private static HttpServer attackerServer;
    private static final AtomicInteger attackerRequests = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        fixture = AuthFixture.mockMode();
        attackerKey = new RSAKeyGenerator(2048).keyID("attacker").generate();
        attackerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attackerServer.createContext("/", exchange -> {
            attackerRequests.incrementAndGet();
            byte[] body = new com.nimbusds.jose.jwk.JWKSet(attackerKey.toPublicJWK()).toString()
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attackerServer.start();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        attackerServer.stop(0);
    }

    @BeforeEach
    void reset() {
        fixture.fakes.calls.clear();
        attackerRequests.set(0);
    }

    // --- controls: the guard lets the genuine article through, so the rejections below mean something

    @Test
    void given_genuine_token_when_calling_me_then_200() {
        Reply reply = fixture.getWithBearer("/auth/me", fixture.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(fixture.fakes.calls).hasSize(1);
    }

    @Test
    void given_hand_made_token_with_valid_claims_when_calling_me_then_200() {
        Reply reply = fixture.getWithBearer("/auth/me", hs256(validHeader(), validClaims()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void given_token_expired_within_the_skew_when_calling_me_then_200() {
        Map<String, Object> claims = validClaims();
        claims.put("exp", NOW - 10);

        assertThat(fixture.getWithBearer("/auth/me", hs256(validHeader(), claims)).status()).isEqualTo(200);
    }

    // --- algorithm attacks

    @ParameterizedTest(name = "alg={0}")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void given_alg_none_token_when_calling_me_then_401(String none) {
        Map<String, Object> header = validHeader();
        header.put("alg", none);
        String token = b64(AuthFixture.json(header)) + "." + b64(AuthFixture.json(validClaims())) + ".";

        assertRejected(fixture.getWithBearer("/auth/me", token));
    }

    @Test
    void given_stripped_signature_when_calling_me_then_401() {
        String genuine = fixture.aliceInAcme();
        String stripped = genuine.substring(0, genuine.lastIndexOf('.') + 1);

        assertRejected(fixture.getWithBearer("/auth/me", stripped));
    }

    @Test
    void given_tampered_payload_when_calling_me_then_401() {
        String[] parts = fixture.aliceInAcme().split("\\.");
        Map<String, Object> claims = validClaims();
        claims.put("tid", FakeUseCases.OTHER_TENANT.toString());
        String tampered = parts[0] + "." + b64(AuthFixture.json(claims)) + "." + parts[2];

        assertRejected(fixture.getWithBearer("/auth/me", tampered));
    }

    @Test
    void given_hs256_signed_with_the_mock_idp_public_key_bytes_when_calling_me_then_401() throws Exception {
        byte[] der = fixture.idp().publicKey().toRSAPublicKey().getEncoded();
        byte[] jwkJson = fixture.idp().publicKey().toJSONString().getBytes(StandardCharsets.UTF_8);

        assertRejected(fixture.getWithBearer("/auth/me", hs("HS256", der, validHeader(), validClaims())));
        assertRejected(fixture.getWithBearer("/auth/me", hs("HS256", jwkJson, validHeader(), validClaims())));
    }

    @Test
    void given_hs512_signed_with_the_real_secret_when_calling_me_then_401() {
        Map<String, Object> header = validHeader();
        header.put("alg", "HS512");

        assertRejected(fixture.getWithBearer("/auth/me", hs("HS512", SECRET, header, validClaims())));
    }

    @Test
    void given_rs256_token_when_calling_me_then_401() throws Exception {
        assertRejected(fixture.getWithBearer("/auth/me", rs256(UnaryOperator.identity())));
    }

    // --- key-injection attacks: the token must never choose or fetch its own key

    @Test
    void given_embedded_jwk_header_when_calling_me_then_401() throws Exception {
        assertRejected(fixture.getWithBearer("/auth/me", rs256(h -> h.jwk(attackerKey.toPublicJWK()))));
    }

    @Test
    void given_jku_header_pointing_at_attacker_keys_when_calling_me_then_401_and_nothing_is_fetched()
            throws Exception {
        URI jku = URI.create("http://127.0.0.1:" + attackerServer.getAddress().getPort() + "/jwks.json");

        assertRejected(fixture.getWithBearer("/auth/me", rs256(h -> h.jwkURL(jku).keyID("attacker"))));
        Thread.sleep(200);
        assertThat(attackerRequests.get()).isZero();
    }

    @Test
    void given_x5u_header_pointing_at_attacker_server_when_calling_me_then_401_and_nothing_is_fetched()
            throws Exception {
        URI x5u = URI.create("http://127.0.0.1:" + attackerServer.getAddress().getPort() + "/cert.pem");

        assertRejected(fixture.getWithBearer("/auth/me", rs256(h -> h.x509CertURL(x5u))));
        Thread.sleep(200);
        assertThat(attackerRequests.get()).isZero();
    }

    @Test
    void given_jku_header_on_an_hs256_token_when_calling_me_then_401_and_nothing_is_fetched() throws Exception {
        Map<String, Object> header = validHeader();
        header.put("jku", "http://127.0.0.1:" + attackerServer.getAddress().getPort() + "/jwks.json");

        assertRejected(fixture.getWithBearer("/auth/me", hs("HS256", new byte[32], header, validClaims())));
        Thread.sleep(200);
        assertThat(attackerRequests.get()).isZero();
    }

    static Stream<Arguments> hostileKids() {
        return Stream.of(
                Arguments.of(Named.of("unknown kid", "key-2099")),
                Arguments.of(Named.of("empty kid", "")),
                Arguments.of(Named.of("path traversal kid", "../../etc/passwd")),
                Arguments.of(Named.of("dev null kid", "../../../../../../dev/null")),
                Arguments.of(Named.of("sql kid", "x' UNION SELECT 'secret")),
                Arguments.of(Named.of("very long kid", "k".repeat(2_000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileKids")
    void given_hostile_kid_when_calling_me_then_401(String kid) {
        Map<String, Object> header = validHeader();
        header.put("kid", kid);
        // Signed with what a kid lookup gone wrong would yield: an all-zero (empty-file) key.
        assertRejected(fixture.getWithBearer("/auth/me", hs("HS256", new byte[32], header, validClaims())));
    }

    @Test
    void given_genuinely_signed_token_with_a_kid_when_calling_me_then_401() {
        Map<String, Object> header = validHeader();
        header.put("kid", "any");
        // Our tokens carry no kid; a header parameter we never write marks a token we did not make.
        assertRejected(fixture.getWithBearer("/auth/me", hs256(header, validClaims())));
    }

    // --- claim attacks, all signed with the real secret: only the claim checks can catch them

    @Test
    void given_token_expired_beyond_the_skew_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("exp", NOW - 31)));
    }

    @Test
    void given_token_without_exp_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("exp")));
    }

    @Test
    void given_token_without_iat_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("iat")));
    }

    @Test
    void given_nbf_in_the_future_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("nbf", NOW + 300)));
    }

    @Test
    void given_wrong_iss_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("iss", "https://evil.example")));
    }

    @Test
    void given_missing_iss_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("iss")));
    }

    @Test
    void given_wrong_aud_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("aud", "another-api")));
    }

    @Test
    void given_missing_aud_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("aud")));
    }

    @Test
    void given_aud_listing_another_api_too_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("aud", List.of(AuthFixture.AUDIENCE, "another-api"))));
    }

    @Test
    void given_missing_sub_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("sub")));
    }

    @Test
    void given_sub_that_is_not_a_uuid_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("sub", "admin")));
    }

    static Stream<Arguments> badTids() {
        return Stream.of(
                Arguments.of(Named.of("numeric tid", 123)),
                Arguments.of(Named.of("object tid", Map.of("id", FakeUseCases.ACME.id().toString()))),
                Arguments.of(Named.of("array tid", List.of(FakeUseCases.ACME.id().toString()))),
                Arguments.of(Named.of("boolean tid", true)),
                Arguments.of(Named.of("non-uuid string tid", "acme")),
                Arguments.of(Named.of("short-form uuid tid", "1-1-1-1-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTids")
    void given_non_string_or_non_uuid_tid_when_calling_me_then_401(Object tid) {
        assertRejected(withClaims(c -> c.put("tid", tid)));
    }

    @Test
    void given_tid_without_role_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.remove("role")));
    }

    @Test
    void given_unknown_role_when_calling_me_then_401() {
        assertRejected(withClaims(c -> c.put("role", "superuser")));
    }

    // --- header attacks

    @Test
    void given_wrong_typ_when_calling_me_then_401() {
        Map<String, Object> header = validHeader();
        header.put("typ", "JWT");

        assertRejected(fixture.getWithBearer("/auth/me", hs256(header, validClaims())));
    }

    @Test
    void given_missing_typ_when_calling_me_then_401() {
        Map<String, Object> header = validHeader();
        header.remove("typ");

        assertRejected(fixture.getWithBearer("/auth/me", hs256(header, validClaims())));
    }

    @Test
    void given_crit_with_an_unknown_parameter_when_calling_me_then_401() {
        Map<String, Object> header = validHeader();
        header.put("crit", List.of("urn:example:must-understand"));
        header.put("urn:example:must-understand", true);

        assertRejected(fixture.getWithBearer("/auth/me", hs256(header, validClaims())));
    }

    // --- parser attacks

    @Test
    void given_deeply_nested_claims_when_calling_me_then_401_not_500() {
        // As deep as fits under the 4 KiB cap, so the parser itself meets it.
        String nested = "[".repeat(1_300) + "]".repeat(1_300);
        String claims = AuthFixture.json(validClaims()).replaceFirst("\\{", "{\"x\":" + nested + ",");
        String token = hs256(AuthFixture.json(validHeader()), claims, SECRET);
        assertThat(token.length()).isLessThan(AccessTokens.DEFAULT_MAX_TOKEN_CHARS);

        assertRejected(fixture.getWithBearer("/auth/me", token));
    }

    @Test
    void given_deeply_nested_header_when_calling_me_then_401_not_500() {
        String header = "{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"x\":" + "[".repeat(2_500) + "}";

        assertRejected(fixture.getWithBearer("/auth/me", hs256(header, AuthFixture.json(validClaims()), SECRET)));
    }

    @Test
    void given_token_over_4_kib_when_calling_me_then_401() {
        String padded = hs256(validHeader(), Map.of("pad", "x".repeat(4_000)));

        assertRejected(fixture.getWithBearer("/auth/me", padded));
    }

    static Stream<Arguments> malformedTokens() {
        String header = b64(AuthFixture.json(validHeader()));
        String claims = b64(AuthFixture.json(validClaims()));
        return Stream.of(
                Arguments.of(Named.of("one segment", "abc")),
                Arguments.of(Named.of("two segments", header + "." + claims)),
                Arguments.of(Named.of("four segments", header + "." + claims + ".sig.extra")),
                Arguments.of(Named.of("five segments (JWE shape)", "a.b.c.d.e")),
                Arguments.of(Named.of("only dots", "..")),
                Arguments.of(Named.of("bad base64", "!!!.###.$$$")),
                Arguments.of(Named.of("padding inside", "ab=c.de=f.gh")),
                Arguments.of(Named.of("header not json", b64("not json") + "." + claims + ".c2ln")),
                Arguments.of(Named.of("header json array", b64("[1,2]") + "." + claims + ".c2ln")),
                Arguments.of(Named.of("payload not json", header + "." + b64("{nope") + ".c2ln")),
                Arguments.of(Named.of("payload json string", header + "." + b64("\"x\"") + ".c2ln")),
                Arguments.of(Named.of("signature not base64url", header + "." + claims + ".%%%")),
                Arguments.of(Named.of("duplicate claims",
                        hs256(AuthFixture.json(validHeader()), "{\"sub\":\"a\",\"sub\":\"b\"}", SECRET))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTokens")
    void given_malformed_token_when_calling_me_then_401(String token) {
        assertRejected(fixture.getWithBearer("/auth/me", token));
    }

    // --- where the token is carried

    @Test
    void given_valid_token_only_in_the_query_string_when_calling_me_then_401_as_unauthenticated() {
        Reply reply = fixture.api.get("/auth/me?access_token=" + fixture.aliceInAcme());

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(fixture.fakes.calls).isEmpty();
    }

    @Test
    void given_no_authorization_header_when_calling_me_then_401_with_a_bare_bearer_challenge() {
        Reply reply = fixture.api.get("/auth/me");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(fixture.fakes.calls).isEmpty();
    }

    @Test
    void given_two_authorization_headers_when_calling_me_then_401() {
        String token = fixture.aliceInAcme();
        Reply reply = fixture.api.send(fixture.api.request("/auth/me")
                .header("Authorization", "Bearer " + token)
                .header("Authorization", "Bearer " + token)
                .GET());

        assertRejected(reply);
    }

    @Test
    void given_two_tokens_in_one_authorization_header_when_calling_me_then_401() {
        String token = fixture.aliceInAcme();

        assertRejected(fixture.api.send(
                fixture.api.request("/auth/me").header("Authorization", "Bearer " + token + ", Bearer " + token)
                        .GET()));
    }

    @ParameterizedTest(name = "scheme {0}")
    @ValueSource(strings = {"Basic", "Token", "JWT", "Bearer:"})
    void given_other_authorization_scheme_when_calling_me_then_401(String scheme) {
        assertRejected(fixture.api.send(fixture.api.request("/auth/me")
                .header("Authorization", scheme + " " + fixture.aliceInAcme()).GET()));
    }

    @Test
    void given_id_token_of_the_mock_idp_as_bearer_when_calling_me_then_401() {
        assertRejected(fixture.getWithBearer("/auth/me", fixture.idp().idToken("alice@example.com")));
    }

    // --- helpers

    private static Reply withClaims(java.util.function.Consumer<Map<String, Object>> spoil) {
        Map<String, Object> claims = validClaims();
        spoil.accept(claims);
        return fixture.getWithBearer("/auth/me", hs256(validHeader(), claims));
    }

    private static String rs256(UnaryOperator<JWSHeader.Builder> header) throws Exception {
        JWSHeader.Builder builder = new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"));
        JWTClaimsSet claims = JWTClaimsSet.parse(validClaims());
        SignedJWT jwt = new SignedJWT(header.apply(builder).build(), claims);
        jwt.sign(new RSASSASigner(attackerKey));
        return jwt.serialize();
    }

    private static void assertRejected(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(reply.json().get("type").asText()).endsWith("problems/unauthorized");
        assertThat(reply.body()).doesNotContain("Exception");
        assertThat(fixture.fakes.calls).as("use cases must not be reached").isEmpty();
    }
}
