package io.saasplatform.adapter.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.QuotaUnavailableException;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts the budgets' decisions as {@code ai_budget_decisions_total{budget="user|global",
 * decision="granted|refused|unavailable"}}: no user label (cardinality), per-user use is in Redis.
 */
final class MeteredAiBudgets implements AiBudgets {
    static final String METER = "ai.budget.decisions";

    private final AiBudgets delegate;
    private final Map<Scope, Counter[]> counters = new EnumMap<>(Scope.class);

    MeteredAiBudgets(AiBudgets delegate, MeterRegistry registry) {
        this.delegate = delegate;
        for (Scope scope : Scope.values()) {
            counters.put(scope, new Counter[] {
                counter(registry, scope, "granted"), counter(registry, scope, "refused"),
                counter(registry, scope, "unavailable")});
        }
    }

    private static Counter counter(MeterRegistry registry, Scope scope, String decision) {
        return Counter.builder(METER)
                .description("AI budget reservations (per user, platform) by decision")
                .tag("budget", scope.name().toLowerCase(Locale.ROOT))
                .tag("decision", decision)
                .register(registry);
    }

    @Override
    public Reservation reserve(Budget budget, String requestId, long estimatedTokens, long limit) {
        Counter[] of = counters.get(budget.scope());
        Reservation reservation;
        try {
            reservation = delegate.reserve(budget, requestId, estimatedTokens, limit);
        } catch (QuotaUnavailableException e) {
            of[2].increment();
            throw e;
        }
        (reservation.granted() ? of[0] : of[1]).increment();
        return reservation;
    }

    @Override
    public QuotaStatus settle(Budget budget, String requestId, long actualTokens, long limit) {
        return delegate.settle(budget, requestId, actualTokens, limit);
    }

    @Override
    public boolean release(Budget budget, String requestId) {
        return delegate.release(budget, requestId);
    }

    @Override
    public QuotaStatus status(Budget budget, long limit) {
        return delegate.status(budget, limit);
    }
}
