package io.saasplatform.application.port.in;

import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Incoming port: sign-in, refresh-token rotation, tenant switching. The driving adapter turns a {@link SignIn} into
 * a short-lived access token (and a refresh cookie when one was issued).
 */
public interface AuthUseCase {
    /**
     * Local development only: trusts the email, creates the user on first use, issues no refresh token. Rate limited
     * per client address and per account; each limit counted is reported to {@code limits}.
     */
    SignIn devLogin(String email, Optional<String> tenantSlug, String clientAddress, RateLimitObserver limits);

    /**
     * Verifies an ID token, creates the user on first use, starts a refresh family. Rate limited per client address
     * and per account; each limit counted is reported to {@code limits}.
     */
    SignIn login(String idToken, Optional<String> tenantSlug, String clientAddress, RateLimitObserver limits);

    /**
     * Rotates the refresh token; reuse outside the grace window revokes the whole family. Rate limited per family, and
     * refused refreshes per client address; each limit counted is reported to {@code limits}.
     */
    SignIn refresh(String refreshToken, String clientAddress, RateLimitObserver limits);

    default SignIn devLogin(String email, Optional<String> tenantSlug, String clientAddress) {
        return devLogin(email, tenantSlug, clientAddress, RateLimitObserver.IGNORE);
    }

    default SignIn login(String idToken, Optional<String> tenantSlug, String clientAddress) {
        return login(idToken, tenantSlug, clientAddress, RateLimitObserver.IGNORE);
    }

    default SignIn refresh(String refreshToken, String clientAddress) {
        return refresh(refreshToken, clientAddress, RateLimitObserver.IGNORE);
    }

    /** Revokes the whole family of the token; unknown tokens are ignored (logout is idempotent). */
    void logout(String refreshToken);

    /** A grant for another tenant the user belongs to; the refresh family, if given, follows the switch. */
    SignIn switchTenant(UserId user, String tenantSlug, Optional<String> refreshToken);

    /** The user and, when {@code tenant} is given and the user still belongs to it, that tenant and role. */
    SignIn me(UserId user, Optional<TenantId> tenant);

    /** Result of a sign-in: who, in which tenant with which role, and the new refresh token if one was issued. */
    record SignIn(User user, Optional<TenantGrant> tenant, Optional<RefreshToken> refreshToken) {}

    /** The tenant an access token is scoped to. */
    record TenantGrant(TenantId id, Slug slug, String name, Role role) {}

    /** An opaque refresh token (256 random bits) and when its family ends regardless of rotation. */
    record RefreshToken(String value, Instant familyExpiresAt) {}
}
