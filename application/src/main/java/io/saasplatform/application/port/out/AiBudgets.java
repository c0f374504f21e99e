package io.saasplatform.application.port.out;

import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import io.saasplatform.domain.UserId;
import java.util.Objects;

/**
 * Outgoing port: the monthly AI token budgets that sit beside the tenant quota, one per user (across all the tenants
 * the user belongs to or creates) and one for the whole platform, held in the shared store (Redis in production).
 *
 * <p>Same semantics as {@link QuotaMeter}, one budget at a time: {@link #reserve} atomically holds an estimate when
 * {@code used + reserved + estimate <= limit} (idempotent by request id), {@link #settle} turns the hold into usage
 * (idempotent; an unknown or expired hold is charged directly), {@link #release} frees it, holds expire on their own,
 * and every method throws {@link QuotaMeter.QuotaUnavailableException} within a bounded time when the store cannot be
 * reached. Unlike the tenant quota a budget is never seeded from the ledger (which has no user column): a budget the
 * store has no counter for starts the month at zero. See ADR 0012.
 */
public interface AiBudgets {
    /** Holds {@code estimatedTokens} of {@code budget} if the budget can take them; idempotent by request id. */
    Reservation reserve(Budget budget, String requestId, long estimatedTokens, long limit);

    /** Charges {@code actualTokens} for {@code requestId} and frees the rest of its hold; idempotent. */
    QuotaStatus settle(Budget budget, String requestId, long actualTokens, long limit);

    /** Frees the hold of {@code requestId} without charging; false when there was none. */
    boolean release(Budget budget, String requestId);

    /** The current month's counters of {@code budget} (zero when it has none yet). */
    QuotaStatus status(Budget budget, long limit);

    /** Which budget a call is checked against. */
    enum Scope {
        /** One user's budget, whichever tenant the call is made in. */
        USER,
        /** The platform's budget, all tenants and users together. */
        GLOBAL
    }

    /** One budget: a user's ({@code subject} = the user id) or the platform's ({@code subject} = {@code all}). */
    record Budget(Scope scope, String subject) {
        public Budget {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(subject, "subject");
            if (!subject.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("subject must be 1-64 letters, digits or dashes");
            }
        }

        public static Budget user(UserId user) {
            return new Budget(Scope.USER, Objects.requireNonNull(user, "user").value().toString());
        }

        public static Budget global() {
            return new Budget(Scope.GLOBAL, "all");
        }
    }
}
