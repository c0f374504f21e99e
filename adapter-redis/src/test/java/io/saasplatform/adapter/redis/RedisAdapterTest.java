package io.saasplatform.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisAdapterTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(2);

    private EmbeddedRedis redis;

    @BeforeEach
    void startRedis() {
        redis = new EmbeddedRedis();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void given_redis_up_when_checked_then_healthy() {
        try (RedisAdapter adapter = new RedisAdapter(redis.url())) {
            HealthCheck check = adapter.healthCheck();

            assertThat(check.component()).isEqualTo("redis");
            assertThat(check.check(PROBE_TIMEOUT)).isEqualTo(HealthCheck.Result.healthy());
        }
    }

    @Test
    void given_redis_stopped_when_checked_then_down_within_the_bound_and_healthy_again_after_restart() {
        try (RedisAdapter adapter = new RedisAdapter(redis.url())) {
            HealthCheck check = adapter.healthCheck();
            assertThat(check.check(PROBE_TIMEOUT).up()).isTrue();

            redis.stop();
            long started = System.nanoTime();
            HealthCheck.Result whileDown = check.check(PROBE_TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(whileDown.up()).isFalse();
            assertThat(whileDown.detail()).isNotBlank();
            assertThat(took).isLessThan(FAIL_FAST_BOUND);

            redis.start();

            assertThat(eventuallyUp(check, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void given_redis_down_at_construction_when_checked_then_down_and_healthy_once_it_starts() {
        redis.stop();
        try (RedisAdapter adapter = new RedisAdapter(redis.url())) {
            HealthCheck check = adapter.healthCheck();

            long started = System.nanoTime();
            HealthCheck.Result whileDown = check.check(PROBE_TIMEOUT);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(whileDown.up()).isFalse();
            assertThat(took).isLessThan(FAIL_FAST_BOUND);

            redis.start();

            assertThat(eventuallyUp(check, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void given_a_url_that_is_not_a_redis_url_when_constructing_then_refused_without_echoing_it() {
        assertThatThrownBy(() -> new RedisAdapter("http://user:s3cret@localhost:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> new RedisAdapter("redis://user:s3cret@"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("s3cret");
    }

    /** Bounded polling: reconnection is asynchronous, so the first probes after a restart may still fail. */
    private static boolean eventuallyUp(HealthCheck check, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.check(PROBE_TIMEOUT).up()) {
                return true;
            }
            // Paces the polling; the loop's bound, not this pause, is what the assertion relies on.
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return false;
    }
}
