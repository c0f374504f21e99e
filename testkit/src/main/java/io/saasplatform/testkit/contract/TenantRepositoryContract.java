package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.TenantRepository.SlugTakenException;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Port contract of {@code TenantRepository}: the directory is readable by all, a tenant changes only itself. */
public abstract class TenantRepositoryContract extends PortContractSupport {

    @Test
    void given_a_new_tenant_when_inserted_then_it_is_found_by_id_and_by_slug() {
        Tenant tenant = Tenant.open(uniqueSlug(), "Crème Brûlée", CurrencyCode.of("KWD"));

        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().tenants().insert(tenant));

        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            assertThat(ports().tenants().findById(tenant.id())).contains(tenant);
            assertThat(ports().tenants().findBySlug(tenant.slug())).contains(tenant);
        });
    }

    @Test
    void given_a_stored_tenant_when_read_back_then_it_carries_the_store_timestamps_and_an_update_moves_only_updated_at() {
        Tenant tenant = Tenant.open(uniqueSlug(), "Stamps", CurrencyCode.of("USD"));
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().tenants().insert(tenant));
        Tenant stored = ports().unitOfWork()
                .inTenant(tenant.id(), () -> ports().tenants().findById(tenant.id()))
                .orElseThrow();

        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().tenants().update(stored.renamed("Stamped")));
        Tenant renamed = ports().unitOfWork()
                .inTenant(tenant.id(), () -> ports().tenants().findById(tenant.id()))
                .orElseThrow();

        assertThat(tenant.createdAt()).isNull();
        assertThat(stored.createdAt()).isNotNull();
        assertThat(stored.updatedAt()).isEqualTo(stored.createdAt());
        assertThat(renamed.name()).isEqualTo("Stamped");
        assertThat(renamed.createdAt()).isEqualTo(stored.createdAt());
        assertThat(renamed.updatedAt()).isAfterOrEqualTo(stored.updatedAt());
    }

    @Test
    void given_a_taken_slug_when_inserting_another_tenant_then_slug_taken() {
        Tenant first = newTenant();
        Tenant second = Tenant.open(first.slug(), "Copycat", CurrencyCode.of("USD"));

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(second.id(), () -> ports().tenants().insert(second)))
                .isInstanceOf(SlugTakenException.class)
                .hasMessageContaining(first.slug().value());
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().tenants().findById(second.id()))).isEmpty();
    }

    @Test
    void given_a_taken_slug_when_retrying_with_a_suffix_in_the_same_unit_of_work_then_the_retry_succeeds() {
        Tenant first = newTenant();
        Tenant second = Tenant.open(first.slug(), "Second", CurrencyCode.of("USD"));

        Slug used = ports().unitOfWork().inTenant(second.id(), () -> {
            try {
                ports().tenants().insert(second);
                return second.slug();
            } catch (SlugTakenException taken) {
                Tenant retried = new Tenant(second.id(), second.slug().withSuffix(2), second.name(), second.defaultCurrency());
                ports().tenants().insert(retried);
                return retried.slug();
            }
        });

        assertThat(used).isEqualTo(first.slug().withSuffix(2));
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().tenants().findBySlug(used)))
                .map(Tenant::id)
                .contains(second.id());
    }

    @Test
    void given_an_unknown_id_or_slug_when_finding_then_empty() {
        ports().unitOfWork().withoutTenant(() -> {
            assertThat(ports().tenants().findById(TenantId.random())).isEmpty();
            assertThat(ports().tenants().findBySlug(uniqueSlug())).isEmpty();
            return null;
        });
    }

    @Test
    void given_tenant_a_bound_when_updating_a_then_name_and_currency_change() {
        Tenant a = newTenant();
        Tenant changed = a.renamed("Renamed").withDefaultCurrency(CurrencyCode.of("JPY"));

        boolean updated = ports().unitOfWork().inTenant(a.id(), () -> ports().tenants().update(changed));

        assertThat(updated).isTrue();
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().tenants().findById(a.id()))).contains(changed);
    }

    @Test
    void given_tenant_a_bound_when_updating_tenant_b_then_false_and_b_unchanged() {
        Tenant a = newTenant();
        Tenant b = newTenant();

        boolean updated = ports().unitOfWork().inTenant(a.id(), () -> ports().tenants().update(b.renamed("Hijacked")));

        assertThat(updated).isFalse();
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().tenants().findById(b.id()))).contains(b);
    }

    @Test
    void given_no_tenant_bound_when_updating_a_tenant_then_false_and_unchanged() {
        Tenant a = newTenant();

        boolean updated = ports().unitOfWork().withoutTenant(() -> ports().tenants().update(a.renamed("Nobody's")));

        assertThat(updated).isFalse();
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().tenants().findById(a.id()))).contains(a);
    }

    @Test
    void given_an_unknown_tenant_bound_when_updating_it_then_false() {
        Tenant ghost = Tenant.open(uniqueSlug(), "Ghost", CurrencyCode.of("KWD"));

        boolean updated = ports().unitOfWork().inTenant(ghost.id(), () -> ports().tenants().update(ghost));

        assertThat(updated).isFalse();
    }

    @Test
    void given_tenant_b_bound_or_none_when_reading_the_directory_then_tenant_a_is_visible() {
        Tenant a = newTenant();
        Tenant b = newTenant();

        Optional<Tenant> fromB = ports().unitOfWork().inTenant(b.id(), () -> ports().tenants().findBySlug(a.slug()));
        Optional<Tenant> fromNobody = ports().unitOfWork().withoutTenant(() -> ports().tenants().findById(a.id()));

        assertThat(fromB).contains(a);
        assertThat(fromNobody).contains(a);
    }
}
