package io.saasplatform.application.port.out;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Outgoing port: the durable record of settled AI calls of the tenant bound to the current {@link UnitOfWork}
 * (PostgreSQL, tenant-owned, row-level security). It is the source of truth for usage; quota counters are rebuilt
 * from it.
 */
public interface AiUsageLedger {
    /** Records one settled call; idempotent by request id (false when the request id was already recorded). */
    boolean record(Entry entry);

    /** Total tokens recorded in {@code period} (calendar month, UTC). */
    long usedTokens(YearMonth period);

    /**
     * What a quota seed needs, read in one snapshot: the total tokens of {@code period} and the request ids of its
     * entries made at or after {@code recentSince}. One snapshot matters: an entry committed between two separate reads
     * would be counted without being named (charged again by its settle) or named without being counted (lost).
     */
    Tally tally(YearMonth period, Instant recentSince);

    /** Total tokens per feature in {@code period}. */
    Map<String, Long> totalsByFeature(YearMonth period);

    /** The bound tenant's own monthly token limit, when the operator set one; else the platform default applies. */
    OptionalLong monthlyLimitOverride();

    /** Sets (or clears, with an empty value) the bound tenant's monthly token limit override. */
    void setMonthlyLimitOverride(OptionalLong limit);

    /** The outcome of {@link #tally}: a period's total and the ids of its recent entries, which that total includes. */
    record Tally(long usedTokens, List<String> recentRequestIds) {
        public Tally {
            recentRequestIds = List.copyOf(recentRequestIds);
        }
    }

    /** One recorded AI call: who, what, how many tokens, when. */
    record Entry(
            String requestId,
            String feature,
            String model,
            String provider,
            long inputTokens,
            long outputTokens,
            Instant at) {
        public Entry {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(at, "at");
        }

        public long totalTokens() {
            return inputTokens + outputTokens;
        }
    }
}
