package io.saasplatform.application.port.in;

import java.time.Duration;
import java.util.Optional;

/**
 * Use-case outcome: too many attempts; the caller may retry after {@link #retryAfter()} (429 with Retry-After). When
 * the limit that refused is known, {@link #policy()} names it (an HTTP adapter announces it as the IETF
 * {@code RateLimit-Policy} and {@code RateLimit} headers).
 */
public final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;
    private final Optional<Policy> policy;

    /** A limit: its name, how many attempts it allows, in which window. */
    public record Policy(String name, int limit, Duration window) {}

    public RateLimitedException(Duration retryAfter) {
        this(retryAfter, null);
    }

    public RateLimitedException(Duration retryAfter, Policy policy) {
        super("too many attempts; retry after " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
        this.policy = Optional.ofNullable(policy);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Optional<Policy> policy() {
        return policy;
    }
}
