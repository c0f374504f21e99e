package io.saasplatform.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * Use-case outcome: the call would exceed an AI token budget (the tenant's quota, the user's or the platform's monthly
 * budget); retry after the period resets (429).
 */
public final class QuotaExceededException extends RuntimeException {
    /** Which budget ran out. */
    public enum Budget {
        /** The tenant's monthly quota. */
        TENANT,
        /** The signed-in user's monthly budget across all their tenants. */
        USER,
        /** The platform's monthly budget: nobody can make AI calls until it resets. */
        GLOBAL
    }

    private final Duration retryAfter;
    private final AiFeaturesUseCase.QuotaView quota;
    private final Budget budget;

    /** The tenant's quota ran out. */
    public QuotaExceededException(long needed, AiFeaturesUseCase.QuotaView quota, Duration retryAfter) {
        this(Budget.TENANT, needed, quota, retryAfter);
    }

    public QuotaExceededException(Budget budget, long needed, AiFeaturesUseCase.QuotaView quota, Duration retryAfter) {
        super(message(budget, needed, quota));
        this.budget = Objects.requireNonNull(budget, "budget");
        this.retryAfter = retryAfter;
        this.quota = quota;
    }

    private static String message(Budget budget, long needed, AiFeaturesUseCase.QuotaView quota) {
        return switch (budget) {
            case TENANT -> "this call needs up to " + needed + " tokens but only " + quota.remaining()
                    + " remain in this period's quota of " + quota.limit();
            case USER -> "this call needs up to " + needed + " tokens but only " + quota.remaining()
                    + " remain in your personal monthly AI budget of " + quota.limit() + " (across all your tenants)";
            // The platform's figures are not the caller's business: say which budget, not how much of it.
            case GLOBAL -> "the platform's monthly AI budget is exhausted; AI features are paused until it resets";
        };
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** The exhausted budget's figures (for {@link Budget#GLOBAL} not to be shown to callers). */
    public AiFeaturesUseCase.QuotaView quota() {
        return quota;
    }

    public Budget budget() {
        return budget;
    }
}
