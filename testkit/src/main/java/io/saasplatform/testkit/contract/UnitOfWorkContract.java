package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Port contract of {@code UnitOfWork} and {@code TenantContext}: transactions, tenant binding, nesting. */
public abstract class UnitOfWorkContract extends PortContractSupport {

    @Test
    void given_work_in_a_tenant_when_run_then_its_value_is_returned_and_the_tenant_is_current() {
        TenantId tenant = TenantId.random();

        Optional<TenantId> seen = ports().unitOfWork().inTenant(tenant, () -> ports().tenantContext().current());

        assertThat(seen).contains(tenant);
    }

    @Test
    void given_no_unit_of_work_when_asking_the_tenant_context_then_it_is_empty_and_require_fails() {
        assertThat(ports().tenantContext().current()).isEmpty();
        assertThatThrownBy(() -> ports().tenantContext().require()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_work_without_tenant_when_asking_the_tenant_context_then_it_is_empty() {
        Optional<TenantId> seen = ports().unitOfWork().withoutTenant(() -> ports().tenantContext().current());

        assertThat(seen).isEmpty();
    }

    @Test
    void given_work_that_throws_after_writing_when_run_then_the_exception_propagates_and_nothing_is_kept() {
        Tenant tenant = newTenant();
        User user = newUser();

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(tenant.id(), () -> {
                    ports().memberships().save(new Membership(tenant.id(), user.id(), Role.STAFF));
                    throw new IllegalArgumentException("work failed");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("work failed");

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().find(user.id())))
                .isEmpty();
    }

    @Test
    void given_an_outer_unit_of_work_when_nesting_the_same_tenant_then_it_joins_the_same_transaction() {
        Tenant tenant = newTenant();
        User user = newUser();

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(tenant.id(), () -> {
                    ports().unitOfWork().runInTenant(tenant.id(), () -> ports().memberships()
                            .save(new Membership(tenant.id(), user.id(), Role.ADMIN)));
                    assertThat(ports().memberships().find(user.id())).isPresent();
                    throw new IllegalArgumentException("outer failed after the inner unit finished");
                }))
                .hasMessage("outer failed after the inner unit finished");

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().find(user.id())))
                .as("the inner write belonged to the outer transaction, which rolled back")
                .isEmpty();
    }

    @Test
    void given_a_nested_unit_that_throws_when_the_outer_swallows_it_then_the_whole_transaction_rolls_back() {
        Tenant tenant = newTenant();
        User user = newUser();

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(tenant.id(), () -> {
                    ports().memberships().save(new Membership(tenant.id(), user.id(), Role.ADMIN));
                    try {
                        ports().unitOfWork().runInTenant(tenant.id(), () -> {
                            throw new IllegalArgumentException("inner failed");
                        });
                    } catch (IllegalArgumentException swallowed) {
                        // The outer work carries on as if nothing happened.
                    }
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> ports().memberships().find(user.id())))
                .isEmpty();
    }

    @Test
    void given_an_outer_unit_of_work_when_nesting_another_tenant_then_illegal_state() {
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();

        assertThatThrownBy(() -> ports().unitOfWork().inTenant(a, () -> ports().unitOfWork().inTenant(b, () -> "never")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_a_tenant_unit_of_work_when_nesting_one_without_tenant_then_illegal_state() {
        TenantId a = TenantId.random();

        assertThatThrownBy(() -> ports().unitOfWork().inTenant(a, () -> ports().unitOfWork().withoutTenant(() -> "never")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_a_unit_of_work_without_tenant_when_nesting_a_tenant_then_illegal_state() {
        TenantId a = TenantId.random();

        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> ports().unitOfWork().inTenant(a, () -> "never")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_units_of_work_without_tenant_when_nested_then_they_join() {
        String value = ports().unitOfWork().withoutTenant(() -> ports().unitOfWork().withoutTenant(() -> "joined"));

        assertThat(value).isEqualTo("joined");
    }

    @Test
    void given_no_unit_of_work_when_calling_a_repository_then_illegal_state() {
        TenantId tenant = TenantId.random();

        assertThatThrownBy(() -> ports().tenants().findById(tenant)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports().memberships().list()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports().users().findByEmail(uniqueEmail())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_a_finished_unit_of_work_when_asking_the_tenant_context_then_it_is_empty_again() {
        ports().unitOfWork().inTenant(TenantId.random(), () -> null);

        assertThat(ports().tenantContext().current()).isEmpty();
    }

    @Test
    void given_work_as_a_user_when_asking_the_tenant_context_then_it_is_empty() {
        User user = newUser();

        Optional<TenantId> seen = ports().unitOfWork().asUser(user.id(), () -> ports().tenantContext().current());

        assertThat(seen).isEmpty();
    }

    @Test
    void given_work_as_a_user_that_throws_after_writing_when_run_then_nothing_is_kept() {
        User user = newUser();
        EmailAddress email = uniqueEmail();

        assertThatThrownBy(() -> ports().unitOfWork().asUser(user.id(), () -> {
                    ports().users().insertOrGet(User.register(email));
                    throw new IllegalArgumentException("work failed");
                }))
                .hasMessage("work failed");

        assertThat(ports().unitOfWork().withoutTenant(() -> ports().users().findByEmail(email))).isEmpty();
    }

    @Test
    void given_units_of_work_as_the_same_user_when_nested_then_they_join() {
        UserId user = UserId.random();

        String value = ports().unitOfWork().asUser(user, () -> ports().unitOfWork().asUser(user, () -> "joined"));

        assertThat(value).isEqualTo("joined");
    }

    @Test
    void given_a_unit_of_work_as_a_user_when_nesting_another_user_a_tenant_or_no_tenant_then_illegal_state() {
        UserId user = UserId.random();

        assertThatThrownBy(() -> ports().unitOfWork().asUser(user, () -> ports().unitOfWork().asUser(UserId.random(), () -> "never")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports().unitOfWork().asUser(user, () -> ports().unitOfWork().inTenant(TenantId.random(), () -> "never")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports().unitOfWork().asUser(user, () -> ports().unitOfWork().withoutTenant(() -> "never")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ports().unitOfWork().inTenant(TenantId.random(), () -> ports().unitOfWork().asUser(user, () -> "never")))
                .isInstanceOf(IllegalStateException.class);
    }
}
