package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import io.saasplatform.domain.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Test fake of the {@link AiBudgets} port: one {@link InMemoryQuotaMeter} counter per budget, started at zero when a
 * month has none (as the Redis adapter does). {@link #unavailable(boolean)} makes every call fail like an unreachable
 * store.
 */
public final class InMemoryAiBudgets implements AiBudgets {
    private final InMemoryQuotaMeter meter;

    public InMemoryAiBudgets(Clock clock, Duration holdTtl) {
        this.meter = new InMemoryQuotaMeter(clock, holdTtl);
    }

    public InMemoryAiBudgets(Clock clock) {
        this(clock, Duration.ofMinutes(10));
    }

    @Override
    public synchronized Reservation reserve(Budget budget, String requestId, long estimatedTokens, long limit) {
        return seeded(budget, () -> meter.reserve(idOf(budget), requestId, estimatedTokens, limit));
    }

    @Override
    public synchronized QuotaStatus settle(Budget budget, String requestId, long actualTokens, long limit) {
        return seeded(budget, () -> meter.settle(idOf(budget), requestId, actualTokens, limit).status());
    }

    @Override
    public synchronized boolean release(Budget budget, String requestId) {
        return meter.release(idOf(budget), requestId);
    }

    @Override
    public synchronized QuotaStatus status(Budget budget, long limit) {
        return seeded(budget, () -> meter.status(idOf(budget), limit));
    }

    /** Makes every call fail (or work again) like an unreachable store. */
    public synchronized void unavailable(boolean value) {
        meter.unavailable(value);
    }

    /** Tokens charged to {@code budget} in {@code period} (zero for a budget never used). */
    public synchronized long usedIn(Budget budget, YearMonth period) {
        return Math.max(0, meter.usedIn(idOf(budget), period));
    }

    /** Tokens {@code budget} holds for calls in flight. */
    public synchronized long reservedNow(Budget budget) {
        return meter.reservedNow(idOf(budget));
    }

    private <T> T seeded(Budget budget, Supplier<T> call) {
        try {
            return call.get();
        } catch (NeedsSeedException e) {
            meter.seed(idOf(budget), e.period(), 0, List.of());
            return call.get();
        }
    }

    /** A name-based UUID per budget: version 3, so it can never equal a real (random, version 4) tenant id. */
    private static TenantId idOf(Budget budget) {
        String name = budget.scope() + ":" + budget.subject();
        return new TenantId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }
}
