package io.saasplatform.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * Told by a rate-limited use case about every limit it counted the call against, allowed or refused, so that a driving
 * adapter can show the client where it stands (an HTTP adapter writes the IETF {@code RateLimit-Policy} and
 * {@code RateLimit} headers). A use case that counts against several limits (sign-in: per address and per account)
 * reports each one; a refused limit is reported before the {@link RateLimitedException} is thrown.
 */
@FunctionalInterface
public interface RateLimitObserver {
    /** For callers that do not care (jobs, tests, the embedding example). */
    RateLimitObserver IGNORE = status -> {};

    void counted(Status status);

    /**
     * One limit after this call was counted against it.
     *
     * @param policy the limit's stable name ({@code sign-in-address}, {@code tenant-creations}, …)
     * @param limit the attempts its window allows
     * @param window the window's length
     * @param remaining attempts still allowed in the current window; zero once refused, never negative
     * @param resetAfter when the current window ends
     */
    record Status(String policy, int limit, Duration window, int remaining, Duration resetAfter) {
        public Status {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(resetAfter, "resetAfter");
            if (remaining < 0) {
                throw new IllegalArgumentException("remaining must not be negative");
            }
        }
    }
}
