package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code InvitationRepository}, isolation included: a tenant finds and accepts only its own
 * invitations, an insert for another tenant (or none) is refused with a {@link SecurityException}, and acceptance is
 * single use.
 */
public abstract class InvitationRepositoryContract extends PortContractSupport {
    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00.123Z");
    private static final Instant ACCEPTED = CREATED.plus(2, ChronoUnit.HOURS);

    @Test
    void given_an_inserted_invitation_when_finding_it_by_its_token_hash_then_it_is_found_open() {
        Tenant tenant = newTenant();
        Invitation invitation = invitationTo(tenant.id(), newUser(), Role.ADMIN);
        byte[] hash = tokenHash();

        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().invitations().insert(invitation, hash));

        Optional<Invitation> found = ports().unitOfWork().inTenant(tenant.id(), () -> ports().invitations()
                .findByTokenHash(hash.clone()));
        assertThat(found).contains(invitation);
        assertThat(found.orElseThrow().accepted()).isFalse();
    }

    @Test
    void given_an_unknown_token_hash_when_finding_then_nothing_is_found() {
        Tenant tenant = newTenant();
        Invitation invitation = invitationTo(tenant.id(), newUser(), Role.STAFF);
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().invitations().insert(invitation, tokenHash()));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().invitations().findByTokenHash(tokenHash())))
                .isEmpty();
    }

    @Test
    void given_an_open_invitation_when_accepting_it_then_true_and_it_reads_as_accepted_at_that_time() {
        Tenant tenant = newTenant();
        Invitation invitation = invitationTo(tenant.id(), newUser(), Role.STAFF);
        byte[] hash = tokenHash();
        User invitee = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().invitations().insert(invitation, hash));

        boolean accepted = ports().unitOfWork().inTenant(tenant.id(), () ->
                ports().invitations().markAccepted(invitation.id(), invitee.id(), ACCEPTED));

        assertThat(accepted).isTrue();
        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().invitations().findByTokenHash(hash)))
                .hasValueSatisfying(found -> assertThat(found.acceptedAt()).contains(ACCEPTED));
    }

    @Test
    void given_an_accepted_invitation_when_accepting_it_again_then_false_and_the_first_acceptance_stands() {
        Tenant tenant = newTenant();
        Invitation invitation = invitationTo(tenant.id(), newUser(), Role.STAFF);
        byte[] hash = tokenHash();
        User first = newUser();
        User second = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().invitations().insert(invitation, hash));
        ports().unitOfWork().inTenant(tenant.id(), () ->
                ports().invitations().markAccepted(invitation.id(), first.id(), ACCEPTED));

        boolean again = ports().unitOfWork().inTenant(tenant.id(), () -> ports().invitations()
                .markAccepted(invitation.id(), second.id(), ACCEPTED.plusSeconds(60)));

        assertThat(again).isFalse();
        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().invitations().findByTokenHash(hash)))
                .hasValueSatisfying(found -> assertThat(found.acceptedAt()).contains(ACCEPTED));
    }

    @Test
    void given_an_unknown_invitation_id_when_accepting_then_false() {
        Tenant tenant = newTenant();
        User invitee = newUser();

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () ->
                        ports().invitations().markAccepted(UUID.randomUUID(), invitee.id(), ACCEPTED)))
                .isFalse();
    }

    @Test
    void given_an_invitation_of_tenant_a_when_tenant_b_looks_it_up_by_hash_then_nothing_is_found() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        byte[] hash = tokenHash();
        Invitation invitation = invitationTo(a.id(), newUser(), Role.OWNER);
        ports().unitOfWork().runInTenant(a.id(), () -> ports().invitations().insert(invitation, hash));

        assertThat(ports().unitOfWork().inTenant(b.id(), () -> ports().invitations().findByTokenHash(hash))).isEmpty();
    }

    @Test
    void given_an_invitation_of_tenant_a_when_tenant_b_accepts_it_then_false_and_it_stays_open() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        Invitation invitation = invitationTo(a.id(), newUser(), Role.OWNER);
        byte[] hash = tokenHash();
        User intruder = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().invitations().insert(invitation, hash));

        boolean accepted = ports().unitOfWork().inTenant(b.id(), () ->
                ports().invitations().markAccepted(invitation.id(), intruder.id(), ACCEPTED));

        assertThat(accepted).isFalse();
        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().invitations().findByTokenHash(hash)))
                .hasValueSatisfying(found -> assertThat(found.accepted()).isFalse());
    }

    @Test
    void given_tenant_b_bound_when_inserting_an_invitation_of_tenant_a_then_refused_and_a_has_none() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        byte[] hash = tokenHash();
        Invitation invitation = invitationTo(a.id(), newUser(), Role.ADMIN);

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(b.id(), () ->
                        ports().invitations().insert(invitation, hash)))
                .isInstanceOf(SecurityException.class);

        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().invitations().findByTokenHash(hash))).isEmpty();
    }

    @Test
    void given_no_tenant_bound_when_inserting_or_reading_invitations_then_refused_and_nothing_is_visible() {
        Tenant a = newTenant();
        byte[] hash = tokenHash();
        Invitation invitation = invitationTo(a.id(), newUser(), Role.STAFF);
        ports().unitOfWork().runInTenant(a.id(), () -> ports().invitations().insert(invitation, hash));

        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
                    ports().invitations().insert(invitationTo(a.id(), newUserInside(), Role.STAFF), tokenHash());
                    return null;
                }))
                .isInstanceOf(SecurityException.class);
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().invitations().findByTokenHash(hash))).isEmpty();
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().invitations()
                        .markAccepted(invitation.id(), invitation.invitedBy(), ACCEPTED)))
                .isFalse();
    }

    @Test
    void given_a_signed_in_user_without_tenant_when_reading_invitations_then_nothing_is_visible() {
        Tenant a = newTenant();
        User inviter = newUser();
        byte[] hash = tokenHash();
        Invitation invitation = invitationTo(a.id(), inviter, Role.STAFF);
        ports().unitOfWork().runInTenant(a.id(), () -> ports().invitations().insert(invitation, hash));

        assertThat(ports().unitOfWork().asUser(inviter.id(), () -> ports().invitations().findByTokenHash(hash))).isEmpty();
        assertThat(ports().unitOfWork().asUser(inviter.id(), () -> ports().invitations()
                        .markAccepted(invitation.id(), inviter.id(), ACCEPTED)))
                .isFalse();
    }

    /** A user created inside the caller's unit of work (users are global: any unit of work may add one). */
    private User newUserInside() {
        return ports().users().insertOrGet(User.register(uniqueEmail()));
    }

    protected static Invitation invitationTo(TenantId tenant, User inviter, Role role) {
        return new Invitation(UUID.randomUUID(), tenant, uniqueEmail(), role, inviter.id(), CREATED,
                CREATED.plus(7, ChronoUnit.DAYS), Optional.empty());
    }

    /** A SHA-256-sized hash of a fresh random token. */
    protected static byte[] tokenHash() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }
}
