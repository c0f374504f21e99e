package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.application.port.in.AuthUseCase;
import io.saasplatform.application.port.in.AuthUseCase.SignIn;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.domain.User;
import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-in and session endpoints: exchanging an ID token (or, in mock mode, a bare email) for an access token,
 * refresh-token rotation through an HttpOnly cookie, logout, tenant switching and "who am I". In mock mode also the
 * mock identity provider's token and key-set endpoints.
 */
final class AuthRoutes implements RouteGroup {
    static final String REFRESH_COOKIE = "saas_refresh";
    // Narrow on purpose: the browser sends the refresh token only to the endpoints that consume it. (A __Host-
    // prefix would demand Path=/, so it cannot be used.)
    static final String REFRESH_COOKIE_PATH = "/auth";
    // The application issues 256-bit tokens in base64url; anything else cannot be one and never reaches it.
    private static final Pattern REFRESH_TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,512}");
    private static final Pattern ADDRESS_SHAPE = Pattern.compile("[0-9A-Fa-f.:\\[\\]]{2,64}");

    record DevLoginRequest(@JsonProperty(required = true) String email, String tenantSlug) {}

    record LoginRequest(@JsonProperty(required = true) String idToken, String tenantSlug) {}

    record SwitchTenantRequest(@JsonProperty(required = true) String tenantSlug) {}

    record MockTokenRequest(@JsonProperty(required = true) String email) {}

    record HostedUiStartRequest(@JsonProperty(required = true) String codeChallenge) {}

    record HostedUiStartResponse(String authorizeUrl, String state) {}

    record HostedUiTokenRequest(
            @JsonProperty(required = true) String code,
            @JsonProperty(required = true) String state,
            @JsonProperty(required = true) String codeVerifier) {}

    record SignInOptions(boolean mockEmail, boolean hostedUi) {}

    record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

    record UserJson(String id, String email) {}

    record TenantJson(String id, String slug, String name) {}

    record MeResponse(UserJson user, TenantJson tenant, String role) {}

    private final AuthUseCase auth;
    private final AccessTokens tokens;
    private final BearerAuth bearer;
    private final HttpApi.Auth config;
    private final Clock clock;
    // Set by HttpApi.hostedUi() before the routes are registered; absent, the Hosted UI routes do not exist.
    private Optional<HostedUi> hostedUi = Optional.empty();

    AuthRoutes(AuthUseCase auth, AccessTokens tokens, BearerAuth bearer, HttpApi.Auth config, Clock clock) {
        this.auth = auth;
        this.tokens = tokens;
        this.bearer = bearer;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.post("/auth/login", ctx -> {
            LoginRequest request = bodies.read(ctx, LoginRequest.class);
            String idToken = RequestBounds.atMost("idToken", request.idToken(), RequestBounds.MAX_ID_TOKEN_LENGTH);
            Optional<String> tenantSlug = optional(request.tenantSlug()).map(s -> RequestBounds.slug("tenantSlug", s));
            SignIn signIn = auth.login(idToken, tenantSlug, clientAddress(ctx), RateLimitHeaders.of(ctx));
            respondWithTokens(ctx, signIn, true);
        });
        routes.post("/auth/refresh", ctx -> {
            // The cookie is the only credential here; a body, if any, is not read.
            String refreshToken = refreshCookie(ctx).orElseThrow(() ->
                    new ProblemException(ProblemType.UNAUTHORIZED, "No refresh cookie; sign in again"));
            SignIn signIn;
            try {
                signIn = auth.refresh(refreshToken, clientAddress(ctx), RateLimitHeaders.of(ctx));
            } catch (InvalidCredentialsException e) {
                // A dead token in the browser only causes more failed refreshes: drop it.
                clearRefreshCookie(ctx);
                throw e;
            }
            respondWithTokens(ctx, signIn, true);
        });
        routes.post("/auth/logout", ctx -> {
            refreshCookie(ctx).ifPresent(auth::logout);
            clearRefreshCookie(ctx);
            ctx.header("Cache-Control", "no-store").status(204);
        });
        routes.post("/auth/switch-tenant", ctx -> {
            BearerAuth.Principal principal = bearer.authenticate(ctx);
            SwitchTenantRequest request = bodies.read(ctx, SwitchTenantRequest.class);
            SignIn signIn = auth.switchTenant(principal.user(), RequestBounds.slug("tenantSlug", request.tenantSlug()),
                    refreshCookie(ctx));
            respondWithTokens(ctx, signIn, true);
        });
        routes.get("/auth/me", ctx -> {
            BearerAuth.Principal principal = bearer.authenticate(ctx);
            SignIn signIn = auth.me(principal.user(), principal.tenant());
            User user = signIn.user();
            Optional<TenantGrant> grant = signIn.tenant();
            ctx.header("Cache-Control", "no-store").json(new MeResponse(
                    new UserJson(user.id().toString(), user.email().value()),
                    grant.map(g -> new TenantJson(g.id().toString(), g.slug().value(), g.name())).orElse(null),
                    grant.map(g -> g.role().wireName()).orElse(null)));
        });
        routes.get("/auth/sign-in-options", ctx -> ctx.header("Cache-Control", "no-store").json(
                new SignInOptions(config.mockIdentityProvider().isPresent(), hostedUi.isPresent())));
        config.mockIdentityProvider().ifPresent(mock -> registerMockMode(routes, bodies, mock));
        hostedUi.ifPresent(ui -> registerHostedUi(routes, bodies, ui));
    }

    void hostedUi(HostedUi ui) {
        this.hostedUi = Optional.of(ui);
    }

    /**
     * Cognito's Hosted UI with PKCE: the browser starts with its code challenge and finishes with the code, the state
     * and its verifier; the exchange happens here (see {@link HostedUi} for why) and ends in the usual session.
     */
    private void registerHostedUi(RoutesConfig routes, JsonBodies bodies, HostedUi ui) {
        routes.post("/auth/hosted-ui/start", ctx -> {
            HostedUiStartRequest request = bodies.read(ctx, HostedUiStartRequest.class);
            HostedUi.Start start = ui.start(request.codeChallenge());
            ctx.header("Cache-Control", "no-store")
                    .json(new HostedUiStartResponse(start.authorizeUrl(), start.state()));
        });
        routes.post("/auth/hosted-ui/token", ctx -> {
            HostedUiTokenRequest request = bodies.read(ctx, HostedUiTokenRequest.class);
            String idToken = ui.exchange(request.code(), request.state(), request.codeVerifier());
            SignIn signIn = auth.login(idToken, Optional.empty(), clientAddress(ctx));
            respondWithTokens(ctx, signIn, true);
        });
    }

    /** Exists only in mock mode: without a mock provider these routes are not mounted at all (404). */
    private void registerMockMode(RoutesConfig routes, JsonBodies bodies, MockIdentityProvider mock) {
        routes.post("/auth/dev-login", ctx -> {
            DevLoginRequest request = bodies.read(ctx, DevLoginRequest.class);
            Optional<String> tenantSlug = optional(request.tenantSlug()).map(s -> RequestBounds.slug("tenantSlug", s));
            SignIn signIn = auth.devLogin(request.email(), tenantSlug, clientAddress(ctx), RateLimitHeaders.of(ctx));
            // Development sign-in never starts a refresh family, so it never sets the cookie.
            respondWithTokens(ctx, signIn, false);
        });
        routes.post("/auth/mock-idp/token", ctx -> {
            MockTokenRequest request = bodies.read(ctx, MockTokenRequest.class);
            ctx.header("Cache-Control", "no-store").json(Map.of("idToken", mock.idToken(request.email())));
        });
        routes.get("/auth/mock-idp/.well-known/jwks.json", ctx -> ctx.json(mock.publicJwks()));
    }

    private void respondWithTokens(Context ctx, SignIn signIn, boolean mayIssueRefreshCookie) {
        AccessTokens.Issued issued = tokens.issue(signIn.user().id(), signIn.tenant());
        if (mayIssueRefreshCookie) {
            signIn.refreshToken().ifPresent(refresh -> setRefreshCookie(ctx, refresh));
        }
        // RFC 6749 section 5.1: responses carrying tokens must not be cached.
        ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
        ctx.json(new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds()));
    }

    private void setRefreshCookie(Context ctx, AuthUseCase.RefreshToken refresh) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), refresh.familyExpiresAt()).toSeconds());
        ctx.res().addHeader("Set-Cookie", cookie(refresh.value(), maxAge));
    }

    private void clearRefreshCookie(Context ctx) {
        ctx.res().addHeader("Set-Cookie", cookie("", 0));
    }

    private String cookie(String value, long maxAgeSeconds) {
        return REFRESH_COOKIE + "=" + value
                + "; Path=" + REFRESH_COOKIE_PATH
                + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly"
                + (config.secureCookies() ? "; Secure" : "")
                + "; SameSite=Strict";
    }

    /**
     * The refresh token from the cookie; none when absent, malformed, or sent twice (two cookies of one name mean
     * another site on a parent domain tossed one in, and we cannot tell which is ours).
     */
    private static Optional<String> refreshCookie(Context ctx) {
        Cookie[] cookies = ctx.req().getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        String found = null;
        for (Cookie cookie : cookies) {
            if (REFRESH_COOKIE.equals(cookie.getName())) {
                if (found != null) {
                    return Optional.empty();
                }
                found = cookie.getValue();
            }
        }
        return found != null && REFRESH_TOKEN_SHAPE.matcher(found).matches() ? Optional.of(found) : Optional.empty();
    }

    /**
     * The address rate limits apply to, as {@link HttpApi.ClientAddress} configures: the edge's viewer-address header
     * when configured and present, else the {@code X-Forwarded-For} entry the outermost trusted proxy appended (over
     * every header line; entries before it could be forged), else the TCP peer.
     */
    private String clientAddress(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        HttpApi.ClientAddress rule = config.clientAddress();
        if (rule.header().isPresent()) {
            Optional<String> viewer = viewerAddress(ctx, rule.header().get());
            if (viewer.isPresent()) {
                return viewer.get();
            }
        }
        int hops = rule.trustedProxyHops();
        if (hops == 0) {
            return remote;
        }
        List<String> entries = new ArrayList<>();
        for (String line : Collections.list(ctx.req().getHeaders("X-Forwarded-For"))) {
            for (String entry : line.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.strip());
                }
            }
        }
        if (entries.isEmpty()) {
            return remote;
        }
        // Fewer entries than trusted hops: every one of them was appended by a trusted proxy; the first is the client.
        String client = entries.get(Math.max(0, entries.size() - hops));
        return ADDRESS_SHAPE.matcher(client).matches() ? client : remote;
    }

    /** {@code address:port} as CloudFront-Viewer-Address carries it (IPv6 unbracketed); the port is dropped. */
    private static Optional<String> viewerAddress(Context ctx, String header) {
        List<String> values = Collections.list(ctx.req().getHeaders(header));
        if (values.isEmpty()) {
            return Optional.empty();
        }
        // The edge sets it last; anything before is what the client tried to send.
        String value = values.getLast().strip();
        int colon = value.lastIndexOf(':');
        String address = colon > 0 && value.substring(colon + 1).matches("[0-9]{1,5}") ? value.substring(0, colon) : value;
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return ADDRESS_SHAPE.matcher(address).matches() ? Optional.of(address) : Optional.empty();
    }

    private static Optional<String> optional(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
