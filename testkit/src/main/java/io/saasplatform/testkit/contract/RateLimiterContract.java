package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.RateLimiter.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code RateLimiter}: each attempt is counted against its key; the decision carries the limit, the
 * attempts remaining (counting down, never below zero however often a refused caller retries) and when the window
 * resets (within the window, and the wait of a refused caller); keys are independent.
 *
 * <p>Subclasses build the limiter under test in {@link #newLimiter}, which runs before every test with an empty store.
 */
public abstract class RateLimiterContract {
    /** The window of the contract's tests: long enough never to end during a test. */
    protected static final Duration HOUR = Duration.ofHours(1);

    /** The limiter under test, built before each test. */
    protected RateLimiter limiter;

    /** The limiter under test, over an empty store; called before every test. */
    protected abstract RateLimiter newLimiter();

    @BeforeEach
    void buildLimiter() {
        limiter = newLimiter();
    }

    @Test
    void given_a_limit_of_three_when_attempting_five_times_then_remaining_counts_down_to_zero_and_stays_there() {
        List<Decision> decisions = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            decisions.add(limiter.tryAcquire("contract:countdown", 3, HOUR));
        }

        assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false, false);
        assertThat(decisions).extracting(Decision::remaining).containsExactly(2, 1, 0, 0, 0);
        assertThat(decisions).extracting(Decision::limit).containsOnly(3);
    }

    @Test
    void reset_after_lies_within_the_window_and_is_the_wait_of_a_refused_caller() {
        Decision allowed = limiter.tryAcquire("contract:reset", 1, HOUR);
        Decision refused = limiter.tryAcquire("contract:reset", 1, HOUR);

        assertThat(allowed.resetAfter()).isPositive().isLessThanOrEqualTo(HOUR);
        assertThat(allowed.retryAfter()).isZero();
        assertThat(refused.resetAfter()).isPositive().isLessThanOrEqualTo(allowed.resetAfter());
        assertThat(refused.retryAfter()).isEqualTo(refused.resetAfter());
    }

    @Test
    void given_one_key_exhausted_then_another_key_has_its_full_quota() {
        limiter.tryAcquire("contract:alice", 2, HOUR);
        limiter.tryAcquire("contract:alice", 2, HOUR);
        assertThat(limiter.tryAcquire("contract:alice", 2, HOUR).allowed()).isFalse();

        Decision bob = limiter.tryAcquire("contract:bob", 2, HOUR);

        assertThat(bob.allowed()).isTrue();
        assertThat(bob.remaining()).isEqualTo(1);
    }
}
