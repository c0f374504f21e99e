package io.saasplatform.adapter.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.domain.UserId;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The full API on a random port with fake use cases, a fixed clock, and helpers to mint and forge tokens. */
final class AuthFixture implements AutoCloseable {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test-secret".getBytes(UTF_8);
    static final String ISSUER = "saas-platform";
    static final String AUDIENCE = "saas-platform-api";
    static final String MOCK_ISSUER = "http://localhost/auth/mock-idp";
    static final String CLIENT_ID = "local-client";
    static final Clock CLOCK = Clock.fixed(FakeUseCases.NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeUseCases fakes = new FakeUseCases();
    final FakeCatalog catalog = new FakeCatalog();
    final FakeAi ai = new FakeAi();
    final FakeJobs jobs = new FakeJobs();
    final FakeVisits visits = new FakeVisits();
    final FakeMedia media = new FakeMedia();
    final FakeIdempotency idempotency = new FakeIdempotency();
    final AccessTokens tokens = new AccessTokens(AccessTokens.Settings.withDefaults(SECRET), CLOCK);
    final Optional<MockIdentityProvider> mockIdp;
    final RunningApi api;

    private AuthFixture(boolean mockMode, boolean secureCookies, boolean trustForwardedFor) {
        this(mockMode, secureCookies, HttpApi.ClientAddress.forwardedFor(trustForwardedFor ? 1 : 0));
    }

    private AuthFixture(boolean mockMode, boolean secureCookies, HttpApi.ClientAddress clientAddress) {
        this(mockMode, secureCookies, clientAddress, List.of());
    }

    private AuthFixture(boolean mockMode, boolean secureCookies, HttpApi.ClientAddress clientAddress,
            List<String> corsOrigins) {
        mockIdp = mockMode ? Optional.of(new MockIdentityProvider(MOCK_ISSUER, CLIENT_ID, CLOCK)) : Optional.empty();
        mockIdp.ifPresent(idp -> fakes.verifier = idp.verifier());
        HttpApi.Auth auth = new HttpApi.Auth(tokens, secureCookies, clientAddress, mockIdp);
        HttpApi.UseCases useCases = new HttpApi.UseCases(fakes, fakes, fakes, fakes, fakes, catalog, catalog, ai, jobs,
                visits, idempotency, fakes);
        api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of(), auth, useCases, CLOCK, List.of())
                .media(new HttpApi.Media(media, media, media))
                .corsAllowedOrigins(corsOrigins));
    }

    static AuthFixture mockMode() {
        return new AuthFixture(true, true, false);
    }

    /** Cognito mode, with {@code origins} allowed to call the storefront from a browser. */
    static AuthFixture withCorsOrigins(List<String> origins) {
        return new AuthFixture(false, true, HttpApi.ClientAddress.direct(), origins);
    }

    static AuthFixture cognitoMode() {
        return new AuthFixture(false, true, false);
    }

    static AuthFixture behindProxy() {
        return new AuthFixture(true, false, true);
    }

    /** Mock mode with the client address taken as {@code clientAddress} says. */
    static AuthFixture clientAddress(HttpApi.ClientAddress clientAddress) {
        return new AuthFixture(true, false, clientAddress);
    }

    MockIdentityProvider idp() {
        return mockIdp.orElseThrow();
    }

    /** A genuine access token for Alice, in Acme as owner. */
    String aliceInAcme() {
        return tokens.issue(FakeUseCases.ALICE.id(), Optional.of(FakeUseCases.ACME_OWNER)).token();
    }

    /** A genuine access token for Alice, signed in to no tenant. */
    String aliceWithoutTenant() {
        return tokens.issue(FakeUseCases.ALICE.id(), Optional.empty()).token();
    }

    String aliceIn(TenantGrant grant) {
        return tokens.issue(FakeUseCases.ALICE.id(), Optional.of(grant)).token();
    }

    static String userToken(AccessTokens tokens, UserId user) {
        return tokens.issue(user, Optional.empty()).token();
    }

    HttpRequest.Builder withBearer(String path, String token) {
        return api.request(path).header("Authorization", "Bearer " + token);
    }

    RunningApi.Reply getWithBearer(String path, String token) {
        return api.send(withBearer(path, token).GET());
    }

    RunningApi.Reply sendJson(String method, String path, String token, String json) {
        HttpRequest.Builder request = token == null ? api.request(path) : withBearer(path, token);
        return api.send(request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    // --- forging

    /** The claims of a valid token at {@link FakeUseCases#NOW}, as a mutable map to spoil. */
    static Map<String, Object> validClaims() {
        long now = FakeUseCases.NOW.getEpochSecond();
        Map<String, Object> claims = new java.util.LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", FakeUseCases.ALICE.id().toString());
        claims.put("tid", FakeUseCases.ACME.id().toString());
        claims.put("role", "owner");
        claims.put("iat", now);
        claims.put("exp", now + 900);
        claims.put("jti", "e0a5a1f2-3b5c-4d7e-8f90-1a2b3c4d5e6f");
        return claims;
    }

    static Map<String, Object> validHeader() {
        Map<String, Object> header = new java.util.LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "at+jwt");
        return header;
    }

    /** header.payload signed with HS256 under {@code key}: exactly how a real token is made, with any content. */
    static String hs(String algorithm, byte[] key, Object header, Object claims) {
        String signingInput = b64(json(header)) + "." + b64(json(claims));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac("HmacSHA" + algorithm.substring(2), key, signingInput));
    }

    static String hs256(Object header, Object claims) {
        return hs("HS256", SECRET, header, claims);
    }

    static String hs256(String headerJson, String claimsJson, byte[] key) {
        String signingInput = b64(headerJson) + "." + b64(claimsJson);
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac("HmacSHA256", key, signingInput));
    }

    static byte[] hmac(String algorithm, byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(input.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return b64(text.getBytes(UTF_8));
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String json(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
