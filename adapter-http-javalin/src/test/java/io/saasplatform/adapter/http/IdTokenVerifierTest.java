package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.out.IdentityTokenVerifier.VerifiedIdentity;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cognito-shaped path: keys fetched over HTTP from a JWKS endpoint (a local one here), cached, rate limited. */
class IdTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test123";
    private static final String CLIENT_ID = "abc123client";

    private final AtomicInteger fetches = new AtomicInteger();
    private final List<RSAKey> served = new CopyOnWriteArrayList<>();
    private HttpServer jwks;
    private RSAKey key1;
    private IdTokenVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        key1 = new RSAKeyGenerator(2048).keyID("key-1").generate();
        served.add(key1);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/eu-west-1_Test123/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(served.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList())
                    .toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort()
                + "/eu-west-1_Test123/.well-known/jwks.json");
        verifier = IdTokenVerifier.fromJwksUrl(url, ISSUER, CLIENT_ID, IdTokenVerifier.JwksPolicy.DEFAULT,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void given_valid_cognito_shaped_id_token_when_verified_then_subject_and_email() throws Exception {
        VerifiedIdentity identity = verifier.verify(sign(key1, c -> {}));

        assertThat(identity.subject()).isEqualTo("cognito-sub-1");
        assertThat(identity.email().value()).isEqualTo("alice@example.com");
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void given_repeated_verifications_when_keys_are_known_then_the_key_set_is_fetched_once() throws Exception {
        for (int i = 0; i < 5; i++) {
            verifier.verify(sign(key1, c -> {}));
        }

        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void given_rotated_key_with_unknown_kid_when_verified_then_exactly_one_refetch_finds_it() throws Exception {
        verifier.verify(sign(key1, c -> {}));
        RSAKey key2 = new RSAKeyGenerator(2048).keyID("key-2").generate();
        served.add(key2);

        VerifiedIdentity identity = verifier.verify(sign(key2, c -> {}));

        assertThat(identity.subject()).isEqualTo("cognito-sub-1");
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void given_many_tokens_with_made_up_kids_when_verified_then_refetches_are_rate_limited() throws Exception {
        verifier.verify(sign(key1, c -> {}));
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("unused").generate();

        for (int i = 0; i < 50; i++) {
            RSAKey forged = new RSAKey.Builder(attacker).keyID("made-up-" + i).build();
            String token = sign(forged, c -> {});
            assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(InvalidCredentialsException.class);
        }

        // One initial fetch, then at most a couple within the 30 s rate-limit window, never one per token.
        assertThat(fetches.get()).isBetween(2, 3);
    }

    @Test
    void given_wrong_aud_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.audience("other-client")));
    }

    @Test
    void given_aud_list_with_another_client_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.audience(List.of(CLIENT_ID, "other-client"))));
    }

    @Test
    void given_access_token_use_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.claim("token_use", "access")));
    }

    @Test
    void given_missing_token_use_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.claim("token_use", null)));
    }

    @Test
    void given_wrong_iss_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.issuer(ISSUER + "x")));
    }

    @Test
    void given_missing_exp_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.expirationTime(null)));
    }

    @Test
    void given_exp_beyond_skew_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.expirationTime(Date.from(NOW.minusSeconds(31)))));
    }

    @Test
    void given_exp_within_skew_when_verified_then_accepted() throws Exception {
        assertThat(verifier.verify(sign(key1, c -> c.expirationTime(Date.from(NOW.minusSeconds(20))))))
                .isNotNull();
    }

    @Test
    void given_unverified_email_when_verified_then_invalid_credentials() throws Exception {
        assertRejected(sign(key1, c -> c.claim("email_verified", null)));
    }

    @Test
    void given_jku_header_when_verified_then_invalid_credentials_and_only_the_configured_url_is_fetched()
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1")
                .jwkURL(URI.create("http://127.0.0.1:1/evil.json")).build(), claims().build());
        jwt.sign(new RSASSASigner(key1));

        assertRejected(jwt.serialize());
    }

    @Test
    void given_unreachable_jwks_endpoint_when_verified_then_invalid_credentials_quickly() throws Exception {
        String token = sign(key1, c -> {});
        jwks.stop(0);
        long started = System.nanoTime();

        assertRejected(token);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void given_cognito_factory_when_built_then_issuer_is_the_user_pool_url() {
        IdTokenVerifier cognito = IdTokenVerifier.cognito("eu-west-1", "eu-west-1_AbC123", "client42");

        assertThat(cognito.issuer()).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123");
    }

    @Test
    void given_region_or_pool_id_that_could_bend_the_url_when_building_cognito_then_refused() {
        assertThatThrownBy(() -> IdTokenVerifier.cognito("evil.com/x", "eu-west-1_A", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdTokenVerifier.cognito("eu-west-1", "eu-west-1_A/../x", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdTokenVerifier.cognito("eu-west-1", "us-east-1_A", "c"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRejected(String token) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOf(InvalidCredentialsException.class)
                .hasMessage("The ID token is not valid");
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .subject("cognito-sub-1")
                .claim("token_use", "id")
                .claim("email", "Alice@example.com")
                .claim("email_verified", true)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(3600)));
    }

    private static String sign(RSAKey key, Consumer<JWTClaimsSet.Builder> spoil) throws Exception {
        JWTClaimsSet.Builder claims = claims();
        spoil.accept(claims);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
