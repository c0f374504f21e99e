package io.saasplatform.application.port.out;

import java.time.Duration;
import java.util.Objects;

/** Outgoing port: counts attempts per key in a fixed window shared by every node (Redis in production). */
public interface RateLimiter {
    /** Records one attempt against {@code key}; refused once more than {@code limit} happened within {@code window}. */
    Decision tryAcquire(String key, int limit, Duration window);

    /**
     * The limiter's verdict on one attempt and the state of the window it was counted in, so that a caller can tell its
     * client (the IETF {@code RateLimit} header) how much is left and when the window starts again.
     *
     * @param allowed whether the attempt may proceed
     * @param limit the attempts the window allows (the quota)
     * @param remaining the attempts still allowed in this window after this one; never negative
     * @param resetAfter when the window ends and the full quota is back; when refused, also how long to wait
     */
    record Decision(boolean allowed, int limit, int remaining, Duration resetAfter) {
        public Decision {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1");
            }
            if (remaining < 0 || remaining > limit) {
                throw new IllegalArgumentException("remaining must be between 0 and limit");
            }
            Objects.requireNonNull(resetAfter, "resetAfter");
            if (resetAfter.isNegative()) {
                throw new IllegalArgumentException("resetAfter must not be negative");
            }
        }

        /**
         * The verdict after {@code count} attempts (this one included) in a window of {@code limit} that ends in
         * {@code resetAfter}: allowed up to the limit, and the remaining count stops at zero.
         */
        public static Decision counted(long count, int limit, Duration resetAfter) {
            return new Decision(count <= limit, limit, (int) Math.clamp(limit - count, 0, limit), resetAfter);
        }

        /** When the attempt could not be counted (the store is unreachable and the limiter fails open). */
        public static Decision uncounted(int limit, Duration window) {
            return new Decision(true, limit, limit, window);
        }

        /** How long a refused caller should wait: the rest of the window; zero when allowed. */
        public Duration retryAfter() {
            return allowed ? Duration.ZERO : resetAfter;
        }
    }
}
