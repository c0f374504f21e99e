package io.saasplatform.application.service;

import io.saasplatform.application.port.in.AuthUseCase;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.RateLimitObserver;
import io.saasplatform.application.port.in.RateLimitedException;
import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.application.port.out.IdentityTokenVerifier;
import io.saasplatform.application.port.out.IdentityTokenVerifier.VerifiedIdentity;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.application.port.out.RefreshTokenStore.Family;
import io.saasplatform.application.port.out.RefreshTokenStore.TokenState;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Application service: sign-in (development and ID token), refresh-token rotation with reuse detection, tenant
 * switching.
 *
 * <p>Refresh tokens follow RFC 9700 §4.14: every refresh rotates the token; presenting an already rotated token
 * revokes its whole family, except within a short grace window in which concurrent refreshes (two tabs) all receive
 * the one successor instead of racing each other into a revocation.
 */
public final class AuthService implements AuthUseCase, SessionHousekeeping {

    private final AuthSettings settings;
    private final Clock clock;
    private final UnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final RefreshTokenStore refreshTokens;
    private final IdentityTokenVerifier identities;
    private final RateLimiter rateLimiter;
    private final TokenCrypto crypto;
    private final SessionHousekeepingService housekeeping;

    public AuthService(
            AuthSettings settings,
            Clock clock,
            UnitOfWork unitOfWork,
            TenantRepository tenants,
            UserRepository users,
            MembershipRepository memberships,
            RefreshTokenStore refreshTokens,
            IdentityTokenVerifier identities,
            RateLimiter rateLimiter) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.users = Objects.requireNonNull(users, "users");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.crypto = new TokenCrypto(settings.sealingKey());
        this.housekeeping = new SessionHousekeepingService(settings, clock, unitOfWork, refreshTokens);
    }

    @Override
    public SignIn devLogin(
            String email, Optional<String> tenantSlug, String clientAddress, RateLimitObserver rateLimits) {
        limit("auth:sign-in:address:" + address(clientAddress), settings.perAddress(), rateLimits);
        EmailAddress address = EmailAddress.of(email);
        limit("auth:sign-in:account:" + address, settings.perAccount(), rateLimits);
        User user = registered(address);
        Optional<TenantGrant> grant = tenantSlug.map(slug -> requireGrant(user, slug));
        return new SignIn(user, grant, Optional.empty());
    }

    @Override
    public SignIn login(
            String idToken, Optional<String> tenantSlug, String clientAddress, RateLimitObserver rateLimits) {
        // Counted before verification: failed verifications are exactly what the address limit is for.
        limit("auth:sign-in:address:" + address(clientAddress), settings.perAddress(), rateLimits);
        // ID tokens are JWTs, far longer than our own tokens: the verifier judges everything but absence.
        if (idToken == null || idToken.isBlank()) {
            throw new InvalidCredentialsException("an ID token is required");
        }
        VerifiedIdentity identity = identities.verify(idToken);
        limit("auth:sign-in:account:" + identity.email(), settings.perAccount(), rateLimits);
        User user = registered(identity.email());
        Optional<TenantGrant> grant = tenantSlug.isPresent()
                ? Optional.of(requireGrant(user, tenantSlug.get()))
                : onlyTenantOf(user);
        Instant now = clock.instant();
        String token = TokenCrypto.randomToken();
        Family family = new Family(
                UUID.randomUUID(),
                user.id(),
                grant.map(TenantGrant::id),
                now,
                now.plus(settings.familyLifetime()),
                now,
                Optional.empty());
        unitOfWork.withoutTenant(() -> {
            refreshTokens.createFamily(family);
            refreshTokens.insertToken(family.id(), TokenCrypto.sha256(token), now);
            return null;
        });
        return new SignIn(user, grant, Optional.of(new RefreshToken(token, family.absoluteExpiresAt())));
    }

    @Override
    public SignIn refresh(String refreshToken, String clientAddress, RateLimitObserver rateLimits) {
        if (!TokenCrypto.plausible(refreshToken)) {
            throw failedRefresh(clientAddress, "refresh token is not valid", rateLimits);
        }
        // The unit of work returns its verdict instead of throwing: a revocation must commit although the caller
        // gets a 401, and a throwing unit of work would roll it back.
        Rotation rotation = unitOfWork.withoutTenant(() -> rotate(refreshToken, rateLimits));
        return switch (rotation) {
            case Rotation.Limited limited -> throw limited.exception();
            case Rotation.Refused refused -> throw failedRefresh(clientAddress, refused.reason(), rateLimits);
            case Rotation.Issued issued -> {
                Family family = issued.family();
                User user = unitOfWork.withoutTenant(() -> users.findById(family.user()))
                        .orElseThrow(() -> new InvalidCredentialsException("the user of this session no longer exists"));
                Optional<TenantGrant> grant = family.selectedTenant().flatMap(tenant -> grantIfMember(user, tenant));
                yield new SignIn(
                        user, grant, Optional.of(new RefreshToken(issued.token(), family.absoluteExpiresAt())));
            }
        };
    }

    /** Runs inside one unit of work; {@code lockByHash} serialises concurrent refreshes of one family. */
    private Rotation rotate(String presented, RateLimitObserver rateLimits) {
        Optional<TokenState> found = refreshTokens.lockByHash(TokenCrypto.sha256(presented));
        // Read the clock only once the lock is held: a racer that read it before waiting could see a time earlier
        // than the winner's rotation and be refused as a replay instead of getting the winner's token.
        Instant now = clock.instant();
        if (found.isEmpty()) {
            return new Rotation.Refused("refresh token is not valid");
        }
        TokenState state = found.get();
        Family family = state.family();
        // Per family, not per address: thousands of sessions behind one NAT refresh freely, one runaway client
        // (or a replayed token) is held back, and nothing is rotated or revoked when it is.
        try {
            limit("auth:refresh:family:" + family.id(), settings.refreshPerFamily(), rateLimits);
        } catch (RateLimitedException e) {
            return new Rotation.Limited(e);
        }
        if (family.revokedAt().isPresent()) {
            return new Rotation.Refused("refresh token has been revoked");
        }
        if (!now.isBefore(family.absoluteExpiresAt())) {
            refreshTokens.revokeFamily(family.id(), now);
            return new Rotation.Refused("session has expired; sign in again");
        }
        if (Duration.between(family.lastUsedAt(), now).compareTo(settings.idleTimeout()) > 0) {
            refreshTokens.revokeFamily(family.id(), now);
            return new Rotation.Refused("session was idle for too long; sign in again");
        }
        if (state.usedAt().isEmpty()) {
            String successor = TokenCrypto.randomToken();
            byte[] successorHash = TokenCrypto.sha256(successor);
            refreshTokens.insertToken(family.id(), successorHash, now);
            refreshTokens.markRotated(state.tokenHash(), now, successorHash, crypto.seal(successor));
            refreshTokens.touchFamily(family.id(), now, family.selectedTenant());
            return new Rotation.Issued(family, successor);
        }
        Instant usedAt = state.usedAt().get();
        boolean withinGrace = !now.isBefore(usedAt)
                && Duration.between(usedAt, now).compareTo(settings.graceWindow()) <= 0;
        if (withinGrace && state.sealedSuccessor().isPresent()) {
            // A concurrent refresh won the race: hand out its token rather than rotating a second time.
            try {
                return new Rotation.Issued(family, crypto.unseal(state.sealedSuccessor().get()));
            } catch (IllegalArgumentException sealedUnderAnotherKey) {
                return new Rotation.Refused("refresh token has already been used");
            }
        }
        refreshTokens.revokeFamily(family.id(), now);
        return new Rotation.Refused("refresh token was already used; the session has been revoked");
    }

    /** Delegates to {@link SessionHousekeepingService}, which a worker node wires on its own. */
    @Override
    public Purged purgeStaleSessions() {
        return housekeeping.purgeStaleSessions();
    }

    @Override
    public void logout(String refreshToken) {
        if (!TokenCrypto.plausible(refreshToken)) {
            return;
        }
        unitOfWork.withoutTenant(() -> {
            refreshTokens.lockByHash(TokenCrypto.sha256(refreshToken))
                    .map(TokenState::family)
                    .filter(family -> family.revokedAt().isEmpty())
                    .ifPresent(family -> refreshTokens.revokeFamily(family.id(), clock.instant()));
            return null;
        });
    }

    @Override
    public SignIn switchTenant(UserId user, String tenantSlug, Optional<String> refreshToken) {
        User existing = existingUser(user);
        TenantGrant grant = requireGrant(existing, tenantSlug);
        refreshToken.filter(TokenCrypto::plausible).ifPresent(token -> unitOfWork.withoutTenant(() -> {
            Instant now = clock.instant();
            refreshTokens.lockByHash(TokenCrypto.sha256(token))
                    .map(TokenState::family)
                    .filter(family -> family.user().equals(user))
                    .filter(family -> family.revokedAt().isEmpty() && now.isBefore(family.absoluteExpiresAt()))
                    .ifPresent(family -> refreshTokens.touchFamily(family.id(), now, Optional.of(grant.id())));
            return null;
        }));
        return new SignIn(existing, Optional.of(grant), Optional.empty());
    }

    @Override
    public SignIn me(UserId user, Optional<TenantId> tenant) {
        User existing = existingUser(user);
        return new SignIn(existing, tenant.flatMap(id -> grantIfMember(existing, id)), Optional.empty());
    }

    private User registered(EmailAddress email) {
        return unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(email)));
    }

    /** A signed-in user (from a verified access token) who no longer exists must sign in again. */
    private User existingUser(UserId user) {
        Objects.requireNonNull(user, "user");
        return unitOfWork.withoutTenant(() -> users.findById(user))
                .orElseThrow(() -> new InvalidCredentialsException("the signed-in user no longer exists"));
    }

    /** The tenant named by {@code slug}, which must exist (404) and have the user as a member (403). */
    private TenantGrant requireGrant(User user, String slug) {
        Slug parsed = Slug.of(slug);
        Tenant tenant = unitOfWork.withoutTenant(() -> tenants.findBySlug(parsed))
                .orElseThrow(() -> new NotFoundException("tenant"));
        Membership membership = unitOfWork.inTenant(tenant.id(), () -> memberships.find(user.id()))
                .orElseThrow(() -> new ForbiddenException(Role.STAFF, "signing in to tenant " + parsed));
        return grant(tenant, membership);
    }

    private Optional<TenantGrant> grantIfMember(User user, TenantId tenantId) {
        return unitOfWork.inTenant(tenantId, () -> tenants.findById(tenantId)
                .flatMap(tenant -> memberships.find(user.id()).map(membership -> grant(tenant, membership))));
    }

    /** Without a requested tenant, a user who belongs to exactly one is signed in to it; otherwise to none. */
    private Optional<TenantGrant> onlyTenantOf(User user) {
        List<Membership> all = unitOfWork.asUser(user.id(), () -> memberships.ofUser(user.id()));
        return all.size() == 1 ? grantIfMember(user, all.getFirst().tenantId()) : Optional.empty();
    }

    private static TenantGrant grant(Tenant tenant, Membership membership) {
        return new TenantGrant(tenant.id(), tenant.slug(), tenant.name(), membership.role());
    }

    /** {@code auth:sign-in:address:1.2.3.4} is policy {@code sign-in-address}: the key without its subject. */
    private static String policyName(String key) {
        // The subject (an IPv6 address has colons of its own) follows the first address/account/family segment.
        return key.replaceFirst("^auth:((?:[a-z-]+:)*?(?:address|account|family)):.*$", "$1").replace(':', '-');
    }

    private void limit(String key, AuthSettings.RateLimit rule, RateLimitObserver rateLimits) {
        RateLimits.count(rateLimiter, key, policyName(key), rule.attempts(), rule.window(), rateLimits);
    }

    /**
     * A refused refresh, counted against the client address: only failures are, so that successful refreshes of a
     * large population behind one address are never limited, while guessing is (429 once over the limit).
     */
    private RuntimeException failedRefresh(String clientAddress, String reason, RateLimitObserver rateLimits) {
        try {
            limit("auth:refresh:failed:address:" + address(clientAddress), settings.refreshPerAddress(), rateLimits);
        } catch (RateLimitedException e) {
            return e;
        }
        return new InvalidCredentialsException(reason);
    }

    private static String address(String clientAddress) {
        return clientAddress == null || clientAddress.isBlank() ? "unknown" : clientAddress.strip();
    }

    /** The verdict of one refresh, decided inside the unit of work and acted upon after it committed. */
    private sealed interface Rotation {
        record Issued(Family family, String token) implements Rotation {}

        record Refused(String reason) implements Rotation {}

        record Limited(RateLimitedException exception) implements Rotation {}
    }
}
