package io.saasplatform.adapter.redis;

import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.domain.TenantId;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Objects;

/**
 * The Redis key names of one quota counter: a tenant's ({@code quota:{uuid}:}), a user's budget
 * ({@code budget:{user:uuid}:}) or the platform's ({@code budget:{global:all}:}). Every name carries its owner inside
 * one hash tag, so a Redis Cluster keeps all keys that one script touches in one slot; the request id comes after the
 * tag, so braces in it cannot move the slot.
 *
 * @param tag the common prefix of every key of the counter, hash tag included
 */
record QuotaKeys(String tag) {
    static final String PREFIX = "quota:";
    static final String BUDGET_PREFIX = "budget:";

    QuotaKeys {
        Objects.requireNonNull(tag, "tag");
    }

    /** The keys of one tenant's quota. */
    QuotaKeys(TenantId tenant) {
        this(PREFIX + "{" + Objects.requireNonNull(tenant, "tenant").value() + "}:");
    }

    /** The keys of a user's or the platform's budget. */
    static QuotaKeys of(Budget budget) {
        Objects.requireNonNull(budget, "budget");
        return new QuotaKeys(BUDGET_PREFIX + "{" + budget.scope().name().toLowerCase(Locale.ROOT) + ":"
                + budget.subject() + "}:");
    }

    /** Hash of one month: {@code used}, {@code reserved} (sum of live holds) and {@code seeded}. */
    String period(YearMonth period) {
        return tag + period;
    }

    /** Sorted set of the month's live holds: member {@code <estimate>:<requestId>}, score = expiry (epoch ms). */
    String holds(YearMonth period) {
        return tag + "holds:" + period;
    }

    /** Hash of one request's reservation: {@code period}, {@code estimate}, {@code state} (held/refused/released). */
    String hold(String requestId) {
        return tag + "hold:" + requestId;
    }

    /** String marker of a settled request, holding the period it was charged to. */
    String settled(String requestId) {
        return tag + "settled:" + requestId;
    }
}
