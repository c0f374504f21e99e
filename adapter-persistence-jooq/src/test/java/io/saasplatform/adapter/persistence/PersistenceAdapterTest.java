package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.service.TenantService;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class PersistenceAdapterTest {
    private static final JooqFixture FIXTURE = new JooqFixture();

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Test
    void given_the_tenant_service_on_postgres_when_creating_a_tenant_then_the_tenant_and_its_owner_exist_together() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        TenantService service = new TenantService(
                adapter.unitOfWork(), adapter.tenants(), adapter.users(), adapter.memberships(), adapter.catalog(),
                adapter.invitations());
        User creator = adapter.unitOfWork().withoutTenant(
                () -> adapter.users().insertOrGet(User.register(EmailAddress.of("founder@example.com"))));

        Tenant tenant = service.createTenant(new CreateTenantCommand(creator.id(), "corner-shop", "Corner Shop", "KWD"));
        List<Membership> members = service.listMembers(new Actor(creator.id(), tenant.id()));

        assertThat(members).containsExactly(new Membership(tenant.id(), creator.id(), Role.OWNER));
        assertThat(service.getTenant(new Actor(creator.id(), tenant.id()))).isEqualTo(tenant);
    }

    @Test
    void given_a_taken_slug_when_the_tenant_service_creates_a_tenant_then_conflict_and_nothing_half_done() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        TenantService service = new TenantService(
                adapter.unitOfWork(), adapter.tenants(), adapter.users(), adapter.memberships(), adapter.catalog(),
                adapter.invitations());
        User first = adapter.unitOfWork().withoutTenant(
                () -> adapter.users().insertOrGet(User.register(EmailAddress.of("first@example.com"))));
        User second = adapter.unitOfWork().withoutTenant(
                () -> adapter.users().insertOrGet(User.register(EmailAddress.of("second@example.com"))));
        service.createTenant(new CreateTenantCommand(first.id(), "taken-slug", "First", "USD"));

        assertThatThrownBy(() -> service.createTenant(new CreateTenantCommand(second.id(), "taken-slug", "Second", "USD")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void given_work_that_swallows_a_failed_statement_when_it_completes_then_the_unit_of_work_fails_and_nothing_is_kept() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        User existing = adapter.unitOfWork().withoutTenant(
                () -> adapter.users().insertOrGet(User.register(EmailAddress.of("existing@example.com"))));
        User newcomer = User.register(EmailAddress.of("newcomer@example.com"));

        assertThatThrownBy(() -> adapter.unitOfWork().withoutTenant(() -> {
                    adapter.users().insertOrGet(newcomer);
                    try {
                        // Same id, other email: a primary-key violation that aborts the transaction.
                        adapter.users().insertOrGet(new User(existing.id(), EmailAddress.of("clash@example.com")));
                    } catch (RuntimeException swallowed) {
                        // Carrying on as if nothing happened.
                    }
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolled back");

        assertThat(adapter.unitOfWork().withoutTenant(() -> adapter.users().findById(newcomer.id()))).isEmpty();
    }

    @Test
    void given_a_pool_size_below_one_when_building_the_adapter_then_illegal_argument() {
        assertThatThrownBy(() -> new PersistenceAdapter("jdbc:postgresql://localhost/x", "u", "p", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poolSize");
    }

    @Test
    void given_nothing_listening_when_building_the_adapter_then_it_fails_fast() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> new PersistenceAdapter(
                        "jdbc:postgresql://127.0.0.1:" + closedPort + "/nothing", "u", "p", 1))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void given_two_adapters_when_nesting_a_unit_of_work_of_one_inside_the_other_then_each_binds_its_own_tenant() {
        PersistenceAdapter first = FIXTURE.adapter();
        try (PersistenceAdapter second = FIXTURE.database().adapter(1)) {
            TenantId a = TenantId.random();
            TenantId b = TenantId.random();

            List<Object> seen = first.unitOfWork().inTenant(a, () -> second.unitOfWork().inTenant(b, () -> List.of(
                    first.tenantContext().require(), second.tenantContext().require())));

            assertThat(seen).containsExactly(a, b);
        }
    }
}
