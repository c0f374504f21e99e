package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Test fake of the {@link RateLimiter} port: fixed windows aligned to the epoch, over the given clock. */
public final class InMemoryRateLimiter implements RateLimiter {
    private final Clock clock;
    private final Map<String, Window> windows = new HashMap<>();

    public InMemoryRateLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Decision tryAcquire(String key, int limit, Duration window) {
        long now = clock.millis();
        long length = window.toMillis();
        long start = Math.floorDiv(now, length) * length;
        Window current = windows.get(key);
        if (current == null || current.start != start) {
            current = new Window(start);
            windows.put(key, current);
        }
        current.count++;
        return Decision.counted(
                current.count, limit, Duration.between(Instant.ofEpochMilli(now), Instant.ofEpochMilli(start + length)));
    }

    private static final class Window {
        final long start;
        long count;

        Window(long start) {
            this.start = start;
        }
    }
}
