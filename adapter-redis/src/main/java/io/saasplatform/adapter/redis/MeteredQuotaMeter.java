package io.saasplatform.adapter.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.domain.TenantId;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Collection;

/**
 * Counts the quota meter's decisions as {@code quota_decisions_total{decision="granted|refused|unavailable"}}. No tenant
 * label: per-tenant usage belongs to the ledger, not to a time series per tenant.
 */
final class MeteredQuotaMeter implements QuotaMeter {
    static final String METER = "quota.decisions";

    private final QuotaMeter delegate;
    private final Counter granted;
    private final Counter refused;
    private final Counter unavailable;

    MeteredQuotaMeter(QuotaMeter delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.granted = counter(registry, "granted");
        this.refused = counter(registry, "refused");
        this.unavailable = counter(registry, "unavailable");
    }

    private static Counter counter(MeterRegistry registry, String decision) {
        return Counter.builder(METER)
                .description("AI quota reservations by decision")
                .tag("decision", decision)
                .register(registry);
    }

    @Override
    public Reservation reserve(TenantId tenant, String requestId, long estimatedTokens, long limit) {
        Reservation reservation;
        try {
            reservation = delegate.reserve(tenant, requestId, estimatedTokens, limit);
        } catch (QuotaUnavailableException e) {
            unavailable.increment();
            throw e;
        }
        (reservation.granted() ? granted : refused).increment();
        return reservation;
    }

    @Override
    public Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit) {
        return delegate.settle(tenant, requestId, actualTokens, limit);
    }

    @Override
    public boolean release(TenantId tenant, String requestId) {
        return delegate.release(tenant, requestId);
    }

    @Override
    public QuotaStatus status(TenantId tenant, long limit) {
        return delegate.status(tenant, limit);
    }

    @Override
    public boolean seed(TenantId tenant, YearMonth period, long usedTokens, Collection<String> countedRequestIds) {
        return delegate.seed(tenant, period, usedTokens, countedRequestIds);
    }

    @Override
    public void forget(TenantId tenant, YearMonth period) {
        delegate.forget(tenant, period);
    }

    @Override
    public Duration holdTtl() {
        return delegate.holdTtl();
    }
}
