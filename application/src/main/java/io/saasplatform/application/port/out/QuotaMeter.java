package io.saasplatform.application.port.out;

import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * Outgoing port: per-tenant monthly AI token quota held in a shared store (Redis in production).
 *
 * <p>A call reserves its estimate before it runs ({@link #reserve}), then converts the hold into usage
 * ({@link #settle}) or frees it ({@link #release}). Each operation is atomic on the store, so concurrent reservations
 * can never together exceed the limit. Periods are calendar months in UTC; a reservation is charged to the period in
 * which it was made. Unsettled holds expire on their own.
 *
 * <p>When the store has no counter for a tenant's period (first use, or data lost in a restart) {@link #reserve} and
 * {@link #status} answer {@link NeedsSeedException}; the caller reads the durable ledger and calls {@link #seed}.
 * Every method throws {@link QuotaUnavailableException} within a bounded time when the store cannot be reached.
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
     * {@code alreadySettled = true}). Settling an unknown or expired hold charges {@code actualTokens} directly to the
     * current period, because the tokens were spent. When the period has no counter at all (the store lost its data)
     * nothing is charged and {@link NeedsSeedException} is thrown: callers write the ledger before settling, so
     * seeding from the ledger counts this call.
     */
    Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit);

    /** Frees the hold of {@code requestId} without charging; false when there was no hold (already settled/expired). */
    boolean release(TenantId tenant, String requestId);

    /** The current period's counters; {@link NeedsSeedException} when the store has none yet. */
    QuotaStatus status(TenantId tenant, long limit);

    /**
     * Sets the period's used counter from the durable ledger if (and only if) the store has no counter for it yet;
     * returns whether this call seeded it. Safe to race: the first seed wins.
     */
    boolean seed(TenantId tenant, YearMonth period, long usedTokens);

    /** Drops the store's counters for the period so the next call reseeds from the ledger (the rebuild command). */
    void forget(TenantId tenant, YearMonth period);

    /** The outcome of {@link #reserve}. */
    record Reservation(boolean granted, QuotaStatus status) {
        public Reservation {
            Objects.requireNonNull(status, "status");
        }
    }

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
