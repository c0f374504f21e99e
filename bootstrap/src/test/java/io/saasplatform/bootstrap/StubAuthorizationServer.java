package io.saasplatform.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Cognito-shaped authorization server on a random local port, enough for the Hosted UI flow:
 * {@code GET /oauth2/authorize} signs in {@link #nextEmail} at once and redirects back with a single-use code;
 * {@code POST /oauth2/token} answers an ID token only for an unused code, the same client and redirect URI, and a
 * {@code code_verifier} whose S256 is the challenge the code was issued for (else {@code 400 invalid_grant}, as
 * Cognito does); {@code GET /.well-known/jwks.json} serves the signing key's public half. The issuer is its base URL.
 */
final class StubAuthorizationServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Grant(String clientId, String redirectUri, String challenge, String email) {}

    private final HttpServer server;
    private final RSAKey key;
    private final String clientId;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    final AtomicReference<String> nextEmail = new AtomicReference<>("someone@example.com");
    final AtomicInteger tokenRequests = new AtomicInteger();

    StubAuthorizationServer(String clientId) throws Exception {
        this.clientId = clientId;
        this.key = new RSAKeyGenerator(2048).keyID("stub-" + UUID.randomUUID()).generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/authorize", this::authorize);
        server.createContext("/oauth2/token", this::token);
        server.createContext("/.well-known/jwks.json", exchange ->
                respond(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
        if (!"code".equals(query.get("response_type")) || !clientId.equals(query.get("client_id"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null
                || !"openid email".equals(query.get("scope"))) {
            respond(exchange, 400, "text/plain", "bad authorize request: " + query);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(query.get("client_id"), query.get("redirect_uri"), query.get("code_challenge"),
                nextEmail.get()));
        exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        // Single use: a code is gone after its first exchange, successful or not.
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (!"authorization_code".equals(form.get("grant_type")) || grant == null
                || !grant.clientId().equals(form.get("client_id"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null
                || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            respond(exchange, 200, "application/json", JSON.writeValueAsString(Map.of(
                    "id_token", idToken(grant.email()), "access_token", "stub-access", "refresh_token", "stub-refresh",
                    "token_type", "Bearer", "expires_in", 3600)));
        } catch (Exception e) {
            respond(exchange, 500, "text/plain", e.toString());
        }
    }

    private String idToken(String email) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder()
                        .issuer(baseUri().toString())
                        .audience(clientId)
                        .subject("stub-" + email)
                        .claim("token_use", "id")
                        .claim("email", email)
                        .claim("email_verified", true)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(3600)))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
