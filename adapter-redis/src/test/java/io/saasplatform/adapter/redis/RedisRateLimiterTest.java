package io.saasplatform.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.RateLimiter.Decision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(2);

    private EmbeddedRedis redis;
    private RedisAdapter adapter;
    private RateLimiter limiter;

    @BeforeEach
    void start() {
        redis = new EmbeddedRedis();
        adapter = new RedisAdapter(redis.url(), new RedisAdapter.Settings(COMMAND_TIMEOUT, Duration.ofMillis(200)));
        limiter = adapter.rateLimiter();
    }

    @AfterEach
    void stop() {
        adapter.close();
        redis.close();
    }

    @Test
    void given_limit_n_when_n_plus_one_attempts_then_n_allowed_and_the_last_refused_with_the_remaining_window() {
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(limiter.tryAcquire("sign-in:alice@example.com", 5, MINUTE).allowed())
                    .as("attempt %d", attempt)
                    .isTrue();
        }

        Decision refused = limiter.tryAcquire("sign-in:alice@example.com", 5, MINUTE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(MINUTE);
    }

    @Test
    void given_an_allowed_attempt_then_retry_after_is_zero() {
        Decision allowed = limiter.tryAcquire("sign-in:bob@example.com", 1, MINUTE);

        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.retryAfter()).isZero();
        assertThat(allowed.remaining()).isZero();
    }

    @Test
    void given_one_key_exhausted_when_another_key_attempts_then_it_is_counted_separately() {
        limiter.tryAcquire("sign-in:alice@example.com", 1, MINUTE);
        assertThat(limiter.tryAcquire("sign-in:alice@example.com", 1, MINUTE).allowed()).isFalse();

        assertThat(limiter.tryAcquire("sign-in:bob@example.com", 1, MINUTE).allowed()).isTrue();
        // Braces would move the hash tag; the full key still differs, so counters must not merge.
        assertThat(limiter.tryAcquire("sign-in:{alice@example.com}", 1, MINUTE).allowed()).isTrue();
    }

    @Test
    void keys_are_prefixed_and_hash_tagged_and_expire_with_the_window() {
        limiter.tryAcquire("sign-in:alice@example.com", 3, MINUTE);

        var commands = adapter.connection().sync();
        assertThat(commands.get("rl:{sign-in:alice@example.com}")).isEqualTo("1");
        assertThat(commands.pttl("rl:{sign-in:alice@example.com}")).isPositive().isLessThanOrEqualTo(MINUTE.toMillis());
    }

    @Test
    void given_a_short_window_exhausted_when_it_expires_then_attempts_are_allowed_again() {
        Duration window = Duration.ofMillis(200);
        assertThat(limiter.tryAcquire("sign-in:carol@example.com", 1, window).allowed()).isTrue();
        Decision refused = limiter.tryAcquire("sign-in:carol@example.com", 1, window);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(window);

        assertThat(eventuallyAllowed("sign-in:carol@example.com", 1, window, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void given_sixteen_threads_racing_then_exactly_the_limit_is_allowed() throws Exception {
        int limit = 40;
        int threads = 16;
        int attemptsPerThread = 10;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> allowedPerThread = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                allowedPerThread.add(pool.submit(() -> {
                    go.await();
                    int allowed = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        if (limiter.tryAcquire("sign-in:race@example.com", limit, MINUTE).allowed()) {
                            allowed++;
                        }
                    }
                    return allowed;
                }));
            }
            go.countDown();
            int allowed = 0;
            for (Future<Integer> future : allowedPerThread) {
                allowed += future.get(30, TimeUnit.SECONDS);
            }

            assertThat(allowed).isEqualTo(limit);
        }
        assertThat(adapter.connection().sync().get("rl:{sign-in:race@example.com}"))
                .isEqualTo(Integer.toString(threads * attemptsPerThread));
    }

    @Test
    void given_the_script_cache_flushed_when_acquiring_then_the_script_is_reloaded_and_counting_continues() {
        var commands = adapter.connection().sync();
        assertThat(limiter.tryAcquire("sign-in:dave@example.com", 2, MINUTE).allowed()).isTrue();
        assertThat(commands.scriptExists(RedisRateLimiter.SCRIPT_SHA)).containsExactly(true);

        commands.scriptFlush();
        assertThat(commands.scriptExists(RedisRateLimiter.SCRIPT_SHA)).containsExactly(false);

        assertThat(limiter.tryAcquire("sign-in:dave@example.com", 2, MINUTE).allowed()).isTrue();
        assertThat(commands.scriptExists(RedisRateLimiter.SCRIPT_SHA)).containsExactly(true);
        assertThat(limiter.tryAcquire("sign-in:dave@example.com", 2, MINUTE).allowed()).isFalse();
    }

    @Test
    void given_a_counter_without_expiry_when_acquiring_then_the_window_is_restored() {
        // A counter that lost its TTL (manual SET, PERSIST) must not refuse forever.
        adapter.connection().sync().set("rl:{sign-in:erin@example.com}", "99");

        Decision refused = limiter.tryAcquire("sign-in:erin@example.com", 5, MINUTE);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(MINUTE);
        assertThat(adapter.connection().sync().pttl("rl:{sign-in:erin@example.com}")).isPositive();
    }

    @Test
    void given_redis_stopped_when_acquiring_then_allowed_within_the_command_timeout() {
        limiter.tryAcquire("sign-in:frank@example.com", 1, MINUTE);
        assertThat(limiter.tryAcquire("sign-in:frank@example.com", 1, MINUTE).allowed()).isFalse();

        redis.stop();
        long started = System.nanoTime();
        Decision whileDown = limiter.tryAcquire("sign-in:frank@example.com", 1, MINUTE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(whileDown).isEqualTo(Decision.uncounted(1, MINUTE));
        assertThat(took).isLessThan(FAIL_FAST_BOUND);
    }

    @Test
    void given_redis_down_at_construction_when_acquiring_then_allowed_within_the_command_timeout() {
        redis.stop();
        try (RedisAdapter cold = new RedisAdapter(redis.url(), new RedisAdapter.Settings(COMMAND_TIMEOUT, MINUTE))) {
            long started = System.nanoTime();
            Decision whileDown = cold.rateLimiter().tryAcquire("sign-in:gina@example.com", 1, MINUTE);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(whileDown).isEqualTo(Decision.uncounted(1, MINUTE));
            assertThat(took).isLessThan(FAIL_FAST_BOUND);
        }
    }

    @Test
    void given_invalid_arguments_then_refused_before_reaching_redis() {
        assertThatThrownBy(() -> limiter.tryAcquire(" ", 1, MINUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 0, MINUTE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }

    /** Bounded polling: expiry is Redis's clock, so the test waits for it rather than sleeping a guessed amount. */
    private boolean eventuallyAllowed(String key, int limit, Duration window, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (limiter.tryAcquire(key, limit, window).allowed()) {
                return true;
            }
            // Paces the polling; the loop's bound, not this pause, is what the assertion relies on.
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }
}
