package io.saasplatform.adapter.redis;

import io.saasplatform.domain.TenantId;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The Redis key names of one tenant's quota. Every name carries the tenant inside a hash tag ({@code {uuid}}), so a
 * Redis Cluster keeps all keys that one script touches in one slot; the request id comes after the tag, so braces in
 * it cannot move the slot.
 */
record QuotaKeys(TenantId tenant) {
    static final String PREFIX = "quota:";

    QuotaKeys {
        Objects.requireNonNull(tenant, "tenant");
    }

    /** Hash of one month: {@code used}, {@code reserved} (sum of live holds) and {@code seeded}. */
    String period(YearMonth period) {
        return tag() + period;
    }

    /** Sorted set of the month's live holds: member {@code <estimate>:<requestId>}, score = expiry (epoch ms). */
    String holds(YearMonth period) {
        return tag() + "holds:" + period;
    }

    /** Hash of one request's reservation: {@code period}, {@code estimate}, {@code state} (held/refused/released). */
    String hold(String requestId) {
        return tag() + "hold:" + requestId;
    }

    /** String marker of a settled request, holding the period it was charged to. */
    String settled(String requestId) {
        return tag() + "settled:" + requestId;
    }

    /** The common prefix of every key of the tenant (for tests and operators: {@code SCAN MATCH}). */
    String tag() {
        return PREFIX + "{" + tenant.value() + "}:";
    }
}
