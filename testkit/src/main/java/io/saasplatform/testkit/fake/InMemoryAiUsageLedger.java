package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Test fake of the {@link AiUsageLedger} port that mimics row-level security: reads see only the bound tenant's
 * entries (none without a tenant) and writing without a bound tenant throws a {@link SecurityException}. Entries are
 * idempotent by request id within a tenant; periods are calendar months in UTC.
 */
public final class InMemoryAiUsageLedger implements AiUsageLedger, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    private Map<Key, Owned> entries = new LinkedHashMap<>();
    private Map<TenantId, Long> limits = new LinkedHashMap<>();

    public InMemoryAiUsageLedger(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public boolean record(Entry entry) {
        TenantId tenant = writableTenant();
        return entries.putIfAbsent(new Key(tenant, entry.requestId()), new Owned(tenant, entry)) == null;
    }

    @Override
    public long usedTokens(YearMonth period) {
        return visible().stream().filter(e -> periodOf(e).equals(period)).mapToLong(Entry::totalTokens).sum();
    }

    @Override
    public Tally tally(YearMonth period, Instant recentSince) {
        Objects.requireNonNull(recentSince, "recentSince");
        List<Entry> inPeriod = visible().stream().filter(e -> periodOf(e).equals(period)).toList();
        return new Tally(inPeriod.stream().mapToLong(Entry::totalTokens).sum(), inPeriod.stream()
                .filter(e -> !e.at().isBefore(recentSince))
                .map(Entry::requestId)
                .toList());
    }

    @Override
    public Map<String, Long> totalsByFeature(YearMonth period) {
        Map<String, Long> totals = new TreeMap<>();
        visible().stream()
                .filter(e -> periodOf(e).equals(period))
                .forEach(e -> totals.merge(e.feature(), e.totalTokens(), Long::sum));
        return Map.copyOf(totals);
    }

    @Override
    public OptionalLong monthlyLimitOverride() {
        Optional<TenantId> bound = boundTenant();
        return bound.map(limits::get).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    @Override
    public void setMonthlyLimitOverride(OptionalLong limit) {
        TenantId tenant = writableTenant();
        if (limit.isPresent() && limit.getAsLong() < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit.getAsLong());
        }
        if (limit.isPresent()) {
            limits.put(tenant, limit.getAsLong());
        } else {
            limits.remove(tenant);
        }
    }

    /** Every recorded entry of every tenant, bypassing row-level security: for assertions only. */
    public List<Entry> allEntries() {
        return entries.values().stream().map(Owned::entry).toList();
    }

    /** The entries of one tenant, bypassing row-level security: for assertions only. */
    public List<Entry> entriesOf(TenantId tenant) {
        return entries.values().stream().filter(o -> o.tenant().equals(tenant)).map(Owned::entry).toList();
    }

    @Override
    public Object snapshot() {
        return new Snapshot(new LinkedHashMap<>(entries), new LinkedHashMap<>(limits));
    }

    @Override
    public void restore(Object snapshot) {
        Snapshot s = (Snapshot) snapshot;
        entries = new LinkedHashMap<>(s.entries());
        limits = new LinkedHashMap<>(s.limits());
    }

    private List<Entry> visible() {
        Optional<TenantId> bound = boundTenant();
        return entries.values().stream()
                .filter(o -> bound.equals(Optional.of(o.tenant())))
                .map(Owned::entry)
                .toList();
    }

    private static YearMonth periodOf(Entry entry) {
        return YearMonth.from(entry.at().atOffset(ZoneOffset.UTC));
    }

    private Optional<TenantId> boundTenant() {
        unitOfWork.requireActive();
        return unitOfWork.current();
    }

    private TenantId writableTenant() {
        return boundTenant().orElseThrow(() -> new SecurityException(
                "new row violates row-level security policy for table ai_usage: no tenant is bound"));
    }

    private record Key(TenantId tenant, String requestId) {}

    private record Owned(TenantId tenant, Entry entry) {}

    private record Snapshot(Map<Key, Owned> entries, Map<TenantId, Long> limits) {}
}
