package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import io.saasplatform.application.port.out.QuotaMeter.Settlement;
import io.saasplatform.domain.TenantId;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code QuotaMeter}: reserve up to the limit, idempotent settles and releases, holds that expire on
 * the clock, calendar-month periods in UTC, seeding from the ledger (first seed wins), and tenant isolation.
 *
 * <p>Subclasses build the meter under test from the contract's clock and hold time in {@link #newMeter}, which runs
 * before every test (start the backing store there), and may add store-specific checks in
 * {@link #assertStoreInvariants}.
 */
public abstract class QuotaMeterContract {
    /** How long holds last in the contract's tests. */
    protected static final Duration HOLD_TTL = Duration.ofMinutes(10);
    /** Where the contract's clock starts. */
    protected static final Instant MID_NOVEMBER = Instant.parse("2026-11-15T10:00:00Z");
    /** The period of {@link #MID_NOVEMBER}. */
    protected static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    /** The period after {@link #NOVEMBER}. */
    protected static final YearMonth DECEMBER = YearMonth.of(2026, 12);
    /** The monthly token limit of the contract's tests. */
    protected static final long LIMIT = 1_000;

    /** The tenant most tests meter. */
    protected final TenantId tenant = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    /** A second tenant, for isolation. */
    protected final TenantId otherTenant = new TenantId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    /** The clock the meter must read; tests move it. */
    protected final MutableClock clock = new MutableClock(MID_NOVEMBER);
    /** The meter under test, built before each test. */
    protected QuotaMeter meter;

    /**
     * The meter under test, reading {@code clock} and holding reservations for {@code holdTtl}; called before every
     * test, with an empty store.
     *
     * @param clock the clock the meter must read
     * @param holdTtl how long a reservation holds quota
     * @return the meter under test
     */
    protected abstract QuotaMeter newMeter(MutableClock clock, Duration holdTtl);

    /**
     * Store-specific invariants checked after the tests' key steps, e.g. that the reserved counter equals the sum of
     * live holds; does nothing by default.
     *
     * @param who the tenant whose counters to check
     */
    protected void assertStoreInvariants(TenantId who) {}

    @BeforeEach
    void createMeter() {
        meter = newMeter(clock, HOLD_TTL);
    }

    @Test
    void given_an_unseeded_period_when_reserving_settling_or_reading_status_then_it_needs_seeding() {
        assertThatThrownBy(() -> meter.reserve(tenant, "r1", 10, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(NOVEMBER));
        assertThatThrownBy(() -> meter.status(tenant, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(NOVEMBER));
        assertThatThrownBy(() -> meter.settle(tenant, "r1", 10, LIMIT)).isInstanceOf(NeedsSeedException.class);
        // Refused attempts created nothing that passes for a seed.
        assertThat(meter.seed(tenant, NOVEMBER, 0, List.of())).isTrue();
    }

    @Test
    void given_a_meter_then_its_hold_time_is_the_one_it_was_built_with() {
        assertThat(meter.holdTtl()).isEqualTo(HOLD_TTL);
    }

    @Test
    void given_a_seeded_period_when_seeded_again_then_the_first_seed_wins() {
        assertThat(meter.seed(tenant, NOVEMBER, 400, List.of())).isTrue();

        assertThat(meter.seed(tenant, NOVEMBER, 5, List.of())).isFalse();

        assertThat(meter.status(tenant, LIMIT))
                .isEqualTo(new QuotaStatus(NOVEMBER, LIMIT, 400, 0, Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void given_sixteen_seeds_racing_then_exactly_one_wins() throws Exception {
        List<Boolean> outcomes = concurrently(16, i -> meter.seed(tenant, NOVEMBER, 100 + i, List.of()));

        assertThat(outcomes).containsOnlyOnce(true);
        int winner = outcomes.indexOf(true);
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(100 + winner);
    }

    @Test
    void given_a_limit_when_reserving_then_granted_up_to_the_limit_and_refused_beyond() {
        meter.seed(tenant, NOVEMBER, 100, List.of());

        Reservation first = meter.reserve(tenant, "r1", 500, LIMIT);
        Reservation exactlyToTheLimit = meter.reserve(tenant, "r2", 400, LIMIT);
        Reservation oneTooMany = meter.reserve(tenant, "r3", 1, LIMIT);

        assertThat(first.granted()).isTrue();
        assertThat(first.status().reserved()).isEqualTo(500);
        assertThat(first.status().remaining()).isEqualTo(400);
        assertThat(exactlyToTheLimit.granted()).isTrue();
        assertThat(exactlyToTheLimit.status().remaining()).isZero();
        assertThat(oneTooMany.granted()).isFalse();
        assertThat(oneTooMany.status())
                .isEqualTo(new QuotaStatus(NOVEMBER, LIMIT, 100, 900, Instant.parse("2026-12-01T00:00:00Z")));
        assertStoreInvariants(tenant);
    }

    @Test
    void given_a_request_reserved_twice_then_the_first_decision_is_returned_and_held_once() {
        meter.seed(tenant, NOVEMBER, 0, List.of());

        assertThat(meter.reserve(tenant, "granted", 600, LIMIT).granted()).isTrue();
        Reservation retried = meter.reserve(tenant, "granted", 600, LIMIT);
        assertThat(retried.granted()).isTrue();
        assertThat(retried.status().reserved()).isEqualTo(600);

        assertThat(meter.reserve(tenant, "refused", 600, LIMIT).granted()).isFalse();
        // Still refused though a smaller estimate would fit: a retry returns the first decision.
        assertThat(meter.reserve(tenant, "refused", 1, LIMIT).granted()).isFalse();
        assertThat(meter.reserve(tenant, "fits", 400, LIMIT).granted()).isTrue();
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(1_000);
        assertStoreInvariants(tenant);
    }

    @Test
    void given_a_settled_or_released_request_when_reserved_again_then_granted_without_holding_again() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "settled", 100, LIMIT);
        meter.settle(tenant, "settled", 80, LIMIT);
        meter.reserve(tenant, "released", 100, LIMIT);
        meter.release(tenant, "released");

        Reservation lateRetryOfSettled = meter.reserve(tenant, "settled", 100, LIMIT);
        Reservation lateRetryOfReleased = meter.reserve(tenant, "released", 100, LIMIT);

        assertThat(lateRetryOfSettled.granted()).isTrue();
        assertThat(lateRetryOfReleased.granted()).isTrue();
        assertThat(meter.status(tenant, LIMIT).reserved()).isZero();
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(80);
    }

    @Test
    void given_a_settle_retried_then_it_charges_once_and_reports_already_settled() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 500, LIMIT);
        Settlement first = meter.settle(tenant, "r1", 300, LIMIT);

        Settlement retried = meter.settle(tenant, "r1", 300, LIMIT);

        assertThat(retried.alreadySettled()).isTrue();
        assertThat(retried.status()).isEqualTo(first.status());
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(300);
    }

    @Test
    void given_a_hold_when_released_then_reserved_is_freed_and_a_second_release_returns_false() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 700, LIMIT);

        assertThat(meter.release(tenant, "r1")).isTrue();
        assertThat(meter.release(tenant, "r1")).isFalse();
        assertThat(meter.release(tenant, "never-reserved")).isFalse();

        assertThat(meter.status(tenant, LIMIT).reserved()).isZero();
        assertThat(meter.reserve(tenant, "r2", 1_000, LIMIT).granted()).isTrue();
        assertStoreInvariants(tenant);
    }

    @Test
    void given_a_refused_request_when_released_then_false_and_nothing_changes() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "big", 900, LIMIT);
        meter.reserve(tenant, "refused", 200, LIMIT);

        assertThat(meter.release(tenant, "refused")).isFalse();

        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(900);
    }

    @Test
    void given_a_released_hold_when_settled_then_the_actual_tokens_are_charged_to_the_current_period() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 500, LIMIT);
        meter.release(tenant, "r1");

        Settlement settlement = meter.settle(tenant, "r1", 250, LIMIT);

        assertThat(settlement.alreadySettled()).isFalse();
        assertThat(settlement.status().period()).isEqualTo(NOVEMBER);
        assertThat(settlement.status().used()).isEqualTo(250);
        assertThat(settlement.status().reserved()).isZero();
    }

    @Test
    void given_an_unknown_request_when_settled_then_the_actual_tokens_are_charged_to_the_current_period_once() {
        meter.seed(tenant, NOVEMBER, 10, List.of());

        Settlement settlement = meter.settle(tenant, "never-reserved", 90, LIMIT);
        Settlement retried = meter.settle(tenant, "never-reserved", 90, LIMIT);

        assertThat(settlement.alreadySettled()).isFalse();
        assertThat(settlement.status().used()).isEqualTo(100);
        assertThat(retried.alreadySettled()).isTrue();
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(100);
    }

    @Test
    void given_a_hold_past_its_ttl_on_the_clock_then_its_reservation_is_freed_without_settling() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "abandoned", 800, LIMIT);
        assertThat(meter.reserve(tenant, "r2", 300, LIMIT).granted()).isFalse();

        clock.advance(HOLD_TTL.minusMillis(1));
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(800);

        clock.advance(Duration.ofMillis(1));
        assertThat(meter.status(tenant, LIMIT).reserved()).isZero();
        assertThat(meter.reserve(tenant, "r3", 1_000, LIMIT).granted()).isTrue();
        assertThat(meter.release(tenant, "abandoned")).isFalse();
        assertStoreInvariants(tenant);
    }

    @Test
    void given_many_expired_holds_when_any_call_runs_then_reserved_drops_by_exactly_their_estimates() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        for (int i = 0; i < 10; i++) {
            meter.reserve(tenant, "early-" + i, 10 + i, LIMIT);
        }
        clock.advance(Duration.ofMinutes(5));
        meter.reserve(tenant, "late", 100, LIMIT);

        clock.advance(Duration.ofMinutes(5));

        // Only the early holds (10 + 11 + ... + 19 = 145) expired; the late one is still live.
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(100);
        assertStoreInvariants(tenant);
    }

    @Test
    void given_an_expired_hold_when_settled_then_the_actual_tokens_are_charged_to_the_current_period() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "slow", 500, LIMIT);
        clock.advance(HOLD_TTL.plusMinutes(1));

        Settlement settlement = meter.settle(tenant, "slow", 450, LIMIT);

        assertThat(settlement.alreadySettled()).isFalse();
        assertThat(settlement.status().used()).isEqualTo(450);
        assertThat(settlement.status().reserved()).isZero();
    }

    @Test
    void given_a_november_hold_when_the_clock_reaches_december_then_december_needs_seeding_and_the_hold_settles_to_november() {
        clock.set(Instant.parse("2026-11-30T23:59:59Z"));
        meter.seed(tenant, NOVEMBER, 100, List.of());
        Reservation reservation = meter.reserve(tenant, "midnight", 50, LIMIT);
        assertThat(reservation.status().period()).isEqualTo(NOVEMBER);
        assertThat(reservation.status().resetsAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));

        assertThatThrownBy(() -> meter.status(tenant, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(DECEMBER));
        assertThatThrownBy(() -> meter.reserve(tenant, "december", 10, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(DECEMBER));

        Settlement settlement = meter.settle(tenant, "midnight", 40, LIMIT);
        assertThat(settlement.status())
                .isEqualTo(new QuotaStatus(NOVEMBER, LIMIT, 140, 0, Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(meter.settle(tenant, "midnight", 40, LIMIT).alreadySettled()).isTrue();

        assertThat(meter.seed(tenant, DECEMBER, 0, List.of())).isTrue();
        assertThat(meter.status(tenant, LIMIT))
                .isEqualTo(new QuotaStatus(DECEMBER, LIMIT, 0, 0, Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    void given_a_hold_of_the_previous_month_when_released_in_the_new_month_then_the_old_month_is_freed() {
        clock.set(Instant.parse("2026-11-30T23:59:00Z"));
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "midnight", 300, LIMIT);
        clock.set(Instant.parse("2026-12-01T00:01:00Z"));

        assertThat(meter.release(tenant, "midnight")).isTrue();

        clock.set(Instant.parse("2026-11-30T23:59:30Z"));
        assertThat(meter.status(tenant, LIMIT).reserved()).isZero();
    }

    @Test
    void given_a_hold_of_neither_the_current_nor_the_previous_month_when_settled_then_it_is_charged_to_its_own_month() {
        // A clock set back by a month (or a hold TTL longer than a month) leaves a hold outside the two default months.
        clock.set(Instant.parse("2026-12-10T12:00:00Z"));
        meter.seed(tenant, DECEMBER, 0, List.of());
        meter.reserve(tenant, "from-december", 300, LIMIT);
        clock.set(Instant.parse("2026-10-10T12:00:00Z"));
        meter.seed(tenant, YearMonth.of(2026, 10), 0, List.of());

        Settlement settlement = meter.settle(tenant, "from-december", 200, LIMIT);

        assertThat(settlement.status().period()).isEqualTo(DECEMBER);
        assertThat(settlement.status().used()).isEqualTo(200);
        assertThat(settlement.status().reserved()).isZero();
        assertThat(meter.settle(tenant, "from-december", 200, LIMIT).alreadySettled()).isTrue();
        assertThat(meter.status(tenant, LIMIT).used()).isZero();
    }

    @Test
    void given_the_last_instant_of_a_month_then_resets_at_is_the_first_instant_of_the_next_month_in_utc() {
        clock.set(Instant.parse("2026-12-31T23:59:59.999Z"));
        meter.seed(tenant, DECEMBER, 0, List.of());

        assertThat(meter.status(tenant, LIMIT))
                .isEqualTo(new QuotaStatus(DECEMBER, LIMIT, 0, 0, Instant.parse("2027-01-01T00:00:00Z")));

        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> meter.status(tenant, LIMIT)).isInstanceOfSatisfying(
                NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(YearMonth.of(2027, 1)));
    }

    @Test
    void given_a_forgotten_period_then_the_next_call_needs_seeding_and_live_holds_are_counted_again_by_the_seed() {
        meter.seed(tenant, NOVEMBER, 100, List.of());
        meter.reserve(tenant, "in-flight", 300, LIMIT);

        meter.forget(tenant, NOVEMBER);

        assertThatThrownBy(() -> meter.status(tenant, LIMIT)).isInstanceOf(NeedsSeedException.class);
        assertThatThrownBy(() -> meter.reserve(tenant, "r2", 1, LIMIT)).isInstanceOf(NeedsSeedException.class);
        assertThat(meter.seed(tenant, NOVEMBER, 500, List.of())).isTrue();
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(300);
        assertThat(meter.settle(tenant, "in-flight", 200, LIMIT).status().used()).isEqualTo(700);
        assertStoreInvariants(tenant);
    }

    @Test
    void given_an_unseeded_period_when_settling_and_the_winning_seed_did_not_count_it_then_the_retry_charges_it_once() {
        assertThatThrownBy(() -> meter.settle(tenant, "missed", 70, LIMIT)).isInstanceOf(NeedsSeedException.class);

        // Another caller's ledger read happened before this call's entry was committed.
        assertThat(meter.seed(tenant, NOVEMBER, 30, List.of("earlier"))).isTrue();
        assertThat(meter.seed(tenant, NOVEMBER, 100, List.of("earlier", "missed"))).as("this caller's seed").isFalse();
        Settlement retried = meter.settle(tenant, "missed", 70, LIMIT);

        assertThat(retried.alreadySettled()).isFalse();
        assertThat(retried.status().used()).isEqualTo(100);
        assertThat(meter.settle(tenant, "missed", 70, LIMIT).alreadySettled()).isTrue();
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(100);
    }

    @Test
    void given_tenant_a_exhausted_then_tenant_b_is_unaffected_even_with_the_same_request_ids() {
        meter.seed(tenant, NOVEMBER, 900, List.of());
        meter.seed(otherTenant, NOVEMBER, 0, List.of());
        assertThat(meter.reserve(tenant, "r1", 100, LIMIT).granted()).isTrue();
        assertThat(meter.reserve(tenant, "r2", 1, LIMIT).granted()).isFalse();

        Reservation other = meter.reserve(otherTenant, "r1", 1_000, LIMIT);
        meter.settle(otherTenant, "r1", 1_000, LIMIT);

        assertThat(other.granted()).isTrue();
        assertThat(meter.status(tenant, LIMIT)).extracting(QuotaStatus::used, QuotaStatus::reserved)
                .containsExactly(900L, 100L);
        assertThat(meter.settle(tenant, "r1", 50, LIMIT).alreadySettled()).isFalse();
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(950);
        assertThat(meter.status(otherTenant, LIMIT).used()).isEqualTo(1_000);
        meter.forget(otherTenant, NOVEMBER);
        assertThat(meter.status(tenant, LIMIT).used()).isEqualTo(950);
    }

    /** Runs {@code n} calls on virtual threads released together, and returns their results in index order. */
    protected static <T> List<T> concurrently(int n, Function<Integer, T> call) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }
}
