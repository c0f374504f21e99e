package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request by its {@code Authorization: Bearer} access token, and nothing else: a token in the query
 * string or a cookie is not looked at. The caller's tenant comes from the verified token only, never from the path
 * or body, which is what binds every use case to that tenant.
 */
final class BearerAuth {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    // RFC 6750 section 2.1: b64token; anything else (spaces, commas, a second token) is not one token.
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([A-Za-z0-9\\-._~+/]+=*)");
    static final String NO_TENANT_DETAIL = "token has no tenant; sign in to a tenant or switch-tenant";

    /** A verified caller: the user and, if the token is scoped to one, the tenant and role. */
    record Principal(UserId user, Optional<TenantId> tenant, Optional<Role> role) {
        /** The caller in their tenant; 403 when the token names none. */
        Actor actor() {
            return new Actor(user, tenant.orElseThrow(
                    () -> ProblemException.withCode(ProblemType.FORBIDDEN, "tenant-required", null, NO_TENANT_DETAIL)));
        }
    }

    private final AccessTokens tokens;

    BearerAuth(AccessTokens tokens) {
        this.tokens = tokens;
    }

    Principal authenticate(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("Authorization"));
        if (headers.isEmpty()) {
            throw ProblemException.unauthorized(
                    "Bearer", "This endpoint requires an access token: send Authorization: Bearer <token>");
        }
        if (headers.size() > 1) {
            throw invalid("more than one Authorization header");
        }
        Matcher bearer = BEARER.matcher(headers.getFirst());
        if (!bearer.matches()) {
            throw invalid("not a single bearer token");
        }
        try {
            AccessTokens.Verified verified = tokens.verify(bearer.group(1));
            RequestContext.authenticated(verified.user(), verified.tenant());
            return new Principal(verified.user(), verified.tenant(), verified.role());
        } catch (AccessTokens.Rejected e) {
            throw invalid(e.getMessage());
        }
    }

    private static ProblemException invalid(String reason) {
        LOG.debug("Bearer token rejected: {}", reason);
        return ProblemException.unauthorized(
                "Bearer error=\"invalid_token\"", "The access token is invalid or has expired");
    }
}
