package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.testsupport.TestPostgres;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Measures PostgreSQL round trips per unit of work through a wire-protocol proxy, on a pool of one connection so that
 * every request is seen on one socket. The first round trip carries BEGIN and the tenant binding together.
 */
class RoundTripTest {
    private static PostgresWireProxy proxy;
    private static PersistenceAdapter adapter;
    private static TenantId tenant;
    private static User member;

    @BeforeAll
    static void start() throws IOException {
        MigratedDatabase database = MigratedDatabase.create();
        proxy = new PostgresWireProxy(TestPostgres.host(), TestPostgres.port());
        adapter = new PersistenceAdapter(
                proxy.jdbcUrl(database.database().name()),
                MigratedDatabase.SERVING,
                MigratedDatabase.SERVING_PASSWORD,
                1);
        Tenant shop = Tenant.open(Slug.of("round-trips"), "Round Trips", CurrencyCode.of("KWD"));
        tenant = shop.id();
        member = adapter.unitOfWork().withoutTenant(() -> adapter.users().insertOrGet(User.register(EmailAddress.of("rt@example.com"))));
        adapter.unitOfWork().runInTenant(tenant, () -> {
            adapter.tenants().insert(shop);
            adapter.memberships().save(new Membership(tenant, member.id(), Role.OWNER));
        });
    }

    @AfterAll
    static void stop() {
        adapter.close();
        proxy.close();
    }

    @Test
    void given_a_read_only_tenant_unit_of_work_with_one_select_when_measured_then_it_costs_three_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips = measure(
                "inTenant { memberships.list() }",
                () -> adapter.unitOfWork().inTenant(tenant, () -> adapter.memberships().list()));

        assertThat(trips).hasSize(3);
        assertThat(trips.get(0).statements())
                .as("BEGIN and the tenant binding share the first round trip")
                .containsExactly("BEGIN", JooqUnitOfWork.BIND_TENANT.replace("?", "$1"));
        assertThat(trips.get(1).statements()).singleElement().asString().contains("memberships");
        assertThat(trips.get(2).statements()).containsExactly("COMMIT");
    }

    @Test
    void given_a_tenant_unit_of_work_with_a_select_and_a_write_when_measured_then_it_costs_four_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips = measure(
                "inTenant { memberships.find(); memberships.save() }",
                () -> adapter.unitOfWork().runInTenant(tenant, () -> {
                    adapter.memberships().find(member.id());
                    adapter.memberships().save(new Membership(tenant, member.id(), Role.OWNER));
                }));

        assertThat(trips).hasSize(4);
        assertThat(trips.get(0).statements()).contains("BEGIN");
        assertThat(trips.get(3).statements()).containsExactly("COMMIT");
    }

    @Test
    void given_a_unit_of_work_without_tenant_with_one_select_when_measured_then_it_costs_two_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips = measure(
                "withoutTenant { users.findById() }",
                () -> adapter.unitOfWork().withoutTenant(() -> adapter.users().findById(member.id())));

        assertThat(trips).hasSize(2);
        assertThat(trips.get(0).statements()).first().isEqualTo("BEGIN");
        assertThat(trips.get(1).statements()).containsExactly("COMMIT");
    }

    @Test
    void given_a_tenant_unit_of_work_that_throws_after_one_select_when_measured_then_it_costs_three_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips = measure("inTenant { list(); throw } -> ROLLBACK", () -> assertThatThrownBy(
                        () -> adapter.unitOfWork().inTenant(tenant, () -> {
                            adapter.memberships().list();
                            throw new IllegalArgumentException("work failed");
                        }))
                .hasMessage("work failed"));

        assertThat(trips).hasSize(3);
        assertThat(trips.get(2).statements()).containsExactly("ROLLBACK");
    }

    @Test
    void given_a_user_unit_of_work_with_one_select_when_measured_then_it_costs_three_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips = measure(
                "asUser { memberships.ofUser() }",
                () -> adapter.unitOfWork().asUser(member.id(), () -> adapter.memberships().ofUser(member.id())));

        assertThat(trips).hasSize(3);
        assertThat(trips.get(0).statements())
                .as("BEGIN and the user binding share the first round trip")
                .containsExactly("BEGIN", "select set_config('app.current_user', $1, true)");
        assertThat(trips.get(1).statements()).singleElement().asString().contains("memberships");
        assertThat(trips.get(2).statements()).containsExactly("COMMIT");
    }

    @Test
    void given_an_empty_tenant_unit_of_work_when_measured_then_it_costs_two_round_trips() {
        List<PostgresWireProxy.RoundTrip> trips =
                measure("inTenant { }", () -> adapter.unitOfWork().inTenant(tenant, () -> null));

        assertThat(trips).hasSize(2);
    }

    @Test
    void given_a_storefront_page_when_measured_then_the_tenant_row_and_the_page_share_one_round_trip() {
        ProductQuery page = new ProductQuery(Set.of(ProductStatus.PUBLISHED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ProductSort.NEWEST, 21, Optional.empty());

        List<PostgresWireProxy.RoundTrip> trips = measure(
                "inTenant { catalog.findTenantWithProducts() }",
                () -> adapter.unitOfWork().inTenant(tenant, () ->
                        adapter.catalog().findTenantWithProducts(adapter.tenants(), tenant, page)));

        assertThat(trips).hasSize(3);
        assertThat(trips.get(1).statements())
                .as("the tenant's row and the page travel together")
                .satisfiesExactly(
                        tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""),
                        products -> assertThat(products).contains("from \"public\".\"products\""));
        assertThat(trips.get(2).statements()).containsExactly("COMMIT");
    }

    @Test
    void given_a_shop_front_page_when_measured_then_the_tenant_row_its_categories_and_the_page_share_one_round_trip() {
        ProductQuery page = new ProductQuery(Set.of(ProductStatus.PUBLISHED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ProductSort.NEWEST, 21, Optional.empty());

        List<PostgresWireProxy.RoundTrip> trips = measure(
                "inTenant { tenantReads.read(Front) }",
                () -> adapter.unitOfWork().inTenant(tenant, () ->
                        adapter.tenantReads().read(tenant, Optional.empty(), new TenantReads.Read.Front(page))));

        assertThat(trips).hasSize(3);
        assertThat(trips.get(1).statements())
                .as("the tenant's row, its categories and the page travel together")
                .satisfiesExactly(
                        tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""),
                        categories -> assertThat(categories).contains("from \"public\".\"categories\""),
                        products -> assertThat(products).contains("from \"public\".\"products\""));
        assertThat(trips.get(2).statements()).containsExactly("COMMIT");
    }

    /** Runs the work once to warm caches, then again while counting; Hikari's idle-borrow validation is left out. */
    private static List<PostgresWireProxy.RoundTrip> measure(String label, Runnable work) {
        work.run();
        proxy.reset();
        work.run();
        List<PostgresWireProxy.RoundTrip> all = proxy.roundTrips();
        List<PostgresWireProxy.RoundTrip> trips =
                all.stream().filter(trip -> !trip.isValidation()).toList();
        System.out.printf("round trips: %-55s %d  %s%n", label, trips.size(), trips);
        return trips;
    }
}
