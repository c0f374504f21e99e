package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tagged visits on real PostgreSQL: batch insert, daily counts, and forced row-level security between tenants. */
class JooqVisitRepositoryTest {
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static PersistenceAdapter adapter;

    @BeforeAll
    static void open() {
        adapter = FIXTURE.adapter();
    }

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Test
    void given_visits_of_two_days_when_counting_then_one_row_per_day_and_tag_set_most_visited_first() {
        TenantId shop = openTenant();
        adapter.unitOfWork().runInTenant(shop, () -> adapter.visits().insertAll(List.of(
                visit(shop, DAY, "newsletter", "email"), visit(shop, DAY, "ads", "cpc"),
                visit(shop, DAY, "ads", "cpc"), visit(shop, DAY.plusDays(1), "newsletter", null))));

        List<DailyVisits> daily = adapter.unitOfWork().readInTenant(shop,
                () -> adapter.visits().daily(DAY, DAY.plusDays(1)));

        assertThat(daily).containsExactly(
                new DailyVisits(DAY, "ads", "cpc", "winter", 2),
                new DailyVisits(DAY, "newsletter", "email", "winter", 1),
                new DailyVisits(DAY.plusDays(1), "newsletter", null, "winter", 1));
        assertThat(adapter.unitOfWork().readInTenant(shop, () -> adapter.visits().daily(DAY.minusDays(5), DAY.minusDays(1))))
                .isEmpty();
    }

    @Test
    void given_tenant_a_bound_then_b_visits_are_invisible_and_writing_a_b_visit_is_refused() {
        TenantId a = openTenant();
        TenantId b = openTenant();
        adapter.unitOfWork().runInTenant(b, () -> adapter.visits().insertAll(List.of(visit(b, DAY, "secret", null))));

        assertThat(adapter.unitOfWork().readInTenant(a, () -> adapter.visits().daily(DAY, DAY))).isEmpty();
        assertThatThrownBy(() -> adapter.unitOfWork().runInTenant(a,
                () -> adapter.visits().insertAll(List.of(visit(b, DAY, "forged", null)))))
                .isInstanceOf(RowLevelSecurityViolationException.class);
        assertThat(adapter.unitOfWork().readInTenant(b, () -> adapter.visits().daily(DAY, DAY)))
                .extracting(DailyVisits::source).containsExactly("secret");
    }

    private static Visit visit(TenantId tenant, LocalDate day, String source, String medium) {
        return new Visit(tenant, day, Optional.ofNullable(source), Optional.ofNullable(medium), Optional.of("winter"),
                "/shops/x", Optional.empty());
    }

    private static TenantId openTenant() {
        Tenant tenant = Tenant.open(Slug.of("visits-" + UUID.randomUUID().toString().substring(0, 8)), "Shop",
                CurrencyCode.of("KWD"));
        adapter.unitOfWork().runInTenant(tenant.id(), () -> adapter.tenants().insert(tenant));
        return tenant.id();
    }
}
