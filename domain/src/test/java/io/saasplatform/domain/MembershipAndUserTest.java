package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MembershipAndUserTest {

    @Test
    void given_membership_when_changing_role_then_same_tenant_and_user() {
        Membership membership = new Membership(TenantId.random(), UserId.random(), Role.STAFF);

        Membership promoted = membership.withRole(Role.ADMIN);

        assertThat(promoted).isEqualTo(new Membership(membership.tenantId(), membership.userId(), Role.ADMIN));
    }

    @Test
    void given_missing_parts_when_creating_membership_then_refused_naming_each_part() {
        assertRefused(() -> new Membership(null, UserId.random(), Role.STAFF), "tenantId");
        assertRefused(() -> new Membership(TenantId.random(), null, Role.STAFF), "userId");
        assertRefused(() -> new Membership(TenantId.random(), UserId.random(), null), "role");
        assertRefused(() -> new Membership(TenantId.random(), UserId.random(), Role.STAFF).withRole(null), "role");
    }

    @Test
    void given_email_when_registering_users_then_fresh_identity_each_time() {
        EmailAddress email = EmailAddress.of("ann@example.com");

        User first = User.register(email);
        User second = User.register(email);

        assertThat(first.email()).isEqualTo(email);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void given_missing_parts_when_creating_user_then_refused_naming_each_part() {
        assertRefused(() -> User.register(null), "email");
        assertRefused(() -> new User(null, EmailAddress.of("ann@example.com")), "id");
    }
}
