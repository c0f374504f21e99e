package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Amazon Cognito's Hosted UI (managed login), authorization-code flow with PKCE (RFC 7636, S256 only).
 *
 * <p>The browser makes the code verifier and keeps it, with the state, in {@code sessionStorage}; it sends only the
 * S256 challenge here and gets back the authorize URL and a <em>state</em> this class signed: an HMAC over a nonce,
 * an expiry and the challenge. At the callback the browser first compares the returned state with the one it kept
 * (a callback it did not start is dropped there), then posts code, state and verifier. Here the state's signature,
 * expiry and binding to {@code S256(verifier)} are checked before Cognito's token endpoint is called, so a state that
 * this platform did not issue for this verifier never reaches Cognito; Cognito itself checks the verifier against the
 * challenge it was given and that the code is used once.
 *
 * <p>The exchange runs on the server, not in the browser: the pages' Content-Security-Policy keeps
 * {@code connect-src 'self'} (no Cognito origin), the ID token never enters the browser, an app client with a secret
 * works as well as a public one, and the result is the platform's usual session.
 */
public final class HostedUi {
    private static final Logger LOG = LoggerFactory.getLogger(HostedUi.class);
    /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
    static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** base64url of a SHA-256 digest, unpadded. */
    static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Cognito's codes are UUIDs; anything of this shape is passed on, Cognito decides. */
    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._~-]{1,512}");
    static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{22}\\.[0-9]{1,12}\\.[A-Za-z0-9_-]{43}");
    static final int MAX_STATE_CHARS = 80;
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * Where the Hosted UI lives and who this platform is to it.
     *
     * @param domain {@code https://<domain>} of the user pool (prefix or custom domain): {@code /oauth2/authorize}
     *     and {@code /oauth2/token} are under it
     * @param clientId the app client, with the authorization-code grant and {@code openid email} scopes allowed
     * @param clientSecret the app client's secret, when it has one (sent as HTTP Basic to the token endpoint)
     * @param redirectUri one of the app client's allowed callback URLs: the dashboard, which finishes the sign-in
     *     (read at each use: with a random port it is known only once the server is bound)
     * @param stateKey HMAC key for the state (the platform's secret key)
     * @param stateTtl how long a started sign-in may take
     * @param timeout connect and request timeout of the token endpoint call
     */
    public record Settings(URI domain, String clientId, Optional<String> clientSecret, Supplier<URI> redirectUri, byte[] stateKey,
            Duration stateTtl, Duration timeout) {
        public Settings {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(redirectUri, "redirectUri");
            Objects.requireNonNull(stateKey, "stateKey");
            if (stateKey.length < 32) {
                throw new IllegalArgumentException("stateKey must be at least 32 bytes");
            }
            if (!"https".equals(domain.getScheme()) && !"http".equals(domain.getScheme()) || domain.getHost() == null) {
                throw new IllegalArgumentException("domain must be an http(s) URL");
            }
            stateKey = stateKey.clone();
        }

        /** Ten minutes to sign in, a five-second token endpoint. */
        public static Settings of(URI domain, String clientId, Optional<String> clientSecret, Supplier<URI> redirectUri,
                byte[] stateKey) {
            return new Settings(domain, clientId, clientSecret, redirectUri, stateKey, Duration.ofMinutes(10),
                    Duration.ofSeconds(5));
        }

        @Override
        public String toString() {
            return "HostedUi.Settings[domain=" + domain + ", clientId=" + clientId + ", clientSecret="
                    + (clientSecret.isPresent() ? "<set>" : "<none>") + ", redirectUri=" + redirectUri.get() + "]";
        }
    }

    /** Where to send the browser, and the state it must keep and see again. */
    record Start(String authorizeUrl, String state) {}

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();

    public HostedUi(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    public HostedUi(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The authorize URL for {@code codeChallenge} (S256), with a state bound to it. */
    Start start(String codeChallenge) {
        if (codeChallenge == null || !CHALLENGE.matcher(codeChallenge).matches()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "codeChallenge",
                    "codeChallenge must be the unpadded base64url SHA-256 of the code verifier (43 characters)");
        }
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String nonceText = B64URL.encodeToString(nonce);
        long expires = clock.instant().plus(settings.stateTtl()).getEpochSecond();
        String state = nonceText + "." + expires + "." + mac(nonceText, expires, codeChallenge);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri().get().toString());
        query.put("scope", "openid email");
        query.put("code_challenge", codeChallenge);
        query.put("code_challenge_method", "S256");
        query.put("state", state);
        return new Start(base() + "/oauth2/authorize?" + form(query), state);
    }

    /**
     * The ID token for {@code code}, after checking that {@code state} was issued here, has not expired, and was
     * issued for {@code S256(codeVerifier)}.
     */
    String exchange(String code, String state, String codeVerifier) {
        if (codeVerifier == null || !VERIFIER.matcher(codeVerifier).matches()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "codeVerifier",
                    "codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_', '~' (RFC 7636)");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "code",
                    "code must be the authorization code the sign-in page returned");
        }
        if (state == null || state.isEmpty() || state.length() > MAX_STATE_CHARS) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, "state",
                    "state must be the 1 to " + MAX_STATE_CHARS + " characters POST /auth/hosted-ui/start answered");
        }
        checkState(state, challengeOf(codeVerifier));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", settings.clientId());
        form.put("code", code);
        form.put("redirect_uri", settings.redirectUri().get().toString());
        form.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/oauth2/token"))
                .timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form)));
        settings.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((encode(settings.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            LOG.warn("Hosted UI token endpoint unreachable: {}", e.toString());
            throw unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 400 || response.statusCode() == 401) {
            // invalid_grant: expired, used already, or issued for another verifier or redirect URI.
            String error = body.path("error").asText("");
            LOG.debug("Hosted UI token endpoint refused the code: {}", error);
            throw ProblemException.withCode(ProblemType.UNAUTHORIZED, "authorization-code-refused", "code",
                    "The sign-in could not be completed: the authorization code is expired, used already or not"
                            + " issued for this code verifier. Sign in again.");
        }
        if (response.statusCode() != 200 || !body.path("id_token").isTextual()) {
            LOG.warn("Hosted UI token endpoint answered {} without an ID token", response.statusCode());
            throw unavailable();
        }
        return body.path("id_token").asText();
    }

    private void checkState(String state, String challenge) {
        if (state == null || !STATE.matcher(state).matches()) {
            throw invalidState();
        }
        String[] parts = state.split("\\.");
        long expires = Long.parseLong(parts[1]);
        byte[] expected = mac(parts[0], expires, challenge).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            throw invalidState();
        }
        if (clock.instant().getEpochSecond() > expires) {
            throw ProblemException.withCode(ProblemType.UNAUTHORIZED, "sign-in-expired", "state",
                    "The sign-in took too long and has expired. Sign in again.");
        }
    }

    private static ProblemException invalidState() {
        return ProblemException.withCode(ProblemType.UNAUTHORIZED, "invalid-state", "state",
                "The sign-in's state was not issued by this platform for this code verifier. Sign in again.");
    }

    private static ProblemException unavailable() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                "The identity provider could not be reached; try again shortly");
    }

    private JsonNode parse(String body) {
        try {
            return mapper.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private String mac(String nonce, long expires, String challenge) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.stateKey(), "HmacSHA256"));
            byte[] digest = mac.doFinal(("hosted-ui-state|" + nonce + "|" + expires + "|" + challenge)
                    .getBytes(StandardCharsets.US_ASCII));
            return B64URL.encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** {@code BASE64URL(SHA256(ASCII(verifier)))}, RFC 7636 section 4.2. */
    static String challengeOf(String verifier) {
        try {
            return B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private String base() {
        return settings.domain().toString().replaceAll("/+$", "");
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
