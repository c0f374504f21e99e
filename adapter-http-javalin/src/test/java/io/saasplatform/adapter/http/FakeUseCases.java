package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.AuthUseCase;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.in.InvitationsUseCase;
import io.saasplatform.application.port.in.ManageTenantUseCase;
import io.saasplatform.application.port.in.MembersUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.RateLimitObserver;
import io.saasplatform.application.port.out.IdentityTokenVerifier;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.MyTenant;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * All five incoming ports at once, as a scripted fake: records every call, answers with fixed data for the tenant
 * {@link #ACME}, and treats every other tenant as not found (as the real services do by running inside the tenant).
 */
final class FakeUseCases
        implements AuthUseCase, CreateTenantUseCase, ManageTenantUseCase, MembersUseCase, InvitationsUseCase,
        io.saasplatform.application.port.in.MyTenantsUseCase {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final User ALICE = new User(
            UserId.parse("11111111-1111-4111-8111-111111111111"), EmailAddress.of("alice@example.com"));
    static final UserId BOB = UserId.parse("22222222-2222-4222-8222-222222222222");
    static final Tenant ACME = new Tenant(
            TenantId.parse("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"), Slug.of("acme"), "Acme", CurrencyCode.of("KWD"),
            NOW.minusSeconds(86_400), NOW.minusSeconds(3_600));
    static final TenantId OTHER_TENANT = TenantId.parse("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    static final TenantGrant ACME_OWNER = new TenantGrant(ACME.id(), ACME.slug(), ACME.name(), Role.OWNER);
    static final String REFRESH_1 = "refresh-token-0001-aaaaaaaaaaaaaaaa";
    static final String REFRESH_2 = "refresh-token-0002-bbbbbbbbbbbbbbbb";
    static final String REVOKED = "refresh-token-dead-cccccccccccccccc";
    static final Instant FAMILY_END = NOW.plus(Duration.ofDays(30));
    static final String INVITATION_TOKEN = "invitation-token-secret-value";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Actor> actors = new CopyOnWriteArrayList<>();
    volatile String lastClientAddress;
    volatile IdentityTokenVerifier verifier;
    private volatile RuntimeException failure;

    /** The next call throws this instead of answering. */
    void failNextWith(RuntimeException e) {
        failure = e;
    }

    private void enter(String call) {
        calls.add(call);
        RuntimeException pending = failure;
        if (pending != null) {
            failure = null;
            throw pending;
        }
    }

    private Actor enter(String call, Actor actor) {
        actors.add(actor);
        enter(call);
        if (!actor.tenant().equals(ACME.id())) {
            // The real services run inside the actor's tenant, where other tenants' rows do not exist.
            throw new NotFoundException("tenant");
        }
        return actor;
    }

    private static Optional<TenantGrant> grantFor(Optional<String> slug) {
        return slug.map(s -> {
            if (!s.equals(ACME.slug().value())) {
                throw new NotFoundException("tenant");
            }
            return ACME_OWNER;
        });
    }

    // --- AuthUseCase

    @Override
    public SignIn devLogin(
            String email, Optional<String> tenantSlug, String clientAddress, RateLimitObserver limits) {
        enter("devLogin:" + email);
        lastClientAddress = clientAddress;
        User user = new User(ALICE.id(), EmailAddress.of(email));
        // Returns a refresh token against the port's word, to prove the adapter still sets no cookie.
        return new SignIn(user, grantFor(tenantSlug), Optional.of(new RefreshToken(REFRESH_1, FAMILY_END)));
    }

    @Override
    public SignIn login(
            String idToken, Optional<String> tenantSlug, String clientAddress, RateLimitObserver limits) {
        enter("login");
        lastClientAddress = clientAddress;
        if (verifier != null) {
            IdentityTokenVerifier.VerifiedIdentity identity = verifier.verify(idToken);
            calls.add("login-verified:" + identity.email());
        }
        return new SignIn(ALICE, grantFor(tenantSlug), Optional.of(new RefreshToken(REFRESH_1, FAMILY_END)));
    }

    @Override
    public SignIn refresh(String refreshToken, String clientAddress, RateLimitObserver limits) {
        enter("refresh:" + refreshToken);
        lastClientAddress = clientAddress;
        if (!refreshToken.equals(REFRESH_1)) {
            throw new InvalidCredentialsException("The refresh token is not valid");
        }
        return new SignIn(ALICE, Optional.of(ACME_OWNER), Optional.of(new RefreshToken(REFRESH_2, FAMILY_END)));
    }

    @Override
    public void logout(String refreshToken) {
        enter("logout:" + refreshToken);
    }

    @Override
    public SignIn switchTenant(UserId user, String tenantSlug, Optional<String> refreshToken) {
        enter("switchTenant:" + user + ":" + tenantSlug + ":" + refreshToken.orElse("none"));
        Optional<TenantGrant> grant = grantFor(Optional.of(tenantSlug));
        return new SignIn(ALICE, grant, refreshToken.map(old -> new RefreshToken(REFRESH_2, FAMILY_END)));
    }

    @Override
    public SignIn me(UserId user, Optional<TenantId> tenant) {
        enter("me:" + user + ":" + tenant.map(TenantId::toString).orElse("none"));
        return new SignIn(ALICE, tenant.filter(ACME.id()::equals).map(t -> ACME_OWNER), Optional.empty());
    }

    // --- CreateTenantUseCase

    @Override
    public Tenant createTenant(CreateTenantCommand command, RateLimitObserver limits) {
        enter("createTenant:" + command.creator() + ":" + command.slug());
        if (command.slug().equals(ACME.slug().value())) {
            throw new ConflictException("slug-taken", "slug", "slug acme is already taken");
        }
        return new Tenant(TenantId.parse("cccccccc-cccc-4ccc-8ccc-cccccccccccc"), Slug.of(command.slug()),
                command.name(), CurrencyCode.of(command.defaultCurrency()), NOW, NOW);
    }

    /** A change as the store answers it: the same creation time, a new update time. */
    private static Tenant changed(Tenant tenant) {
        return tenant.stored(ACME.createdAt(), NOW);
    }

    // --- ManageTenantUseCase

    @Override
    public Tenant getTenant(Actor actor) {
        enter("getTenant", actor);
        return ACME;
    }

    @Override
    public Tenant rename(Actor actor, String newName) {
        enter("rename:" + newName, actor);
        return changed(ACME.renamed(newName));
    }

    @Override
    public Tenant changeDefaultCurrency(Actor actor, String currency) {
        enter("changeDefaultCurrency:" + currency, actor);
        return changed(ACME.withDefaultCurrency(CurrencyCode.of(currency)));
    }

    @Override
    public Tenant update(Actor actor, java.util.Optional<String> newName, java.util.Optional<String> currency) {
        enter("update:" + newName.orElse("-") + ":" + currency.orElse("-"), actor);
        Tenant tenant = newName.map(ACME::renamed).orElse(ACME);
        return changed(currency.map(c -> tenant.withDefaultCurrency(CurrencyCode.of(c))).orElse(tenant));
    }

    @Override
    public java.util.List<Invitation> listPending(Actor actor) {
        enter("listInvitations", actor);
        return java.util.List.of(new Invitation(INVITATION_ID, ACME.id(), io.saasplatform.domain.EmailAddress.of(
                "carl@example.com"), Role.STAFF, ALICE.id(), NOW, NOW.plus(java.time.Duration.ofDays(7)),
                java.util.Optional.empty()));
    }

    @Override
    public void revoke(Actor actor, java.util.UUID invitationId) {
        enter("revoke:" + invitationId, actor);
    }

    static final java.util.UUID INVITATION_ID = java.util.UUID.fromString("7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b");

    // --- MembersUseCase

    @Override
    public Membership addMember(Actor actor, UserId user, Role role) {
        enter("addMember", actor);
        return new Membership(actor.tenant(), user, role);
    }

    @Override
    public List<Membership> listMembers(Actor actor) {
        enter("listMembers", actor);
        return List.of(new Membership(ACME.id(), ALICE.id(), Role.OWNER), new Membership(ACME.id(), BOB, Role.STAFF));
    }

    @Override
    public List<Member> listMembersWithEmails(Actor actor) {
        enter("listMembers", actor);
        return List.of(
                new Member(new Membership(ACME.id(), ALICE.id(), Role.OWNER), ALICE.email(),
                        Instant.parse("2026-01-01T00:00:00Z")),
                new Member(new Membership(ACME.id(), BOB, Role.STAFF),
                        EmailAddress.of("bob@example.com"), Instant.parse("2026-01-02T00:00:00Z")));
    }

    @Override
    public Member changeRole(Actor actor, UserId member, Role role) {
        enter("changeRole:" + member + ":" + role.wireName(), actor);
        if (member.equals(ALICE.id())) {
            throw new ConflictException("last-owner", "role", "the last owner cannot be demoted");
        }
        if (!member.equals(BOB)) {
            throw new NotFoundException("member");
        }
        return new Member(new Membership(ACME.id(), member, role), EmailAddress.of("bob@example.com"),
                Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Override
    public void removeMember(Actor actor, UserId member) {
        enter("removeMember:" + member, actor);
        if (!member.equals(BOB)) {
            throw new NotFoundException("member");
        }
    }

    // --- InvitationsUseCase

    @Override
    public Invitation invite(Actor actor, String email, String role, RateLimitObserver limits) {
        enter("invite:" + email + ":" + role, actor);
        Role parsed = Role.parse(role);
        if (parsed == Role.OWNER) {
            throw new ForbiddenException(Role.OWNER, "inviting an owner");
        }
        return new Invitation(UUID.fromString("dddddddd-dddd-4ddd-8ddd-dddddddddddd"), ACME.id(),
                EmailAddress.of(email), parsed, actor.user(), NOW, NOW.plus(Duration.ofDays(7)), Optional.empty());
    }

    @Override
    public Membership accept(UserId user, String token) {
        enter("accept:" + user);
        if (!token.equals(INVITATION_TOKEN)) {
            throw new NotFoundException("invitation");
        }
        return new Membership(ACME.id(), user, Role.STAFF);
    }

    // --- MyTenantsUseCase: Alice is owner of Acme and staff of a second shop; pages of one give a cursor

    static final String MY_TENANTS_CURSOR = "after-acme";

    @Override
    public io.saasplatform.application.port.in.Page<MyTenant> listMyTenants(
            UserId user, Optional<String> cursor, Integer limit) {
        calls.add("listMyTenants:" + cursor.orElse("-") + ":" + limit);
        if (!user.equals(ALICE.id())) {
            return new io.saasplatform.application.port.in.Page<>(java.util.List.of(), Optional.empty());
        }
        MyTenant acme = new MyTenant(ACME.id(), ACME.slug(), ACME.name(), Role.OWNER, NOW);
        MyTenant other = new MyTenant(OTHER_TENANT, io.saasplatform.domain.Slug.of("other"), "Other", Role.STAFF,
                NOW.plusSeconds(60));
        if (cursor.isPresent()) {
            return new io.saasplatform.application.port.in.Page<>(java.util.List.of(other), Optional.empty());
        }
        return limit != null && limit == 1
                ? new io.saasplatform.application.port.in.Page<>(java.util.List.of(acme), Optional.of(MY_TENANTS_CURSOR))
                : new io.saasplatform.application.port.in.Page<>(java.util.List.of(acme, other), Optional.empty());
    }
}
