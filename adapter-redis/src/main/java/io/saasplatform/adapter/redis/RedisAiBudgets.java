package io.saasplatform.adapter.redis;

import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import java.util.List;
import java.util.function.Supplier;

/**
 * Driven adapter for the {@link AiBudgets} port: the tenant quota's scripts ({@link RedisQuotaMeter}) run on a
 * budget's own keys ({@code budget:{user:<id>}:…}, {@code budget:{global:all}:…}), so a budget's check-and-hold is as
 * atomic as the tenant's and its keys share one Cluster slot.
 *
 * <p>A budget has no ledger to be seeded from: when the store has no counter for the month (first call of the month,
 * or data lost) it is seeded at zero with the seed script, whose first-seed-wins rule keeps a concurrent seed from
 * resetting a counter another node has just started. Fails closed like the quota meter.
 */
final class RedisAiBudgets implements AiBudgets {
    private final RedisQuotaMeter meter;

    RedisAiBudgets(RedisQuotaMeter meter) {
        this.meter = meter;
    }

    @Override
    public Reservation reserve(Budget budget, String requestId, long estimatedTokens, long limit) {
        QuotaKeys keys = QuotaKeys.of(budget);
        return seeded(keys, () -> meter.reserve(keys, requestId, estimatedTokens, limit));
    }

    @Override
    public QuotaStatus settle(Budget budget, String requestId, long actualTokens, long limit) {
        QuotaKeys keys = QuotaKeys.of(budget);
        return seeded(keys, () -> meter.settle(keys, requestId, actualTokens, limit).status());
    }

    @Override
    public boolean release(Budget budget, String requestId) {
        return meter.release(QuotaKeys.of(budget), requestId);
    }

    @Override
    public QuotaStatus status(Budget budget, long limit) {
        QuotaKeys keys = QuotaKeys.of(budget);
        return seeded(keys, () -> meter.status(keys, limit));
    }

    private <T> T seeded(QuotaKeys keys, Supplier<T> call) {
        try {
            return call.get();
        } catch (NeedsSeedException e) {
            meter.seed(keys, e.period(), 0, List.of());
            return call.get();
        }
    }
}
