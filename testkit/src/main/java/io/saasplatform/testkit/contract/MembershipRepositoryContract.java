package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code MembershipRepository}, isolation included: a tenant sees and changes only its own
 * memberships, and a write for another tenant (or for none) is refused with a {@link SecurityException}.
 */
public abstract class MembershipRepositoryContract extends PortContractSupport {

    @Test
    void given_a_saved_membership_when_finding_it_then_it_is_found() {
        Tenant tenant = newTenant();
        User user = newUser();
        Membership membership = new Membership(tenant.id(), user.id(), Role.ADMIN);

        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().memberships().save(membership));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().find(user.id())))
                .contains(membership);
    }

    @Test
    void given_several_members_when_listing_then_oldest_first() {
        Tenant tenant = newTenant();
        List<Membership> added = List.of(
                new Membership(tenant.id(), newUser().id(), Role.OWNER),
                new Membership(tenant.id(), newUser().id(), Role.STAFF),
                new Membership(tenant.id(), newUser().id(), Role.ADMIN));

        ports().unitOfWork().runInTenant(tenant.id(), () -> added.forEach(ports().memberships()::save));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().list()))
                .containsExactlyElementsOf(added);
    }

    @Test
    void given_several_members_when_listing_with_emails_then_each_with_its_users_email_and_join_time_oldest_first() {
        Tenant tenant = newTenant();
        User first = newUser();
        User second = newUser();
        Instant before = Instant.now().minusSeconds(60);
        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            ports().memberships().save(new Membership(tenant.id(), first.id(), Role.OWNER));
            ports().memberships().save(new Membership(tenant.id(), second.id(), Role.STAFF));
        });

        List<Member> members =
                ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().listWithEmails());

        assertThat(members).extracting(Member::email).containsExactly(first.email(), second.email());
        assertThat(members).extracting(m -> m.membership().role()).containsExactly(Role.OWNER, Role.STAFF);
        assertThat(members).allSatisfy(m -> assertThat(m.joinedAt()).isAfter(before));
    }

    @Test
    void given_a_member_when_the_role_changes_then_updated_at_moves_and_join_time_stays_and_an_unchanged_save_moves_nothing() {
        Tenant tenant = newTenant();
        User member = newUser();
        ports().unitOfWork().runInTenant(tenant.id(),
                () -> ports().memberships().save(new Membership(tenant.id(), member.id(), Role.STAFF)));
        Member joined = onlyMember(tenant);
        ports().unitOfWork().runInTenant(tenant.id(),
                () -> ports().memberships().save(new Membership(tenant.id(), member.id(), Role.STAFF)));
        Member resaved = onlyMember(tenant);

        ports().unitOfWork().runInTenant(tenant.id(),
                () -> ports().memberships().save(new Membership(tenant.id(), member.id(), Role.ADMIN)));
        Member promoted = onlyMember(tenant);

        assertThat(joined.updatedAt()).isEqualTo(joined.joinedAt());
        assertThat(resaved).isEqualTo(joined);
        assertThat(promoted.membership().role()).isEqualTo(Role.ADMIN);
        assertThat(promoted.joinedAt()).isEqualTo(joined.joinedAt());
        assertThat(promoted.updatedAt()).isAfter(joined.updatedAt());
    }

    @Test
    void given_a_member_when_finding_with_email_then_the_lists_entry_and_nothing_for_a_non_member_or_another_tenant() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        User member = newUser();
        User stranger = newUser();
        ports().unitOfWork().runInTenant(tenant.id(),
                () -> ports().memberships().save(new Membership(tenant.id(), member.id(), Role.STAFF)));

        Optional<Member> found = ports().unitOfWork().inTenant(tenant.id(),
                () -> ports().memberships().findWithEmail(member.id()));
        Optional<Member> notMember = ports().unitOfWork().inTenant(tenant.id(),
                () -> ports().memberships().findWithEmail(stranger.id()));
        Optional<Member> elsewhere = ports().unitOfWork().inTenant(other.id(),
                () -> ports().memberships().findWithEmail(member.id()));

        assertThat(found).contains(onlyMember(tenant));
        assertThat(notMember).isEmpty();
        assertThat(elsewhere).isEmpty();
    }

    private Member onlyMember(Tenant tenant) {
        List<Member> members = ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().listWithEmails());
        assertThat(members).hasSize(1);
        return members.getFirst();
    }

    @Test
    void given_tenant_a_bound_when_listing_with_emails_then_only_a_members() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User inA = newUser();
        User inB = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), inA.id(), Role.OWNER)));
        ports().unitOfWork().runInTenant(b.id(), () -> ports().memberships().save(new Membership(b.id(), inB.id(), Role.OWNER)));

        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().listWithEmails()))
                .extracting(Member::email).containsExactly(inA.email());
    }

    @Test
    void given_an_existing_membership_when_saving_another_role_then_it_is_replaced() {
        Tenant tenant = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () ->
                ports().memberships().save(new Membership(tenant.id(), user.id(), Role.STAFF)));

        ports().unitOfWork().runInTenant(tenant.id(), () ->
                ports().memberships().save(new Membership(tenant.id(), user.id(), Role.OWNER)));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().list()))
                .containsExactly(new Membership(tenant.id(), user.id(), Role.OWNER));
    }

    @Test
    void given_a_member_when_removed_then_it_is_gone_and_removing_again_returns_false() {
        Tenant tenant = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () ->
                ports().memberships().save(new Membership(tenant.id(), user.id(), Role.STAFF)));

        boolean first = ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().remove(user.id()));
        boolean second = ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().remove(user.id()));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().find(user.id()))).isEmpty();
    }

    @Test
    void given_tenant_a_bound_when_reading_memberships_then_only_a_rows() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User inA = newUser();
        User inB = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), inA.id(), Role.OWNER)));
        ports().unitOfWork().runInTenant(b.id(), () -> ports().memberships().save(new Membership(b.id(), inB.id(), Role.OWNER)));

        ports().unitOfWork().runInTenant(a.id(), () -> {
            assertThat(ports().memberships().list()).containsExactly(new Membership(a.id(), inA.id(), Role.OWNER));
            assertThat(ports().memberships().find(inB.id())).isEmpty();
        });
    }

    @Test
    void given_tenant_b_bound_when_removing_a_member_of_a_then_false_and_a_keeps_it() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.ADMIN)));

        boolean removed = ports().unitOfWork().inTenant(b.id(), () -> ports().memberships().remove(user.id()));

        assertThat(removed).isFalse();
        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().find(user.id()))).isPresent();
    }

    @Test
    void given_tenant_b_bound_when_saving_a_membership_of_tenant_a_then_refused_and_a_is_unchanged() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.STAFF)));

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(b.id(), () ->
                        ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER))))
                .isInstanceOf(SecurityException.class);

        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().find(user.id())))
                .contains(new Membership(a.id(), user.id(), Role.STAFF));
    }

    @Test
    void given_no_tenant_bound_when_reading_memberships_then_nothing_is_visible() {
        Tenant a = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER)));

        ports().unitOfWork().withoutTenant(() -> {
            assertThat(ports().memberships().list()).isEmpty();
            assertThat(ports().memberships().find(user.id())).isEmpty();
            return null;
        });
    }

    @Test
    void given_no_tenant_bound_when_saving_a_membership_then_refused() {
        Tenant a = newTenant();
        User user = newUser();

        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
                    ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER));
                    return null;
                }))
                .isInstanceOf(SecurityException.class);

        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().find(user.id()))).isEmpty();
    }

    @Test
    void given_no_tenant_bound_when_removing_a_member_then_false_and_it_stays() {
        Tenant a = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER)));

        boolean removed = ports().unitOfWork().withoutTenant(() -> ports().memberships().remove(user.id()));

        assertThat(removed).isFalse();
        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().find(user.id()))).isPresent();
    }

    @Test
    void given_two_owners_and_an_admin_when_counting_owners_for_update_then_two() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            ports().memberships().save(new Membership(tenant.id(), newUserInside().id(), Role.OWNER));
            ports().memberships().save(new Membership(tenant.id(), newUserInside().id(), Role.OWNER));
            ports().memberships().save(new Membership(tenant.id(), newUserInside().id(), Role.ADMIN));
        });
        ports().unitOfWork().runInTenant(other.id(), () ->
                ports().memberships().save(new Membership(other.id(), newUserInside().id(), Role.OWNER)));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().countOwnersForUpdate()))
                .isEqualTo(2);
    }

    @Test
    void given_an_owner_demoted_in_the_same_unit_of_work_when_counting_owners_then_the_demotion_counts() {
        Tenant tenant = newTenant();
        User first = newUser();
        User second = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            ports().memberships().save(new Membership(tenant.id(), first.id(), Role.OWNER));
            ports().memberships().save(new Membership(tenant.id(), second.id(), Role.OWNER));
        });

        int owners = ports().unitOfWork().inTenant(tenant.id(), () -> {
            ports().memberships().save(new Membership(tenant.id(), second.id(), Role.STAFF));
            return ports().memberships().countOwnersForUpdate();
        });

        assertThat(owners).isEqualTo(1);
    }

    @Test
    void given_no_tenant_bound_when_counting_owners_then_zero() {
        Tenant tenant = newTenant();
        User owner = newUser();
        ports().unitOfWork().runInTenant(tenant.id(), () ->
                ports().memberships().save(new Membership(tenant.id(), owner.id(), Role.OWNER)));

        assertThat(ports().unitOfWork().withoutTenant(() -> ports().memberships().countOwnersForUpdate())).isZero();
        assertThat(ports().unitOfWork().asUser(owner.id(), () -> ports().memberships().countOwnersForUpdate())).isZero();
    }

    @Test
    void given_a_user_in_two_tenants_when_listing_their_memberships_as_that_user_then_both_and_nothing_else() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User user = newUser();
        User colleague = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> {
            ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER));
            ports().memberships().save(new Membership(a.id(), colleague.id(), Role.STAFF));
        });
        ports().unitOfWork().runInTenant(b.id(), () -> ports().memberships().save(new Membership(b.id(), user.id(), Role.STAFF)));

        assertThat(ports().unitOfWork().asUser(user.id(), () -> ports().memberships().ofUser(user.id())))
                .containsExactly(new Membership(a.id(), user.id(), Role.OWNER), new Membership(b.id(), user.id(), Role.STAFF));
    }

    @Test
    void given_a_signed_in_user_when_listing_another_users_memberships_then_nothing_is_visible() {
        Tenant a = newTenant();
        User user = newUser();
        User colleague = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> {
            ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER));
            ports().memberships().save(new Membership(a.id(), colleague.id(), Role.STAFF));
        });

        assertThat(ports().unitOfWork().asUser(user.id(), () -> ports().memberships().ofUser(colleague.id()))).isEmpty();
    }

    @Test
    void given_no_user_bound_when_listing_a_users_memberships_then_nothing_is_visible() {
        Tenant a = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER)));

        assertThat(ports().unitOfWork().withoutTenant(() -> ports().memberships().ofUser(user.id()))).isEmpty();
    }

    @Test
    void given_a_signed_in_user_when_using_the_tenant_operations_then_nothing_is_visible_and_writes_are_refused() {
        Tenant a = newTenant();
        User user = newUser();
        ports().unitOfWork().runInTenant(a.id(), () -> ports().memberships().save(new Membership(a.id(), user.id(), Role.OWNER)));

        ports().unitOfWork().asUser(user.id(), () -> {
            assertThat(ports().memberships().list()).isEmpty();
            assertThat(ports().memberships().find(user.id())).isEmpty();
            assertThat(ports().memberships().remove(user.id())).isFalse();
            return null;
        });
        assertThatThrownBy(() -> ports().unitOfWork().asUser(user.id(), () -> {
                    ports().memberships().save(new Membership(a.id(), user.id(), Role.STAFF));
                    return null;
                }))
                .isInstanceOf(SecurityException.class);

        assertThat(ports().unitOfWork().inTenant(a.id(), () -> ports().memberships().find(user.id())))
                .contains(new Membership(a.id(), user.id(), Role.OWNER));
    }

    /** A user created inside the caller's unit of work (users are global: any unit of work may add one). */
    private User newUserInside() {
        return ports().users().insertOrGet(User.register(uniqueEmail()));
    }
}
