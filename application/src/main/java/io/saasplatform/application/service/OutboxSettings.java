package io.saasplatform.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Application settings: how the outbox retries transient delivery failures. Attempt {@code n} (1-based) that fails is
 * retried after {@code min(maxDelay, firstDelay × 2^(n-1))}, scaled by a random factor in [0.5, 1] (jitter, so that a
 * burst of failures does not come back as a burst); after {@code maxAttempts} the message is dead.
 */
public record OutboxSettings(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    /** 8 attempts over about an hour: retries after ~1, 2, 4, 8, 16, 30, 30 minutes, each jittered by up to half. */
    public static final OutboxSettings DEFAULTS = new OutboxSettings(8, Duration.ofMinutes(1), Duration.ofMinutes(30));

    public OutboxSettings {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("firstDelay must be positive and maxDelay at least firstDelay");
        }
    }

    /** The delay after failed attempt {@code attempt} (1-based) before jitter. */
    Duration nominalDelay(int attempt) {
        Duration delay = firstDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** The delay after failed attempt {@code attempt}, with jitter drawn from {@code unitRandom} in [0, 1). */
    Duration delay(int attempt, double unitRandom) {
        long nanos = nominalDelay(attempt).toNanos();
        return Duration.ofNanos((long) (nanos * (0.5 + 0.5 * unitRandom)));
    }
}
