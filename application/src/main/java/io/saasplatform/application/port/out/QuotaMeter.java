package io.saasplatform.application.port.out;

import io.saasplatform.domain.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Objects;

/**
 * Outgoing port: per-tenant monthly AI token quota held in a shared store (Redis in production).
 *
 * <p>A call reserves its estimate before it runs ({@link #reserve}), then converts the hold into usage
 * ({@link #settle}) or frees it ({@link #release}). Each operation is atomic on the store, so concurrent reservations
 * can never together exceed the limit. Periods are calendar months in UTC; a reservation is charged to the period in
 * which it was made. Unsettled holds expire on their own.
 *
 * <p>When the store has no counter for a tenant's period (first use, data lost in a restart, or a rebuild)
 * {@link #reserve}, {@link #settle} and {@link #status} answer {@link NeedsSeedException} without changing anything;
 * the caller reads the durable ledger and calls {@link #seed} with the period's total <em>and</em> the request ids of the
 * ledger rows recent enough to still be settling, then retries. The seed marks exactly those ids settled, so a settle
 * that arrives after the seed is charged if and only if the seed did not count it: nothing is lost and nothing is
 * counted twice, however settles and reseeds interleave.
 *
 * <p>Every method throws {@link QuotaUnavailableException} within a bounded time when the store cannot be reached;
 * such a call may or may not have been applied, and every method is safe to retry.
 */
public interface QuotaMeter {
    /**
     * Atomically holds {@code estimatedTokens} when {@code used + reserved + estimatedTokens <= limit}. Idempotent
     * by {@code requestId}: reserving the same id twice returns the first decision without holding twice.
     */
    Reservation reserve(TenantId tenant, String requestId, long estimatedTokens, long limit);

    /**
     * Converts the hold of {@code requestId} into {@code actualTokens} of usage and frees the rest of the hold.
     * Idempotent: a retried settle never charges twice (the second returns the same status with
     * {@code alreadySettled = true}), and a request that a winning {@link #seed} counted answers
     * {@code alreadySettled = true} too. Settling an unknown or expired hold charges {@code actualTokens} directly to
     * the current period, because the tokens were spent. When the period to charge has no counter (the store lost
     * its data) nothing is charged, nothing is marked and {@link NeedsSeedException} is thrown: the caller seeds from
     * the ledger (which it wrote before settling) and settles again, and that retry is charged exactly when the
     * winning seed did not count the request.
     */
    Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit);

    /** Frees the hold of {@code requestId} without charging; false when there was no hold (already settled/expired). */
    boolean release(TenantId tenant, String requestId);

    /** The current period's counters; {@link NeedsSeedException} when the store has none yet. */
    QuotaStatus status(TenantId tenant, long limit);

    /**
     * Sets the period's used counter from the durable ledger if (and only if) the store has no counter for it yet;
     * returns whether this call seeded it. Safe to race: the first seed wins, and a losing seed changes nothing.
     *
     * <p>The winner also marks every id of {@code countedRequestIds} settled (as a settle would, for as long as a
     * settle's mark lasts) and frees their holds in {@code period}, in the same atomic step: these are the requests
     * whose tokens {@code usedTokens} already includes, so their settles, still in flight, must not charge them again.
     * Pass the ids of the ledger rows of {@code period} made within twice {@link #holdTtl()} of now, read in the same
     * snapshot as {@code usedTokens}; older requests must not settle any more (their callers rebuild the period instead).
     */
    boolean seed(TenantId tenant, YearMonth period, long usedTokens, Collection<String> countedRequestIds);

    /** Drops the store's counters for the period so the next call reseeds from the ledger (the rebuild command). */
    void forget(TenantId tenant, YearMonth period);

    /** How long a reservation holds quota before it expires on its own. */
    Duration holdTtl();

    /** The outcome of {@link #reserve}. */
    record Reservation(boolean granted, QuotaStatus status) {
        public Reservation {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The outcome of {@link #settle}. */
    record Settlement(boolean alreadySettled, QuotaStatus status) {
        public Settlement {
            Objects.requireNonNull(status, "status");
        }
    }

    /** Counters of one period: {@code remaining = max(0, limit - used - reserved)}. */
    record QuotaStatus(YearMonth period, long limit, long used, long reserved, Instant resetsAt) {
        public QuotaStatus {
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(resetsAt, "resetsAt");
        }

        public long remaining() {
            return Math.max(0, limit - used - reserved);
        }
    }

    /** The store has no counter for this tenant's period: seed it from the ledger and retry. */
    final class NeedsSeedException extends RuntimeException {
        private final YearMonth period;

        public NeedsSeedException(YearMonth period) {
            super("quota counters for " + period + " are not seeded");
            this.period = period;
        }

        public YearMonth period() {
            return period;
        }
    }

    /** The quota store could not be reached in time: AI calls are refused (fail closed). */
    final class QuotaUnavailableException extends RuntimeException {
        public QuotaUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
