package io.saasplatform.application.service;

import java.util.OptionalLong;

/**
 * Configuration of {@link MeteredAi}'s budgets beside the tenant quota: tokens per user and per calendar month (UTC)
 * across all of the user's tenants, and tokens per month for the whole platform. Empty means no such budget (and no
 * counting: a budget turned on mid-month starts counting then).
 *
 * @param userMonthlyTokenLimit {@code AI_USER_MONTHLY_TOKEN_LIMIT}
 * @param globalMonthlyTokenLimit {@code AI_GLOBAL_MONTHLY_TOKEN_LIMIT}
 */
public record AiBudgetLimits(OptionalLong userMonthlyTokenLimit, OptionalLong globalMonthlyTokenLimit) {
    public AiBudgetLimits {
        requireNotNegative(userMonthlyTokenLimit, "userMonthlyTokenLimit");
        requireNotNegative(globalMonthlyTokenLimit, "globalMonthlyTokenLimit");
    }

    /** No budgets: only the tenant quota limits AI calls. */
    public static AiBudgetLimits none() {
        return new AiBudgetLimits(OptionalLong.empty(), OptionalLong.empty());
    }

    public boolean any() {
        return userMonthlyTokenLimit.isPresent() || globalMonthlyTokenLimit.isPresent();
    }

    private static void requireNotNegative(OptionalLong limit, String name) {
        if (limit == null) {
            throw new NullPointerException(name);
        }
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + limit.getAsLong());
        }
    }
}
