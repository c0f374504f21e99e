package io.saasplatform.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.saasplatform.domain.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A stand-in identity provider for local development and tests (mock mode only): signs Cognito-shaped RS256 ID
 * tokens for any email with an in-memory key, and serves that key as a JWK set. Its {@link #verifier()} is the same
 * {@link IdTokenVerifier} used for Cognito, fed the public key directly instead of over HTTP.
 *
 * <p>Pass one to {@link HttpApi} only in mock mode: it mounts {@code POST /auth/mock-idp/token}, which hands out a
 * valid ID token to anyone who asks, and enables {@code POST /auth/dev-login}.
 */
public final class MockIdentityProvider {
    static final Duration ID_TOKEN_TTL = Duration.ofHours(1);

    private final String issuer;
    private final String clientId;
    private final Clock clock;
    private final RSAKey key;
    private final RSASSASigner signer;

    /**
     * @param issuer the {@code iss} of its tokens, e.g. {@code http://localhost:8080/auth/mock-idp}
     * @param clientId the {@code aud} of its tokens (the app client id the API expects)
     */
    public MockIdentityProvider(String issuer, String clientId) {
        this(issuer, clientId, Clock.systemUTC());
    }

    MockIdentityProvider(String issuer, String clientId, Clock clock) {
        this.issuer = requireText(issuer, "issuer");
        this.clientId = requireText(clientId, "clientId");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.key = new RSAKeyGenerator(2048)
                    .keyID("mock-" + UUID.randomUUID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the mock identity provider's RSA key", e);
        }
    }

    /** The verifier for this provider's tokens (no HTTP: the key set is held in memory). */
    public IdTokenVerifier verifier() {
        return new IdTokenVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), issuer, clientId, clock);
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** A signed ID token for the email; the subject is stable per (normalised) email. */
    String idToken(String email) {
        EmailAddress address = EmailAddress.of(email);
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(clientId)
                .subject(subjectFor(address).toString())
                .claim("token_use", "id")
                .claim("email", address.value())
                .claim("email_verified", true)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ID_TOKEN_TTL)))
                .build();
        return sign(claims);
    }

    /** Signs any claims with this provider's key; tests use it to forge tokens that only a claim check can catch. */
    String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a mock ID token", e);
        }
        return jwt.serialize();
    }

    /** The public JWK set as served at {@code /.well-known/jwks.json}. */
    Map<String, Object> publicJwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** For tests that forge tokens: the public key, never the private one. */
    RSAKey publicKey() {
        return key.toPublicJWK();
    }

    static UUID subjectFor(EmailAddress email) {
        return UUID.nameUUIDFromBytes(("mock-idp:" + email.value()).getBytes(StandardCharsets.UTF_8));
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }
}
