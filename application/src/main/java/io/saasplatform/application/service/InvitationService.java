package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.InvitationsUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.application.port.in.RateLimitObserver;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
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
 * Application service: invitations to a tenant by email; single-use, time-limited tokens of which only a hash is
 * stored.
 *
 * <p>A token reads {@code <tenantId>.<256 random bits>}: the prefix lets acceptance bind the tenant before the lookup,
 * which row-level security requires; it is not trusted beyond that, because the hash of the whole token must then be
 * found among that tenant's invitations.
 */
public final class InvitationService implements InvitationsUseCase {
    public static final Duration DEFAULT_TTL = Duration.ofDays(7);
    /** Invitations one tenant may send per hour: enough for onboarding a team, not for spamming a mailing list. */
    public static final int DEFAULT_INVITATIONS_PER_HOUR = 50;
    private static final Duration RATE_WINDOW = Duration.ofHours(1);

    private final Clock clock;
    private final Duration ttl;
    private final String apiBaseUrl;
    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final UserRepository users;
    private final TenantRepository tenants;
    private final InvitationRepository invitations;
    private final MailOutbox outbox;
    private final RateLimiter rateLimiter;
    private final int invitationsPerHour;

    /**
     * @param ttl how long an invitation stays open ({@link #DEFAULT_TTL})
     * @param apiBaseUrl where the API is reached, for the instructions in the email, e.g. {@code https://api.example.com}
     */
    public InvitationService(
            Clock clock,
            Duration ttl,
            String apiBaseUrl,
            UnitOfWork unitOfWork,
            MembershipRepository memberships,
            UserRepository users,
            TenantRepository tenants,
            InvitationRepository invitations,
            MailOutbox outbox,
            RateLimiter rateLimiter,
            int invitationsPerHour) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl);
        }
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        if (apiBaseUrl.isBlank()) {
            throw new IllegalArgumentException("apiBaseUrl must not be blank");
        }
        this.apiBaseUrl = apiBaseUrl.strip().replaceAll("/+$", "");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.users = Objects.requireNonNull(users, "users");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.invitations = Objects.requireNonNull(invitations, "invitations");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        if (invitationsPerHour < 1) {
            throw new IllegalArgumentException("invitationsPerHour must be positive, was " + invitationsPerHour);
        }
        this.invitationsPerHour = invitationsPerHour;
    }

    @Override
    public Invitation invite(Actor actor, String email, String role, RateLimitObserver rateLimits) {
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(actor, "actor");
        EmailAddress invitee = EmailAddress.of(email);
        Role invitedRole = Role.parse(role);
        String token = actor.tenant() + "." + TokenCrypto.randomToken();
        Instant now = clock.instant();
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Role callerRole = requireRole(actor, Role.ADMIN, "inviting members");
            if (invitedRole == Role.OWNER && callerRole != Role.OWNER) {
                throw new ForbiddenException(Role.OWNER, "inviting an owner");
            }
            Tenant tenant = tenants.findById(actor.tenant()).orElseThrow(() -> new NotFoundException("tenant"));
            // Counted once the caller is known to be an admin of the tenant: strangers cannot use up its allowance.
            RateLimits.count(rateLimiter, "invitations:tenant:" + actor.tenant(), "invitations", invitationsPerHour,
                    RATE_WINDOW, rateLimits);
            if (users.findByEmail(invitee).flatMap(user -> memberships.find(user.id())).isPresent()) {
                throw new ConflictException("already-member", "email", invitee + " is already a member of this tenant");
            }
            Invitation invitation = new Invitation(
                    UUID.randomUUID(), tenant.id(), invitee, invitedRole, actor.user(), now, now.plus(ttl), Optional.empty());
            invitations.insert(invitation, TokenCrypto.sha256(token));
            // Into the outbox in the same transaction: the email exists exactly when the invitation does, and the
            // worker delivers it (with retries) without the request waiting on the mail service.
            outbox.enqueue(email(tenant, invitation, token));
            return invitation;
        });
    }

    @Override
    public Membership accept(UserId user, String token) {
        Objects.requireNonNull(user, "user");
        TenantId tenant = tenantOf(token).orElseThrow(() -> new NotFoundException("invitation"));
        byte[] hash = TokenCrypto.sha256(token);
        Instant now = clock.instant();
        return unitOfWork.inTenant(tenant, () -> {
            Invitation invitation = invitations.findByTokenHash(hash)
                    .filter(found -> found.tenantId().equals(tenant))
                    .filter(found -> !found.accepted() && !found.expiredAt(now))
                    .orElseThrow(() -> new NotFoundException("invitation"));
            User accepting = users.findById(user).orElseThrow(() -> new NotFoundException("user"));
            if (!accepting.email().equals(invitation.email())) {
                // Answered like an unknown token: a forwarded or leaked token tells its holder nothing, and the
                // invitation stays open for the account it was meant for.
                throw new NotFoundException("invitation");
            }
            // Re-validated now, not only when sent: an inviter demoted or removed since cannot grant this role any
            // more, so neither can the invitation (an admin about to be removed cannot smuggle in a second mailbox).
            boolean inviterMayStillGrant = memberships.find(invitation.invitedBy())
                    .map(inviter -> inviter.role().mayGrant(invitation.role()))
                    .orElse(false);
            if (!inviterMayStillGrant) {
                invitations.deletePending(invitation.id());
                throw new NotFoundException("invitation");
            }
            if (memberships.find(user).isPresent()) {
                throw new ConflictException("already-member", null, "you are already a member of this tenant");
            }
            if (!invitations.markAccepted(invitation.id(), user, now)) {
                throw new NotFoundException("invitation");
            }
            Membership membership = new Membership(tenant, user, invitation.role());
            memberships.save(membership);
            return membership;
        });
    }

    @Override
    public List<Invitation> listPending(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        Instant now = clock.instant();
        return unitOfWork.inTenant(actor.tenant(), () -> {
            requireRole(actor, Role.ADMIN, "listing invitations");
            return invitations.listPending(now);
        });
    }

    @Override
    public void revoke(Actor actor, UUID invitationId) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(invitationId, "invitationId");
        unitOfWork.runInTenant(actor.tenant(), () -> {
            requireRole(actor, Role.ADMIN, "revoking invitations");
            if (!invitations.deletePending(invitationId)) {
                throw new NotFoundException("invitation");
            }
        });
    }

    /** The tenant named by the token's prefix; empty for anything that is not shaped like one of our tokens. */
    private static Optional<TenantId> tenantOf(String token) {
        if (!TokenCrypto.plausible(token)) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(TenantId.parse(token.substring(0, dot)));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private OutgoingEmail email(Tenant tenant, Invitation invitation, String token) {
        String tenantName = oneLine(tenant.name());
        String body = "You have been invited to join " + tenantName + " as " + invitation.role().wireName() + ".\n\n"
                + "To accept, sign in as " + invitation.email() + " and send:\n\n"
                + "POST " + apiBaseUrl + "/invitations/accept\n"
                + "{\"token\": \"" + token + "\"}\n\n"
                + "The invitation can be used once and expires at " + invitation.expiresAt() + ".\n"
                + "If you did not expect it, ignore this email.\n";
        return new OutgoingEmail(invitation.email(), "Invitation to join " + tenantName, body);
    }

    /** Tenant names are free text; keep line breaks out of the subject header. */
    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    /** The caller's role; a non-member is told the tenant does not exist rather than that it is forbidden. */
    private Role requireRole(Actor actor, Role required, String operation) {
        Role role = memberships.find(actor.user())
                .map(Membership::role)
                .orElseThrow(() -> new NotFoundException("tenant"));
        if (!role.atLeast(required)) {
            throw new ForbiddenException(required, operation);
        }
        return role;
    }
}
