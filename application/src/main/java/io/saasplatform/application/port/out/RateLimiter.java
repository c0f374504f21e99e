package io.saasplatform.application.port.out;

import java.time.Duration;

/** Outgoing port: counts attempts per key in a fixed window shared by every node (Redis in production). */
public interface RateLimiter {
    /** Records one attempt against {@code key}; refused once more than {@code limit} happened within {@code window}. */
    Decision tryAcquire(String key, int limit, Duration window);

    /** Whether the attempt may proceed and, if not, when to retry. */
    record Decision(boolean allowed, Duration retryAfter) {
        public static Decision allow() {
            return new Decision(true, Duration.ZERO);
        }
    }
}
