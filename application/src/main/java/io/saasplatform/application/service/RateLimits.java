package io.saasplatform.application.service;

import io.saasplatform.application.port.in.RateLimitObserver;
import io.saasplatform.application.port.in.RateLimitedException;
import io.saasplatform.application.port.out.RateLimiter;
import java.time.Duration;

/** Counts one call against a limit, reports where the caller stands, and refuses (429) once it is over. */
final class RateLimits {
    /** Retry-After counts whole seconds; "retry after 0" would invite a busy loop. */
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private RateLimits() {}

    static void count(
            RateLimiter limiter, String key, String policy, int limit, Duration window, RateLimitObserver observer) {
        RateLimiter.Decision decision = limiter.tryAcquire(key, limit, window);
        observer.counted(new RateLimitObserver.Status(
                policy, decision.limit(), window, decision.remaining(), decision.resetAfter()));
        if (!decision.allowed()) {
            Duration retryAfter = decision.retryAfter();
            throw new RateLimitedException(
                    retryAfter.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : retryAfter,
                    new RateLimitedException.Policy(policy, limit, window));
        }
    }
}
