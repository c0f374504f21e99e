package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.AiUsageLedger.Entry;
import io.saasplatform.domain.Tenant;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code AiUsageLedger}, isolation included: idempotent recording, calendar months in UTC as
 * half-open ranges, per-feature totals, the limit override, and a tenant that never sees or changes another's.
 */
public abstract class AiUsageLedgerContract extends PortContractSupport {
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    private static final Instant MID_NOVEMBER = Instant.parse("2026-11-15T12:00:00Z");

    @Test
    void given_a_request_id_when_recorded_twice_then_the_second_is_refused_and_counted_once() {
        Tenant tenant = newTenant();
        String requestId = requestId();

        boolean first = in(tenant, () -> ledger().record(entry(requestId, "product-description", 100, 50, MID_NOVEMBER)));
        boolean second = in(tenant, () -> ledger().record(entry(requestId, "product-description", 999, 999, MID_NOVEMBER)));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(in(tenant, () -> ledger().usedTokens(NOVEMBER))).isEqualTo(150);
    }

    @Test
    void given_a_request_id_recorded_twice_in_one_unit_of_work_then_the_unit_of_work_still_commits() {
        Tenant tenant = newTenant();
        String requestId = requestId();

        boolean second = in(tenant, () -> {
            ledger().record(entry(requestId, "product-description", 10, 5, MID_NOVEMBER));
            return ledger().record(entry(requestId, "product-description", 10, 5, MID_NOVEMBER));
        });

        assertThat(second).isFalse();
        assertThat(in(tenant, () -> ledger().usedTokens(NOVEMBER))).isEqualTo(15);
    }

    @Test
    void given_entries_around_a_month_boundary_when_summing_months_then_each_counts_in_its_own_utc_month() {
        Tenant tenant = newTenant();
        run(tenant, () -> {
            ledger().record(entry(requestId(), "f", 1, 0, Instant.parse("2026-10-31T23:59:59.999999Z")));
            ledger().record(entry(requestId(), "f", 10, 0, Instant.parse("2026-11-01T00:00:00Z")));
            ledger().record(entry(requestId(), "f", 100, 0, Instant.parse("2026-11-30T23:59:59.999999Z")));
            ledger().record(entry(requestId(), "f", 1_000, 0, Instant.parse("2026-12-01T00:00:00Z")));
        });

        run(tenant, () -> {
            assertThat(ledger().usedTokens(YearMonth.of(2026, 10))).isEqualTo(1);
            assertThat(ledger().usedTokens(NOVEMBER)).isEqualTo(110);
            assertThat(ledger().usedTokens(DECEMBER)).isEqualTo(1_000);
            assertThat(ledger().usedTokens(YearMonth.of(2027, 1))).isZero();
            assertThat(ledger().totalsByFeature(NOVEMBER)).containsExactly(Map.entry("f", 110L));
        });
    }

    @Test
    void given_entries_of_several_features_when_totalling_by_feature_then_input_and_output_tokens_add_up_per_feature() {
        Tenant tenant = newTenant();
        run(tenant, () -> {
            ledger().record(entry(requestId(), "product-description", 100, 20, MID_NOVEMBER));
            ledger().record(entry(requestId(), "product-description", 50, 30, MID_NOVEMBER.plusSeconds(60)));
            ledger().record(entry(requestId(), "alt-text", 7, 3, MID_NOVEMBER));
            ledger().record(entry(requestId(), "alt-text", 1_000, 1_000, Instant.parse("2026-12-02T00:00:00Z")));
        });

        run(tenant, () -> {
            assertThat(ledger().totalsByFeature(NOVEMBER))
                    .containsOnly(Map.entry("product-description", 200L), Map.entry("alt-text", 10L));
            assertThat(ledger().usedTokens(NOVEMBER)).isEqualTo(210);
            assertThat(ledger().totalsByFeature(YearMonth.of(2026, 9))).isEmpty();
            assertThat(ledger().usedTokens(YearMonth.of(2026, 9))).isZero();
        });
    }

    @Test
    void given_entries_of_a_month_when_tallying_then_the_months_total_and_the_ids_of_its_entries_since_the_instant() {
        Tenant tenant = newTenant();
        Instant since = Instant.parse("2026-11-15T11:40:00Z");
        run(tenant, () -> {
            ledger().record(entry("last-month", "f", 1_000, 0, Instant.parse("2026-10-31T23:59:59Z")));
            ledger().record(entry("early", "f", 100, 0, Instant.parse("2026-11-02T00:00:00Z")));
            ledger().record(entry("just-before", "f", 10, 0, since.minusNanos(1_000)));
            ledger().record(entry("at-the-instant", "alt-text", 1, 2, since));
            ledger().record(entry("after", "f", 5, 5, MID_NOVEMBER));
            ledger().record(entry("next-month", "f", 7, 0, Instant.parse("2026-12-01T00:00:00Z")));
        });

        AiUsageLedger.Tally tally = in(tenant, () -> ledger().tally(NOVEMBER, since));

        assertThat(tally.usedTokens()).isEqualTo(123).isEqualTo(in(tenant, () -> ledger().usedTokens(NOVEMBER)));
        assertThat(tally.recentRequestIds()).containsExactlyInAnyOrder("at-the-instant", "after");
        assertThat(in(tenant, () -> ledger().tally(NOVEMBER, Instant.parse("2026-10-01T00:00:00Z")).recentRequestIds()))
                .as("an instant before the month names every entry of the month, and only those")
                .containsExactlyInAnyOrder("early", "just-before", "at-the-instant", "after");
        assertThat(in(tenant, () -> ledger().tally(YearMonth.of(2027, 1), since)))
                .isEqualTo(new AiUsageLedger.Tally(0, List.of()));
    }

    @Test
    void given_entries_of_tenant_a_when_tenant_b_or_no_tenant_tallies_then_neither_counted_nor_named() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        run(a, () -> ledger().record(entry("of-a", "f", 100, 0, MID_NOVEMBER)));
        run(b, () -> ledger().record(entry("of-b", "f", 3, 0, MID_NOVEMBER)));
        Instant since = MID_NOVEMBER.minusSeconds(3_600);

        assertThat(in(b, () -> ledger().tally(NOVEMBER, since)))
                .isEqualTo(new AiUsageLedger.Tally(3, List.of("of-b")));
        assertThat(ports().unitOfWork().withoutTenant(() -> ledger().tally(NOVEMBER, since)))
                .isEqualTo(new AiUsageLedger.Tally(0, List.of()));
    }

    @Test
    void given_no_override_when_setting_changing_and_clearing_it_then_each_read_sees_the_latest() {
        Tenant tenant = newTenant();

        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).isEmpty();
        run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(5_000)));
        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).hasValue(5_000);
        run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(7_500)));
        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).hasValue(7_500);
        run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.empty()));
        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).isEmpty();
        run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.empty()));
        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).isEmpty();
    }

    @Test
    void given_a_limit_that_is_not_positive_when_setting_the_override_then_illegal_argument() {
        Tenant tenant = newTenant();

        assertThatThrownBy(() -> run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run(tenant, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(-1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(in(tenant, () -> ledger().monthlyLimitOverride())).isEmpty();
    }

    @Test
    void given_usage_of_tenant_a_when_tenant_b_sums_it_then_b_sees_only_its_own() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        String sharedRequestId = requestId();
        run(a, () -> {
            ledger().record(entry(sharedRequestId, "product-description", 100, 100, MID_NOVEMBER));
            ledger().record(entry(requestId(), "alt-text", 5, 5, MID_NOVEMBER));
        });

        boolean recordedByB = in(b, () -> ledger().record(entry(sharedRequestId, "alt-text", 1, 2, MID_NOVEMBER)));

        assertThat(recordedByB).as("request ids are per tenant: A's use of an id neither blocks nor reveals it").isTrue();
        run(b, () -> {
            assertThat(ledger().usedTokens(NOVEMBER)).isEqualTo(3);
            assertThat(ledger().totalsByFeature(NOVEMBER)).containsOnly(Map.entry("alt-text", 3L));
        });
        run(a, () -> {
            assertThat(ledger().usedTokens(NOVEMBER)).isEqualTo(210);
            assertThat(ledger().totalsByFeature(NOVEMBER))
                    .containsOnly(Map.entry("product-description", 200L), Map.entry("alt-text", 10L));
        });
    }

    @Test
    void given_an_override_of_tenant_a_when_tenant_b_reads_sets_or_clears_its_own_then_a_keeps_its_override() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        run(a, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(1_000_000)));

        assertThat(in(b, () -> ledger().monthlyLimitOverride())).isEmpty();
        run(b, () -> ledger().setMonthlyLimitOverride(OptionalLong.of(10)));
        assertThat(in(a, () -> ledger().monthlyLimitOverride())).hasValue(1_000_000);
        run(b, () -> ledger().setMonthlyLimitOverride(OptionalLong.empty()));

        assertThat(in(a, () -> ledger().monthlyLimitOverride())).hasValue(1_000_000);
        assertThat(in(b, () -> ledger().monthlyLimitOverride())).isEmpty();
    }

    @Test
    void given_no_tenant_bound_when_using_the_ledger_then_reads_are_empty_and_writes_are_refused() {
        Tenant a = newTenant();
        run(a, () -> {
            ledger().record(entry(requestId(), "f", 100, 0, MID_NOVEMBER));
            ledger().setMonthlyLimitOverride(OptionalLong.of(500));
        });

        ports().unitOfWork().withoutTenant(() -> {
            assertThat(ledger().usedTokens(NOVEMBER)).isZero();
            assertThat(ledger().totalsByFeature(NOVEMBER)).isEmpty();
            assertThat(ledger().monthlyLimitOverride()).isEmpty();
            return null;
        });
        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() ->
                        ledger().record(entry(requestId(), "f", 1, 1, MID_NOVEMBER))))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
                    ledger().setMonthlyLimitOverride(OptionalLong.empty());
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);

        assertThat(in(a, () -> ledger().usedTokens(NOVEMBER))).isEqualTo(100);
        assertThat(in(a, () -> ledger().monthlyLimitOverride())).hasValue(500);
    }

    private AiUsageLedger ledger() {
        return ports().aiUsageLedger();
    }

    private <T> T in(Tenant tenant, Supplier<T> work) {
        return ports().unitOfWork().inTenant(tenant.id(), work);
    }

    private void run(Tenant tenant, Runnable work) {
        ports().unitOfWork().runInTenant(tenant.id(), work);
    }

    private static Entry entry(String requestId, String feature, long input, long output, Instant at) {
        return new Entry(requestId, feature, "llama-3.1-8b", "local", input, output, at);
    }

    private static String requestId() {
        return "req-" + UUID.randomUUID();
    }
}
