package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.service.PendingSettles.Settle;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PendingSettlesTest {
    private static final UserId USER = new UserId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    private static final Instant NOVEMBER = Instant.parse("2026-11-30T23:59:00Z");
    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:01:00Z");

    private final TenantId a = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    private final TenantId b = new TenantId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    private final PendingSettles pending = new PendingSettles(2);

    @Test
    void given_settles_of_two_tenants_then_each_sees_only_its_own_oldest_first_and_delivered_ones_leave() {
        Settle first = settle("r1", NOVEMBER);
        Settle second = settle("r2", DECEMBER);
        pending.add(a, first);
        pending.add(a, second);
        pending.add(b, settle("r1", NOVEMBER));

        assertThat(pending.of(a).settles()).containsExactly(first, second);
        pending.delivered(a, first);

        assertThat(pending.of(a).settles()).containsExactly(second);
        assertThat(pending.size(b)).isOne();
        pending.delivered(a, second);
        assertThat(pending.of(a).isEmpty()).isTrue();
    }

    @Test
    void given_a_full_queue_when_adding_then_the_settles_month_is_marked_for_rebuild_instead() {
        pending.add(a, settle("r1", NOVEMBER));
        pending.add(a, settle("r2", DECEMBER));

        pending.add(a, settle("r3", NOVEMBER));
        pending.add(a, settle("r1", NOVEMBER));

        assertThat(pending.of(a).rebuilds()).containsExactly(YearMonth.of(2026, 11));
        assertThat(pending.of(a).settles()).extracting(Settle::requestId).containsExactly("r1", "r2");
    }

    @Test
    void given_a_month_rebuilt_then_its_mark_and_its_settles_leave_and_the_other_months_stay() {
        pending.add(a, settle("r1", NOVEMBER));
        pending.add(a, settle("r2", DECEMBER));
        pending.add(a, settle("r3", NOVEMBER));

        pending.rebuilt(a, YearMonth.of(2026, 11));

        assertThat(pending.of(a).rebuilds()).isEmpty();
        assertThat(pending.of(a).settles()).extracting(Settle::requestId).containsExactly("r2");
    }

    @Test
    void given_a_bound_below_one_then_refused() {
        assertThatThrownBy(() -> new PendingSettles(0)).hasMessageContaining("maxPerTenant");
    }

    private static Settle settle(String requestId, Instant reservedAt) {
        return new Settle(requestId, 10, 1_000, reservedAt, USER);
    }
}
