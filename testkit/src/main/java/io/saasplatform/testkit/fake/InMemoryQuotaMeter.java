package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Test fake of the {@link QuotaMeter} port with the Redis adapter's semantics, one lock for all operations.
 *
 * <p>Counters exist only once seeded ({@link NeedsSeedException} before); a reservation is charged to the month it was
 * made in and expires {@code holdTtl} after it by the given clock; {@code reserved} is always the sum of the live
 * holds; reserve is idempotent by request id (a refusal is remembered too); settle is idempotent and charges an
 * unknown or expired hold to the current month; settling into an unseeded month changes nothing and throws
 * {@link NeedsSeedException}; a winning seed marks the ids it counted settled and frees their holds in its month.
 * {@link #unavailable(boolean)} makes every call fail like an unreachable store; {@link #loseAllData()} empties it like
 * a Redis restart without persistence.
 */
public final class InMemoryQuotaMeter implements QuotaMeter {
    private final Clock clock;
    private final Duration holdTtl;
    private final Map<PeriodKey, Long> used = new HashMap<>();
    private final Map<RequestKey, Hold> holds = new HashMap<>();
    private final Map<RequestKey, YearMonth> settled = new HashMap<>();
    private boolean unavailable;
    private int seeds;

    public InMemoryQuotaMeter(Clock clock, Duration holdTtl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holdTtl = Objects.requireNonNull(holdTtl, "holdTtl");
        if (holdTtl.isNegative() || holdTtl.isZero()) {
            throw new IllegalArgumentException("holdTtl must be positive");
        }
    }

    /** A meter whose holds last ten minutes. */
    public InMemoryQuotaMeter(Clock clock) {
        this(clock, Duration.ofMinutes(10));
    }

    @Override
    public synchronized Reservation reserve(TenantId tenant, String requestId, long estimatedTokens, long limit) {
        requireValid(tenant, requestId, estimatedTokens, limit);
        requireAvailable();
        Instant now = clock.instant();
        YearMonth period = periodOf(now);
        PeriodKey key = new PeriodKey(tenant, period);
        if (!used.containsKey(key)) {
            throw new NeedsSeedException(period);
        }
        RequestKey request = new RequestKey(tenant, requestId);
        Hold existing = holds.get(request);
        boolean granted;
        if (existing != null) {
            granted = existing.state != HoldState.REFUSED;
        } else if (settled.containsKey(request)) {
            granted = true;
        } else {
            granted = used.get(key) + reserved(key, now) + estimatedTokens <= limit;
            holds.put(request, new Hold(period, estimatedTokens, now.plus(holdTtl),
                    granted ? HoldState.HELD : HoldState.REFUSED));
        }
        return new Reservation(granted, status(key, limit, now));
    }

    @Override
    public synchronized Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit) {
        requireValid(tenant, requestId, actualTokens, limit);
        requireAvailable();
        Instant now = clock.instant();
        RequestKey request = new RequestKey(tenant, requestId);
        YearMonth done = settled.get(request);
        if (done != null) {
            return new Settlement(true, status(seeded(new PeriodKey(tenant, done)), limit, now));
        }
        Hold hold = holds.get(request);
        // A live hold is charged to its own month; an unknown or expired one to the current month (tokens were spent).
        boolean live = hold != null && hold.state == HoldState.HELD && hold.liveAt(now);
        YearMonth charged = live ? hold.period : periodOf(now);
        // Checked before any change: an unseeded month is seeded from the ledger, and the seed decides whether it
        // already counted this request.
        PeriodKey key = seeded(new PeriodKey(tenant, charged));
        holds.remove(request);
        settled.put(request, charged);
        used.merge(key, actualTokens, Long::sum);
        return new Settlement(false, status(key, limit, now));
    }

    @Override
    public synchronized boolean release(TenantId tenant, String requestId) {
        requireValid(tenant, requestId, 0, 0);
        requireAvailable();
        Hold hold = holds.get(new RequestKey(tenant, requestId));
        if (hold == null || hold.state != HoldState.HELD) {
            return false;
        }
        boolean live = hold.liveAt(clock.instant());
        // Kept as released (not removed) so that a late retry of the reserve does not hold again.
        hold.state = HoldState.RELEASED;
        return live;
    }

    @Override
    public synchronized QuotaStatus status(TenantId tenant, long limit) {
        requireAvailable();
        Instant now = clock.instant();
        PeriodKey key = new PeriodKey(tenant, periodOf(now));
        if (!used.containsKey(key)) {
            throw new NeedsSeedException(key.period());
        }
        return status(key, limit, now);
    }

    @Override
    public synchronized boolean seed(
            TenantId tenant, YearMonth period, long usedTokens, Collection<String> countedRequestIds) {
        Objects.requireNonNull(countedRequestIds, "countedRequestIds");
        requireAvailable();
        seeds++;
        if (used.putIfAbsent(new PeriodKey(tenant, period), usedTokens) != null) {
            return false;
        }
        for (String requestId : countedRequestIds) {
            RequestKey request = new RequestKey(tenant, requestId);
            Hold hold = holds.get(request);
            if (hold != null && hold.state == HoldState.HELD && hold.period.equals(period)) {
                holds.remove(request);
            }
            settled.putIfAbsent(request, period);
        }
        return true;
    }

    @Override
    public synchronized void forget(TenantId tenant, YearMonth period) {
        requireAvailable();
        used.remove(new PeriodKey(tenant, period));
    }

    @Override
    public Duration holdTtl() {
        return holdTtl;
    }

    /** Drops every counter, hold and settled mark of every tenant, like a Redis restart without persistence. */
    public synchronized void loseAllData() {
        used.clear();
        holds.clear();
        settled.clear();
    }

    /** Whether {@code requestId} is marked settled (by a settle or a seed): for assertions only. */
    public synchronized boolean isSettled(TenantId tenant, String requestId) {
        return settled.containsKey(new RequestKey(tenant, requestId));
    }

    /** Makes every following call fail with {@link QuotaUnavailableException} (true) or work again (false). */
    public synchronized void unavailable(boolean value) {
        unavailable = value;
    }

    /** How many times {@link #seed} was called, successful or not: for assertions only. */
    public synchronized int seedCalls() {
        return seeds;
    }

    /** The used counter of a month, or -1 when it is not seeded: for assertions only. */
    public synchronized long usedIn(TenantId tenant, YearMonth period) {
        return used.getOrDefault(new PeriodKey(tenant, period), -1L);
    }

    /** Tokens held by live reservations in the current month: for assertions only. */
    public synchronized long reservedNow(TenantId tenant) {
        Instant now = clock.instant();
        return reserved(new PeriodKey(tenant, periodOf(now)), now);
    }

    private PeriodKey seeded(PeriodKey key) {
        if (!used.containsKey(key)) {
            throw new NeedsSeedException(key.period());
        }
        return key;
    }

    private long reserved(PeriodKey key, Instant now) {
        return holds.entrySet().stream()
                .filter(e -> e.getKey().tenant().equals(key.tenant()))
                .map(Map.Entry::getValue)
                .filter(h -> h.period.equals(key.period()) && h.state == HoldState.HELD && h.liveAt(now))
                .mapToLong(h -> h.estimate)
                .sum();
    }

    private QuotaStatus status(PeriodKey key, long limit, Instant now) {
        return new QuotaStatus(key.period(), limit, used.get(key), reserved(key, now), resetsAt(key.period()));
    }

    private static void requireValid(TenantId tenant, String requestId, long tokens, long limit) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank() || tokens < 0 || limit < 0) {
            throw new IllegalArgumentException("requestId must not be blank and token counts must not be negative");
        }
    }

    private void requireAvailable() {
        if (unavailable) {
            throw new QuotaUnavailableException("quota store unavailable (simulated)", null);
        }
    }

    private static YearMonth periodOf(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    private static Instant resetsAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private enum HoldState {
        HELD,
        REFUSED,
        RELEASED
    }

    private record PeriodKey(TenantId tenant, YearMonth period) {}

    private record RequestKey(TenantId tenant, String requestId) {}

    private static final class Hold {
        final YearMonth period;
        final long estimate;
        final Instant expiresAt;
        HoldState state;

        Hold(YearMonth period, long estimate, Instant expiresAt, HoldState state) {
            this.period = period;
            this.estimate = estimate;
            this.expiresAt = expiresAt;
            this.state = state;
        }

        boolean liveAt(Instant now) {
            return now.isBefore(expiresAt);
        }
    }
}
