package io.saasplatform.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.out.IdentityTokenVerifier;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.InvalidValueException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outgoing-port adapter: verifies an identity provider's ID tokens, the same way for Amazon Cognito and for the
 * {@linkplain MockIdentityProvider built-in mock}; only where the public keys come from differs.
 *
 * <p>Accepted: RS256 only; header parameters {@code alg}, {@code kid}, {@code typ} only (no key is ever taken or
 * fetched from the token itself); {@code iss} equal to the issuer; {@code aud} exactly the client id;
 * {@code token_use} {@code id}; {@code sub}, {@code email}, {@code iat}, {@code exp} present; {@code email_verified}
 * true (a user is found by email, so an unverified address would let anyone claim an existing account); clock
 * skew at most 30 s.
 */
public final class IdTokenVerifier implements IdentityTokenVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(IdTokenVerifier.class);
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final int CLOCK_SKEW_SECONDS = 30;
    private static final Set<String> ALLOWED_HEADER_PARAMS = Set.of("alg", "kid", "typ");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern POOL_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}_[A-Za-z0-9]{1,64}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");

    /** How the remote key set is fetched and cached; see {@link #fromJwksUrl}. */
    record JwksPolicy(
            Duration connectTimeout,
            Duration readTimeout,
            int sizeLimitBytes,
            Duration cacheTimeToLive,
            Duration refreshTimeout,
            Duration minRefreshInterval) {
        /** Short timeouts: a slow key endpoint must fail a sign-in quickly, not hold request threads. */
        static final JwksPolicy DEFAULT = new JwksPolicy(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                64 * 1024,
                Duration.ofMinutes(15),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    private final String issuer;
    private final String clientId;
    private final DefaultJWTProcessor<SecurityContext> processor;

    IdTokenVerifier(JWKSource<SecurityContext> keys, String issuer, String clientId, Clock clock) {
        this.issuer = requireText(issuer, "issuer");
        this.clientId = requireText(clientId, "clientId");
        Objects.requireNonNull(keys, "keys");
        processor = new DefaultJWTProcessor<>();
        // Cognito ID tokens carry no typ; a typ other than JWT means some other kind of token.
        processor.setJWSTypeVerifier(DefaultJOSEObjectTypeVerifier.JWT);
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                clientId,
                new JWTClaimsSet.Builder().issuer(issuer).claim("token_use", "id").build(),
                Set.of("iss", "aud", "sub", "iat", "exp", "email", "token_use")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * For an Amazon Cognito user pool: keys from
     * {@code https://cognito-idp.{region}.amazonaws.com/{userPoolId}/.well-known/jwks.json}, cached, refetched at
     * most once per 30 s when a token names an unknown key, with 2 s HTTP timeouts.
     */
    public static IdTokenVerifier cognito(String region, String userPoolId, String clientId) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like eu-west-1");
        }
        if (userPoolId == null || !POOL_ID.matcher(userPoolId).matches() || !userPoolId.startsWith(region + "_")) {
            throw new IllegalArgumentException("userPoolId must look like " + region + "_AbC123 and match the region");
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("clientId must be an app client id");
        }
        String issuer = "https://cognito-idp." + region + ".amazonaws.com/" + userPoolId;
        return fromJwksUrl(URI.create(issuer + "/.well-known/jwks.json"), issuer, clientId, JwksPolicy.DEFAULT,
                Clock.systemUTC());
    }

    /**
     * For a Cognito-compatible issuer elsewhere (an emulator, a test's stub): keys from
     * {@code <issuer>/.well-known/jwks.json}, as Cognito serves them.
     */
    public static IdTokenVerifier fromIssuer(URI issuer, String clientId) {
        String text = issuer.toString().replaceAll("/+$", "");
        return fromJwksUrl(URI.create(text + "/.well-known/jwks.json"), text, clientId, JwksPolicy.DEFAULT,
                Clock.systemUTC());
    }

    /** Keys from a remote JWK set (the Cognito shape, pointed anywhere: tests serve one locally). */
    static IdTokenVerifier fromJwksUrl(URI jwksUrl, String issuer, String clientId, JwksPolicy policy, Clock clock) {
        URL url;
        try {
            url = jwksUrl.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwksUrl is not a URL: " + jwksUrl, e);
        }
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                Math.toIntExact(policy.connectTimeout().toMillis()),
                Math.toIntExact(policy.readTimeout().toMillis()),
                policy.sizeLimitBytes());
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(url, retriever)
                .cache(policy.cacheTimeToLive().toMillis(), policy.refreshTimeout().toMillis())
                // An unknown kid refreshes the cache; the rate limit stops a flood of made-up kids from turning
                // into a flood of requests to the key endpoint.
                .rateLimited(policy.minRefreshInterval().toMillis())
                .refreshAheadCache(false)
                .retrying(false)
                .outageTolerant(false)
                .build();
        return new IdTokenVerifier(keys, issuer, clientId, clock);
    }

    @Override
    public VerifiedIdentity verify(String idToken) {
        try {
            return verifyOrExplain(idToken);
        } catch (Rejected e) {
            LOG.debug("ID token rejected: {}", e.getMessage());
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException | StackOverflowError e) {
            LOG.debug("ID token rejected", e);
        }
        // One answer for every failure: the client learns nothing about which check failed.
        throw new InvalidCredentialsException("The ID token is not valid");
    }

    private VerifiedIdentity verifyOrExplain(String idToken)
            throws Rejected, ParseException, BadJOSEException, JOSEException {
        if (idToken == null || idToken.isEmpty() || idToken.length() > MAX_TOKEN_CHARS) {
            throw new Rejected("missing or oversized token");
        }
        JWT jwt = JWTParser.parse(idToken);
        if (!(jwt instanceof SignedJWT signed)) {
            throw new Rejected("not a signed JWT");
        }
        JWSHeader header = signed.getHeader();
        if (!JWSAlgorithm.RS256.equals(header.getAlgorithm())) {
            throw new Rejected("algorithm " + header.getAlgorithm() + " not accepted");
        }
        for (String param : header.getIncludedParams()) {
            if (!ALLOWED_HEADER_PARAMS.contains(param)) {
                throw new Rejected("header parameter " + param + " not accepted");
            }
        }
        JWTClaimsSet claims = processor.process(signed, null);
        if (!claims.getAudience().equals(List.of(clientId))) {
            throw new Rejected("audience must be exactly the client id");
        }
        if (!emailVerified(claims.getClaim("email_verified"))) {
            throw new Rejected("email not verified");
        }
        String subject = claims.getSubject();
        if (subject.isBlank() || subject.length() > 255) {
            throw new Rejected("bad subject");
        }
        try {
            return new VerifiedIdentity(subject, EmailAddress.of(claims.getStringClaim("email")));
        } catch (InvalidValueException e) {
            throw new Rejected("bad email");
        }
    }

    private static boolean emailVerified(Object claim) {
        // Cognito sends a boolean; some flows have sent the string "true".
        return Boolean.TRUE.equals(claim) || "true".equals(claim);
    }

    String issuer() {
        return issuer;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static final class Rejected extends Exception {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
