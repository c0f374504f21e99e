package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.domain.MyTenant;
import io.saasplatform.application.port.out.UserTenantDirectory;
import io.saasplatform.application.port.out.UserTenantDirectory.Position;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.testkit.contract.PersistencePorts;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A user's tenants with role and joined date, on real PostgreSQL under row-level security. */
class JooqUserTenantDirectoryTest {
    private static final JooqFixture FIXTURE = new JooqFixture();

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    private static PersistencePorts ports() {
        return FIXTURE.ports();
    }

    private static UserTenantDirectory directory() {
        return FIXTURE.adapter().userTenants();
    }

    private static User newUser() {
        return ports().unitOfWork().withoutTenant(() -> ports().users().insertOrGet(
                User.register(EmailAddress.of("u-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com"))));
    }

    private static Tenant tenantWith(User user, Role role) {
        Tenant tenant = Tenant.open(Slug.of("t-" + UUID.randomUUID().toString().substring(0, 12)), "Shop",
                CurrencyCode.of("USD"));
        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            ports().tenants().insert(tenant);
            ports().memberships().save(new Membership(tenant.id(), user.id(), role));
        });
        return tenant;
    }

    @Test
    void given_a_user_in_two_tenants_when_listing_as_that_user_then_both_oldest_first_with_role_and_joined_date() {
        User alice = newUser();
        Tenant first = tenantWith(alice, Role.OWNER);
        Tenant second = tenantWith(alice, Role.STAFF);
        tenantWith(newUser(), Role.OWNER);

        List<MyTenant> tenants = ports().unitOfWork().asUser(alice.id(),
                () -> directory().tenantsOf(alice.id(), Optional.empty(), 10));

        assertThat(tenants).extracting(MyTenant::id).containsExactly(first.id(), second.id());
        assertThat(tenants).extracting(MyTenant::role).containsExactly(Role.OWNER, Role.STAFF);
        assertThat(tenants.getFirst().slug()).isEqualTo(first.slug());
        assertThat(tenants.getFirst().joinedAt()).isNotNull().isBeforeOrEqualTo(tenants.get(1).joinedAt());
    }

    @Test
    void given_a_position_when_listing_then_only_the_tenants_after_it() {
        User alice = newUser();
        tenantWith(alice, Role.OWNER);
        Tenant second = tenantWith(alice, Role.ADMIN);
        List<MyTenant> all = ports().unitOfWork().asUser(alice.id(),
                () -> directory().tenantsOf(alice.id(), Optional.empty(), 10));

        List<MyTenant> rest = ports().unitOfWork().asUser(alice.id(), () -> directory().tenantsOf(alice.id(),
                Optional.of(new Position(all.getFirst().joinedAt(), all.getFirst().id())), 10));

        assertThat(rest).extracting(MyTenant::id).containsExactly(second.id());
    }

    @Test
    void given_another_users_unit_of_work_or_none_when_listing_alices_tenants_then_nothing() {
        User alice = newUser();
        User mallory = newUser();
        tenantWith(alice, Role.OWNER);

        assertThat(ports().unitOfWork().asUser(mallory.id(),
                () -> directory().tenantsOf(alice.id(), Optional.empty(), 10))).isEmpty();
        assertThat(ports().unitOfWork().withoutTenant(
                () -> directory().tenantsOf(alice.id(), Optional.empty(), 10))).isEmpty();
    }
}
