package io.saasplatform.application.service;

import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settles {@link MeteredAi} could not deliver to the quota store, per tenant, kept in memory to retry: at most
 * {@code maxPerTenant} per tenant, beyond which the settle's month is marked to be rebuilt from the ledger instead
 * (which counts it too, so nothing is lost to the bound). Lost if the process dies; the ledger still has every call.
 * Thread-safe: each tenant's queue is only read and changed inside its map entry's atomic {@code compute}.
 */
final class PendingSettles {
    /**
     * One settle to deliver: what {@code QuotaMeter.settle} needs, when the call reserved (its ledger instant), and on
     * whose behalf (whose budget it also settles).
     */
    record Settle(String requestId, long tokens, long limit, Instant reservedAt, UserId user) {
        Settle {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(reservedAt, "reservedAt");
            Objects.requireNonNull(user, "user");
        }

        /** The month whose ledger total counts this call. */
        YearMonth period() {
            return YearMonth.from(reservedAt.atOffset(ZoneOffset.UTC));
        }
    }

    /** A snapshot of one tenant's work: months to rebuild, then settles, oldest first. */
    record Work(List<YearMonth> rebuilds, List<Settle> settles) {
        boolean isEmpty() {
            return rebuilds.isEmpty() && settles.isEmpty();
        }
    }

    private static final Work NONE = new Work(List.of(), List.of());

    private final int maxPerTenant;
    private final Map<TenantId, Queue> byTenant = new ConcurrentHashMap<>();

    PendingSettles(int maxPerTenant) {
        if (maxPerTenant < 1) {
            throw new IllegalArgumentException("maxPerTenant must be positive, was " + maxPerTenant);
        }
        this.maxPerTenant = maxPerTenant;
    }

    /** Keeps {@code settle} to retry, or, when the tenant already has the maximum waiting, marks its month for rebuild. */
    void add(TenantId tenant, Settle settle) {
        byTenant.compute(tenant, (t, queue) -> {
            Queue q = queue == null ? new Queue() : queue;
            if (q.settles.size() < maxPerTenant || q.settles.containsKey(settle.requestId())) {
                q.settles.put(settle.requestId(), settle);
            } else {
                q.rebuilds.add(settle.period());
            }
            return q;
        });
    }

    Work of(TenantId tenant) {
        Work[] snapshot = {NONE};
        byTenant.computeIfPresent(tenant, (t, q) -> {
            snapshot[0] = new Work(List.copyOf(q.rebuilds), List.copyOf(q.settles.values()));
            return q;
        });
        return snapshot[0];
    }

    /** {@code settle} reached the store. */
    void delivered(TenantId tenant, Settle settle) {
        byTenant.computeIfPresent(tenant, (t, q) -> {
            q.settles.remove(settle.requestId(), settle);
            return q.isEmpty() ? null : q;
        });
    }

    /** {@code period} was rebuilt from the ledger, which counts every settle of it that was waiting. */
    void rebuilt(TenantId tenant, YearMonth period) {
        byTenant.computeIfPresent(tenant, (t, q) -> {
            q.rebuilds.remove(period);
            q.settles.values().removeIf(s -> s.period().equals(period));
            return q.isEmpty() ? null : q;
        });
    }

    /** How many settles of {@code tenant} are waiting (rebuild marks not included): for tests and logs. */
    int size(TenantId tenant) {
        return of(tenant).settles().size();
    }

    private static final class Queue {
        final Set<YearMonth> rebuilds = new LinkedHashSet<>();
        final Map<String, Settle> settles = new LinkedHashMap<>();

        boolean isEmpty() {
            return rebuilds.isEmpty() && settles.isEmpty();
        }
    }
}
