package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.InMemoryInvitationRepository;
import io.saasplatform.testkit.fake.InMemoryMembershipRepository;
import io.saasplatform.testkit.fake.InMemoryOutbox;
import io.saasplatform.testkit.fake.InMemoryTenantRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.InMemoryUserRepository;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.testkit.fake.RecordingMailer;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InvitationServiceTest {
    private static final Pattern TOKEN_IN_MAIL = Pattern.compile("\\{\"token\": \"([^\"]+)\"}");

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    private final InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
    private final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork, users);
    private final InMemoryInvitationRepository invitations = new InMemoryInvitationRepository(unitOfWork);
    private final RecordingMailer mailer = new RecordingMailer();
    private final io.saasplatform.testkit.fake.InMemoryRateLimiter rateLimiter =
            new io.saasplatform.testkit.fake.InMemoryRateLimiter(clock);
    private final InMemoryOutbox outbox = new InMemoryOutbox(unitOfWork);
    private final MailOutbox mailOutbox = new MailOutbox(
            unitOfWork, unitOfWork, outbox, mailer, new byte[32], OutboxSettings.DEFAULTS, clock);
    private final TenantService tenantService =
            new TenantService(unitOfWork, tenants, users, memberships, new InMemoryCatalogRepository(unitOfWork),
                    invitations);
    private final InvitationService service = new InvitationService(
            clock, InvitationService.DEFAULT_TTL, "https://api.example.com/", unitOfWork, memberships, users, tenants,
            invitations, mailOutbox, rateLimiter, InvitationService.DEFAULT_INVITATIONS_PER_HOUR);

    private final User ann = registeredUser("ann@example.com");
    private final Tenant acme = tenantOwnedBy(ann, "acme");
    private final Actor owner = new Actor(ann.id(), acme.id());

    // --- inviting

    @Test
    void given_owner_when_inviting_then_invitation_stored_hashed_and_emailed_with_the_token() {
        Invitation invitation = service.invite(owner, "Carl@Example.com", "admin");

        assertThat(invitation.tenantId()).isEqualTo(acme.id());
        assertThat(invitation.email()).isEqualTo(EmailAddress.of("carl@example.com"));
        assertThat(invitation.role()).isEqualTo(Role.ADMIN);
        assertThat(invitation.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        OutgoingEmail mail = deliverAll().last();
        assertThat(mail.to()).isEqualTo(EmailAddress.of("carl@example.com"));
        assertThat(mail.subject()).contains(acme.name());
        assertThat(mail.textBody()).contains("POST https://api.example.com/invitations/accept");
        String token = tokenFromMail();
        assertThat(token).startsWith(acme.id() + ".");
        assertThat(invitations.allRows()).containsExactly(invitation);
        assertThat(invitations.storesHash(TokenCrypto.sha256(token))).isTrue();
    }

    @Test
    void given_staff_member_when_inviting_then_forbidden_and_nothing_stored_or_sent() {
        Actor staff = memberOf(Role.STAFF);

        assertThatThrownBy(() -> service.invite(staff, "carl@example.com", "staff"))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.ADMIN));

        assertThat(invitations.allRows()).isEmpty();
        assertThat(deliverAll().sent()).isEmpty();
    }

    @Test
    void given_non_member_when_inviting_then_tenant_not_found() {
        Actor stranger = new Actor(registeredUser("eve@example.com").id(), acme.id());

        assertThatThrownBy(() -> service.invite(stranger, "carl@example.com", "staff"))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));
    }

    @Test
    void given_admin_when_inviting_an_owner_then_forbidden_but_an_owner_may() {
        Actor admin = memberOf(Role.ADMIN);

        assertThatThrownBy(() -> service.invite(admin, "carl@example.com", "owner"))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.OWNER));
        assertThat(service.invite(admin, "carl@example.com", "admin").role()).isEqualTo(Role.ADMIN);
        assertThat(service.invite(owner, "dora@example.com", "owner").role()).isEqualTo(Role.OWNER);
    }

    @Test
    void given_email_of_an_existing_member_when_inviting_then_conflict_on_email() {
        assertThatThrownBy(() -> service.invite(owner, "ann@example.com", "staff"))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("email"));

        assertThat(deliverAll().sent()).isEmpty();
    }

    // --- accepting

    @Test
    void given_invited_user_when_accepting_then_member_with_the_invited_role() {
        service.invite(owner, "carl@example.com", "admin");
        User carl = registeredUser("carl@example.com");

        Membership membership = service.accept(carl.id(), tokenFromMail());

        assertThat(membership).isEqualTo(new Membership(acme.id(), carl.id(), Role.ADMIN));
        assertThat(tenantService.listMembers(owner)).contains(membership);
        assertThat(invitations.allRows()).singleElement().satisfies(i -> assertThat(i.accepted()).isTrue());
    }

    @Test
    void given_accepted_invitation_when_accepting_again_then_not_found() {
        service.invite(owner, "carl@example.com", "staff");
        String token = tokenFromMail();
        User carl = registeredUser("carl@example.com");
        service.accept(carl.id(), token);
        tenantService.removeMember(owner, carl.id());

        assertThatThrownBy(() -> service.accept(carl.id(), token))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("invitation"));
    }

    @Test
    void given_expired_invitation_when_accepting_then_not_found() {
        service.invite(owner, "carl@example.com", "staff");
        User carl = registeredUser("carl@example.com");
        clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> service.accept(carl.id(), tokenFromMail()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("invitation"));
        assertThat(memberships.allRows()).extracting(Membership::userId).doesNotContain(carl.id());
    }

    @Test
    void given_user_with_another_email_when_accepting_then_not_found_and_the_invitee_can_still_accept() {
        service.invite(owner, "carl@example.com", "staff");
        String token = tokenFromMail();
        User eve = registeredUser("eve@example.com");

        assertThatThrownBy(() -> service.accept(eve.id(), token))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("invitation"));

        assertThat(memberships.allRows()).extracting(Membership::userId).doesNotContain(eve.id());
        assertThat(service.accept(registeredUser("carl@example.com").id(), token).role()).isEqualTo(Role.STAFF);
    }

    @Test
    void given_token_of_tenant_a_with_prefix_of_tenant_b_when_accepting_then_not_found_and_not_a_member_of_b() {
        Tenant bolt = tenantOwnedBy(registeredUser("bob@example.com"), "bolt");
        service.invite(owner, "carl@example.com", "admin");
        String token = tokenFromMail();
        String tampered = bolt.id() + token.substring(token.indexOf('.'));
        User carl = registeredUser("carl@example.com");

        assertThatThrownBy(() -> service.accept(carl.id(), tampered))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("invitation"));

        assertThat(memberships.allRows()).extracting(Membership::userId).doesNotContain(carl.id());
        assertThat(service.accept(carl.id(), token).tenantId()).isEqualTo(acme.id());
    }

    @Test
    void given_malformed_or_unknown_token_when_accepting_then_not_found() {
        UserId carl = registeredUser("carl@example.com").id();

        for (String token : new String[] {"garbage", ".abc", acme.id() + ".", "not-a-uuid.abc", acme.id() + ".abc", ""}) {
            assertThatThrownBy(() -> service.accept(carl, token))
                    .as(token)
                    .isInstanceOfSatisfying(
                            NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("invitation"));
        }
    }

    @Test
    void given_invitee_who_already_became_a_member_when_accepting_then_conflict_and_invitation_stays_open() {
        service.invite(owner, "carl@example.com", "admin");
        User carl = registeredUser("carl@example.com");
        tenantService.addMember(owner, carl.id(), Role.STAFF);

        assertThatThrownBy(() -> service.accept(carl.id(), tokenFromMail())).isInstanceOf(ConflictException.class);

        assertThat(invitations.allRows()).singleElement().satisfies(i -> assertThat(i.accepted()).isFalse());
    }

    @Test
    void given_invitation_of_tenant_a_when_inserted_while_tenant_b_is_bound_then_refused_by_the_fake() {
        Tenant bolt = tenantOwnedBy(registeredUser("bob@example.com"), "bolt");
        Invitation forA = new Invitation(
                java.util.UUID.randomUUID(), acme.id(), EmailAddress.of("x@example.com"), Role.STAFF, ann.id(),
                clock.instant(), clock.instant().plusSeconds(60), java.util.Optional.empty());

        assertThatThrownBy(() -> unitOfWork.runInTenant(bolt.id(), () -> invitations.insert(forA, new byte[32])))
                .isInstanceOf(SecurityException.class);
        assertThat(invitations.allRows()).isEmpty();
    }

    // --- revocation, listing, limits (issue 9, item 4)

    @Test
    void given_an_admin_who_invited_a_second_mailbox_as_admin_when_removed_then_that_invitation_cannot_be_accepted() {
        Actor admin = memberOf(Role.ADMIN);
        service.invite(admin, "second-mailbox@example.com", "admin");
        String token = tokenFromMail();
        User secondMailbox = registeredUser("second-mailbox@example.com");

        tenantService.removeMember(owner, admin.user());

        assertThatThrownBy(() -> service.accept(secondMailbox.id(), token)).isInstanceOf(NotFoundException.class);
        assertThat(unitOfWork.inTenant(acme.id(), () -> memberships.find(secondMailbox.id()))).isEmpty();
        assertThat(service.listPending(owner)).isEmpty();
    }

    @Test
    void given_an_invitation_whose_inviter_was_demoted_behind_its_back_when_accepting_then_not_found() {
        // Re-validated at acceptance too, whatever happened to the stored invitation.
        Actor admin = memberOf(Role.ADMIN);
        service.invite(admin, "carl@example.com", "admin");
        String token = tokenFromMail();
        User carl = registeredUser("carl@example.com");
        unitOfWork.runInTenant(acme.id(), () -> memberships.save(
                memberships.find(admin.user()).orElseThrow().withRole(Role.STAFF)));

        assertThatThrownBy(() -> service.accept(carl.id(), token)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void given_an_admin_demoted_to_staff_when_the_role_changes_then_their_pending_invitations_are_revoked() {
        Actor admin = memberOf(Role.ADMIN);
        service.invite(admin, "carl@example.com", "staff");
        Invitation byOwner = service.invite(owner, "dora@example.com", "admin");

        tenantService.changeRole(owner, admin.user(), Role.STAFF);

        assertThat(service.listPending(owner)).containsExactly(byOwner);
    }

    @Test
    void given_pending_accepted_and_expired_invitations_when_listing_then_only_the_pending_with_inviter_and_expiry() {
        Invitation expired = service.invite(owner, "old@example.com", "staff");
        clock.advance(InvitationService.DEFAULT_TTL.plusSeconds(1));
        Invitation pending = service.invite(owner, "new@example.com", "staff");

        List<Invitation> listed = service.listPending(owner);

        assertThat(listed).containsExactly(pending);
        assertThat(listed.getFirst().invitedBy()).isEqualTo(owner.user());
        assertThat(listed.getFirst().expiresAt()).isAfter(clock.instant());
        assertThat(listed).doesNotContain(expired);
        assertThatThrownBy(() -> service.listPending(memberOf(Role.STAFF))).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void given_a_revoked_invitation_when_accepting_then_not_found_and_revoking_again_is_not_found() {
        Invitation invitation = service.invite(owner, "carl@example.com", "staff");
        String token = tokenFromMail();
        User carl = registeredUser("carl@example.com");

        service.revoke(owner, invitation.id());

        assertThatThrownBy(() -> service.accept(carl.id(), token)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.revoke(owner, invitation.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void given_a_tenant_that_sent_its_hourly_allowance_when_inviting_again_then_rate_limited_and_nothing_sent() {
        for (int i = 0; i < InvitationService.DEFAULT_INVITATIONS_PER_HOUR; i++) {
            service.invite(owner, "person" + i + "@example.com", "staff");
        }
        int sent = mailer.sent().size();

        assertThatThrownBy(() -> service.invite(owner, "one-more@example.com", "staff"))
                .isInstanceOf(io.saasplatform.application.port.in.RateLimitedException.class);
        assertThat(mailer.sent()).hasSize(sent);
    }

    // --- helpers

    /** What the worker does: every pending message delivered, as its tenant. */
    private RecordingMailer deliverAll() {
        for (InMemoryOutbox.Row row : outbox.allRows()) {
            if (row.status().equals("pending")) {
                mailOutbox.deliver(row.tenant(), row.id());
            }
        }
        return mailer;
    }

    private String tokenFromMail() {
        Matcher matcher = TOKEN_IN_MAIL.matcher(deliverAll().last().textBody());
        assertThat(matcher.find()).as("token in the mail body").isTrue();
        return matcher.group(1);
    }

    private User registeredUser(String email) {
        return unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(EmailAddress.of(email))));
    }

    private Tenant tenantOwnedBy(User owner, String slug) {
        return tenantService.createTenant(new CreateTenantCommand(owner.id(), slug, "Shop " + slug, "USD"));
    }

    private Actor memberOf(Role role) {
        User member = registeredUser(role.wireName() + "-" + UserId.random() + "@example.com");
        tenantService.addMember(owner, member.id(), role);
        return new Actor(member.id(), acme.id());
    }
}
