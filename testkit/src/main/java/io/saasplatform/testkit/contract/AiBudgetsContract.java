package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.domain.UserId;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code AiBudgets}: a budget without a counter starts the month at zero, reservations hold up to the
 * limit and never past it (also when they race), settles and releases are idempotent, holds expire on the clock,
 * months are calendar months in UTC, and budgets are independent of each other.
 *
 * <p>Subclasses build the budgets under test from the contract's clock and hold time in {@link #newBudgets}, which
 * runs before every test with an empty store.
 */
public abstract class AiBudgetsContract {
    /** How long holds last in the contract's tests. */
    protected static final Duration HOLD_TTL = Duration.ofMinutes(10);
    /** Where the contract's clock starts. */
    protected static final Instant MID_NOVEMBER = Instant.parse("2026-11-15T10:00:00Z");
    /** The period of {@link #MID_NOVEMBER}. */
    protected static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    /** The limit of the contract's tests. */
    protected static final long LIMIT = 1_000;

    /** The user whose budget most tests use. */
    protected final Budget alice = Budget.user(new UserId(UUID.fromString("11111111-1111-4111-8111-111111111111")));
    /** A second user, for independence. */
    protected final Budget bob = Budget.user(new UserId(UUID.fromString("22222222-2222-4222-8222-222222222222")));
    /** The clock the budgets must read; tests move it. */
    protected final MutableClock clock = new MutableClock(MID_NOVEMBER);
    /** The budgets under test, built before each test. */
    protected AiBudgets budgets;

    /**
     * The budgets under test, reading {@code clock} and holding reservations for {@code holdTtl}; called before every
     * test, with an empty store.
     *
     * @param clock the clock the budgets must read
     * @param holdTtl how long a reservation holds a budget
     * @return the budgets under test
     */
    protected abstract AiBudgets newBudgets(MutableClock clock, Duration holdTtl);

    @BeforeEach
    void createBudgets() {
        budgets = newBudgets(clock, HOLD_TTL);
    }

    @Test
    void a_budget_never_used_starts_the_month_at_zero() {
        assertThat(budgets.status(alice, LIMIT).used()).isZero();
        assertThat(budgets.status(alice, LIMIT).reserved()).isZero();
        assertThat(budgets.status(alice, LIMIT).period()).isEqualTo(NOVEMBER);
    }

    @Test
    void reservations_hold_up_to_the_limit_and_a_refusal_is_remembered() {
        assertThat(budgets.reserve(alice, "r1", 600, LIMIT).granted()).isTrue();
        assertThat(budgets.reserve(alice, "r2", 500, LIMIT).granted()).isFalse();
        assertThat(budgets.reserve(alice, "r3", 400, LIMIT).granted()).isTrue();
        budgets.release(alice, "r1");

        assertThat(budgets.reserve(alice, "r2", 500, LIMIT).granted()).as("the first decision stands").isFalse();
        assertThat(budgets.reserve(alice, "r1", 600, LIMIT).granted()).as("reserving again holds nothing new")
                .isTrue();
        assertThat(budgets.status(alice, LIMIT).reserved()).isEqualTo(400);
    }

    @Test
    void a_settle_charges_the_actual_tokens_frees_the_hold_and_is_idempotent() {
        budgets.reserve(alice, "r1", 300, LIMIT);

        budgets.settle(alice, "r1", 120, LIMIT);
        budgets.settle(alice, "r1", 120, LIMIT);

        assertThat(budgets.status(alice, LIMIT).used()).isEqualTo(120);
        assertThat(budgets.status(alice, LIMIT).reserved()).isZero();
        assertThat(budgets.release(alice, "r1")).as("nothing left to release").isFalse();
    }

    @Test
    void holds_expire_on_the_clock_and_a_late_settle_is_still_charged() {
        budgets.reserve(alice, "r1", 900, LIMIT);
        clock.advance(HOLD_TTL.plusSeconds(1));

        assertThat(budgets.status(alice, LIMIT).reserved()).isZero();
        assertThat(budgets.reserve(alice, "r2", 900, LIMIT).granted()).isTrue();
        budgets.settle(alice, "r1", 50, LIMIT);
        assertThat(budgets.status(alice, LIMIT).used()).isEqualTo(50);
    }

    @Test
    void budgets_are_independent_and_months_reset() {
        budgets.reserve(alice, "r1", 1_000, LIMIT);
        budgets.settle(alice, "r1", 1_000, LIMIT);

        assertThat(budgets.reserve(bob, "r1", 1_000, LIMIT).granted()).isTrue();
        assertThat(budgets.reserve(Budget.global(), "r1", 1_000, LIMIT).granted()).isTrue();
        assertThat(budgets.reserve(alice, "r2", 1, LIMIT).granted()).isFalse();

        clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(budgets.reserve(alice, "r3", 1_000, LIMIT).granted()).as("a new month").isTrue();
    }

    @Test
    void racing_reservations_at_the_boundary_grant_exactly_what_fits() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                String id = "race-" + i;
                results.add(executor.submit(() -> {
                    go.await();
                    return budgets.reserve(Budget.global(), id, 100, LIMIT).granted();
                }));
            }
            go.countDown();
            long granted = 0;
            for (Future<Boolean> result : results) {
                granted += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(granted).isEqualTo(10);
        }
        assertThat(budgets.status(Budget.global(), LIMIT).reserved()).isEqualTo(LIMIT);
    }
}
