package io.saasplatform.application.port.in;

import java.time.Duration;

/** Use-case outcome: too many attempts; the caller may retry after {@link #retryAfter()} (429 with Retry-After). */
public final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    public RateLimitedException(Duration retryAfter) {
        super("too many attempts; retry after " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
