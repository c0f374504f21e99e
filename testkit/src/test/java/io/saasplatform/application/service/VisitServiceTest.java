package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import io.saasplatform.application.port.out.VisitRepository;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import io.saasplatform.testkit.fake.InMemoryMembershipRepository;
import io.saasplatform.testkit.fake.InMemoryTenantRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VisitServiceTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    private final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork);
    private final RecordingVisits stored = new RecordingVisits();

    /** Records each write with the tenant bound at the time, as row-level security would see it. */
    private final class RecordingVisits implements VisitRepository {
        final List<List<Visit>> batches = new ArrayList<>();
        final List<TenantId> boundAtWrite = new ArrayList<>();

        @Override
        public void insertAll(List<Visit> visits) {
            boundAtWrite.add(unitOfWork.current().orElseThrow());
            batches.add(List.copyOf(visits));
        }

        @Override
        public List<DailyVisits> daily(LocalDate from, LocalDate to) {
            return List.of(new DailyVisits(from, "s", null, null, batches.size()));
        }
    }

    private VisitService service(int capacity) {
        return new VisitService(unitOfWork, memberships, stored, capacity, Duration.ofMillis(50));
    }

    @Test
    void given_visits_of_two_tenants_when_flushed_then_one_write_per_tenant_each_under_its_own_binding() {
        VisitService service = service(10);
        TenantId a = TenantId.random();
        TenantId b = TenantId.random();

        service.record(visit(a, "one"));
        service.record(visit(b, "two"));
        service.record(visit(a, "three"));
        int written = service.flush();

        assertThat(written).isEqualTo(3);
        assertThat(stored.boundAtWrite).containsExactly(a, b);
        assertThat(stored.batches.get(0)).extracting(v -> v.source().orElseThrow()).containsExactly("one", "three");
        assertThat(stored.batches.get(1)).extracting(v -> v.source().orElseThrow()).containsExactly("two");
    }

    @Test
    void given_a_full_buffer_when_recording_then_the_visit_is_dropped_and_counted_without_blocking() {
        VisitService service = service(2);
        TenantId a = TenantId.random();

        service.record(visit(a, "1"));
        service.record(visit(a, "2"));
        service.record(visit(a, "3"));

        assertThat(service.dropped()).isEqualTo(1);
        assertThat(service.flush()).isEqualTo(2);
    }

    @Test
    void given_buffered_visits_when_closed_then_they_are_written() {
        VisitService service = service(10).start();
        TenantId a = TenantId.random();
        service.record(visit(a, "last"));

        service.close();

        assertThat(stored.batches).flatExtracting(batch -> batch).extracting(v -> v.source().orElseThrow())
                .containsExactly("last");
        service.record(visit(a, "after close"));
        assertThat(service.dropped()).isEqualTo(1);
    }

    @Test
    void given_values_longer_than_one_hundred_characters_then_they_are_cut_and_blank_ones_are_absent() {
        Visit visit = new Visit(TenantId.random(), DAY, Optional.of("x".repeat(150)), Optional.of("  "),
                Optional.of("é".repeat(99) + "\uD83D\uDE00"), "/p", Optional.empty());

        assertThat(visit.source()).contains("x".repeat(100));
        assertThat(visit.medium()).isEmpty();
        // The emoji's two UTF-16 units would straddle the limit: cut before it rather than through it.
        assertThat(visit.campaign()).contains("é".repeat(99));
        assertThat(visit.tagged()).isTrue();
    }

    @Test
    void given_staff_when_reading_visits_then_forbidden_and_admin_reads_them() {
        Tenant shop = Tenant.open(Slug.of("acme"), "Acme", CurrencyCode.of("KWD"));
        UserId staff = UserId.random();
        UserId admin = UserId.random();
        unitOfWork.runInTenant(shop.id(), () -> {
            tenants.insert(shop);
            memberships.save(new Membership(shop.id(), staff, Role.STAFF));
            memberships.save(new Membership(shop.id(), admin, Role.ADMIN));
        });
        VisitService service = service(10);

        assertThatThrownBy(() -> service.daily(new Actor(staff, shop.id()), DAY, DAY))
                .isInstanceOf(ForbiddenException.class);
        assertThat(service.daily(new Actor(admin, shop.id()), DAY, DAY)).hasSize(1);
    }

    @Test
    void given_a_reversed_or_too_long_range_then_invalid_naming_the_parameter() {
        VisitService service = service(10);
        Actor anyone = new Actor(UserId.random(), TenantId.random());

        assertThatThrownBy(() -> service.daily(anyone, DAY, DAY.minusDays(1)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("from"));
        assertThatThrownBy(() -> service.daily(anyone, DAY.minusDays(366), DAY))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    private static Visit visit(TenantId tenant, String source) {
        return new Visit(tenant, DAY, Optional.of(source), Optional.empty(), Optional.empty(), "/shops/acme",
                Optional.empty());
    }
}
