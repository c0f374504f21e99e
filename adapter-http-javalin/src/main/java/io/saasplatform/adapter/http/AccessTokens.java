package io.saasplatform.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's own short-lived access tokens: HS256 JWTs of type {@code at+jwt} carrying the user ({@code sub}) and,
 * when signed in to one, the tenant ({@code tid}) and role ({@code role}). Part of the HTTP adapter: the bootstrap
 * constructs it from configuration and hands it to {@link HttpApi}.
 *
 * <p>Verification accepts exactly what {@link #issue} produces and nothing else: HS256 only, header parameters
 * {@code alg} and {@code typ} only (so {@code jwk}, {@code jku}, {@code x5u}, {@code x5c}, {@code kid} and {@code crit}
 * are refused before any key is looked at, and no key is ever fetched), {@code typ} {@code at+jwt}, the configured
 * issuer and audience, and {@code sub}, {@code iat}, {@code exp}, {@code jti} present.
 */
public final class AccessTokens {
    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    /** Our tokens are about 400 bytes; anything far larger is not one of them and is not worth parsing. */
    static final int DEFAULT_MAX_TOKEN_CHARS = 4 * 1024;
    private static final Set<String> ALLOWED_HEADER_PARAMS = Set.of("alg", "typ");
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "sub", "iat", "exp", "jti");

    /**
     * How access tokens are made.
     *
     * @param secret the HS256 key (the {@code SECRET_KEY} bytes), at least 32 bytes; copied
     * @param issuer the {@code iss} claim, e.g. {@code saas-platform}
     * @param audience the {@code aud} claim, e.g. {@code saas-platform-api}
     * @param timeToLive how long a token is valid, e.g. {@link #DEFAULT_TIME_TO_LIVE}
     * @param clockSkew tolerance for {@code exp}, {@code nbf} between machines, at most {@link #MAX_CLOCK_SKEW}
     */
    public record Settings(byte[] secret, String issuer, String audience, Duration timeToLive, Duration clockSkew) {
        public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(15);
        public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
        public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);
        public static final String DEFAULT_ISSUER = "saas-platform";
        public static final String DEFAULT_AUDIENCE = "saas-platform-api";

        public Settings {
            Objects.requireNonNull(secret, "secret");
            if (secret.length < 32) {
                throw new IllegalArgumentException("secret must be at least 32 bytes (256 bits) for HS256");
            }
            secret = secret.clone();
            requireText(issuer, "issuer");
            requireText(audience, "audience");
            Objects.requireNonNull(timeToLive, "timeToLive");
            if (timeToLive.isNegative() || timeToLive.isZero() || timeToLive.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("timeToLive must be positive and at most 1 hour");
            }
            Objects.requireNonNull(clockSkew, "clockSkew");
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new IllegalArgumentException("clockSkew must be between 0 and " + MAX_CLOCK_SKEW);
            }
        }

        /** The defaults: issuer {@code saas-platform}, audience {@code saas-platform-api}, 15 min, 30 s skew. */
        public static Settings withDefaults(byte[] secret) {
            return new Settings(secret, DEFAULT_ISSUER, DEFAULT_AUDIENCE, DEFAULT_TIME_TO_LIVE, DEFAULT_CLOCK_SKEW);
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Settings s && Arrays.equals(secret, s.secret) && issuer.equals(s.issuer)
                    && audience.equals(s.audience) && timeToLive.equals(s.timeToLive) && clockSkew.equals(s.clockSkew);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(secret), issuer, audience, timeToLive, clockSkew);
        }

        @Override
        public String toString() {
            // Never print the key, not even in a startup log.
            return "Settings[secret=<redacted>, issuer=" + issuer + ", audience=" + audience + ", timeToLive="
                    + timeToLive + ", clockSkew=" + clockSkew + "]";
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }

    /** A freshly signed token and its lifetime in seconds (the {@code expiresIn} of the response). */
    record Issued(String token, long expiresInSeconds) {}

    /** What a verified token says: the user and, if signed in to one, the tenant and role. */
    record Verified(UserId user, Optional<TenantId> tenant, Optional<Role> role) {}

    /** Any reason a token is not accepted; the reason is for logs, never for the client. */
    static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final int maxTokenChars;
    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public AccessTokens(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    public AccessTokens(Settings settings, Clock clock) {
        this(settings, clock, DEFAULT_MAX_TOKEN_CHARS);
    }

    AccessTokens(Settings settings, Clock clock, int maxTokenChars) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxTokenChars = maxTokenChars;
        try {
            this.signer = new MACSigner(settings.secret());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("secret is not a usable HS256 key", e);
        }
        this.processor = newProcessor(settings, clock);
    }

    private static DefaultJWTProcessor<SecurityContext> newProcessor(Settings settings, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(settings.secret())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                settings.audience(),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                REQUIRED_CLAIMS) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(Math.toIntExact(settings.clockSkew().toSeconds()));
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    Duration timeToLive() {
        return settings.timeToLive();
    }

    /** Signs a token for the user, scoped to the tenant when there is one. */
    Issued issue(UserId user, Optional<TenantGrant> tenant) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(user.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.timeToLive())))
                .jwtID(UUID.randomUUID().toString());
        tenant.ifPresent(grant -> claims.claim("tid", grant.id().toString()).claim("role", grant.role().wireName()));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return new Issued(jwt.serialize(), settings.timeToLive().toSeconds());
    }

    /** Verifies a bearer token completely; never throws anything but {@link Rejected}. */
    Verified verify(String token) throws Rejected {
        if (token == null || token.isEmpty()) {
            throw new Rejected("empty token");
        }
        if (token.length() > maxTokenChars) {
            throw new Rejected("token longer than " + maxTokenChars + " characters");
        }
        try {
            return verifyParsed(JWTParser.parse(token));
        } catch (Rejected e) {
            throw e;
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException | StackOverflowError e) {
            // Hostile input must never become a 500: a parser or verifier failure of any kind is a bad token.
            LOG.debug("Access token rejected", e);
            throw new Rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Verified verifyParsed(JWT jwt) throws Rejected, ParseException, BadJOSEException, JOSEException {
        if (!(jwt instanceof SignedJWT signed)) {
            throw new Rejected("not a signed JWT (alg none or encrypted)");
        }
        JWSHeader header = signed.getHeader();
        if (!JWSAlgorithm.HS256.equals(header.getAlgorithm())) {
            throw new Rejected("algorithm " + header.getAlgorithm() + " not accepted");
        }
        for (String param : header.getIncludedParams()) {
            if (!ALLOWED_HEADER_PARAMS.contains(param)) {
                throw new Rejected("header parameter " + param + " not accepted");
            }
        }
        JWTClaimsSet claims = processor.process(signed, null);
        UserId user = UserId.parse(claims.getSubject());
        String tid = claims.getStringClaim("tid");
        String role = claims.getStringClaim("role");
        if ((tid == null) != (role == null)) {
            throw new Rejected("tid and role must come together");
        }
        List<String> audience = claims.getAudience();
        if (!audience.equals(List.of(settings.audience()))) {
            throw new Rejected("audience must be exactly " + settings.audience());
        }
        return tid == null
                ? new Verified(user, Optional.empty(), Optional.empty())
                : new Verified(user, Optional.of(TenantId.parse(tid)), Optional.of(Role.parse(role)));
    }
}
