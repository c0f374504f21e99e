package io.saasplatform.application.service;

import io.saasplatform.application.port.in.AiFeaturesUseCase.QuotaView;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.AiUnavailableException;
import io.saasplatform.application.port.out.AiGateway.Completion;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.QuotaUnavailableException;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Application service: the single path of every AI call, metered against the tenant's monthly token quota.
 *
 * <p>A call reserves its estimate (prompt estimate + maximum output) before it runs and is refused when the quota
 * cannot hold it; the provider is then called outside any transaction; on success the ledger entry is written first
 * (with the caller's follow-up work, in one transaction) and the quota settled after. A provider failure frees the
 * hold and records nothing. Nothing is charged twice: settling is idempotent and the ledger is idempotent by request
 * id.
 *
 * <p><b>Lost counters.</b> When the quota store has no counter for a month (first use, data lost, a rebuild) the month
 * is seeded from the ledger: its total, plus the ids of the entries recent enough to still be settling (reserved within
 * twice the hold TTL), which the winning seed marks settled. A settle that met the missing counter seeds and settles
 * once more: answered "already settled" if the winning seed counted it, charged if that seed's read missed it. So a
 * settle racing a reseed is neither lost nor counted twice. That holds because a settle is only attempted within one
 * hold TTL of its reservation; later (a very slow call, a settle that waited long) the month is rebuilt from the
 * ledger instead: its counter dropped and reseeded, which counts the call. The second hold TTL of the seed's window is
 * a margin for clocks of different instances and for a timed-out command that the store still runs.
 *
 * <p><b>Failed settles.</b> A settle that fails because the store is unreachable is kept in memory, per tenant, and
 * delivered before that tenant's next reservation (which is refused while they cannot be delivered, so no new spend
 * starts before the quota counts the old one), and after its later settles and usage reads when possible. Settling is
 * idempotent, so a settle that did reach the store before its reply was lost is not charged again. The queue is
 * bounded per tenant (beyond it the month is rebuilt instead) and is lost if the process dies: the ledger still has
 * those calls, and the rebuild command (drop the month's counter, see the AI quota playbook) reconciles the store.
 *
 * <p><b>User and platform budgets</b> ({@link AiBudgetLimits}, ADR 0012). When configured, a call also reserves its
 * estimate in the user's monthly budget and in the platform's, each an atomic check-and-hold of its own (on Redis
 * Cluster the three live in different slots, so no one script can hold all three). They are taken one after the
 * other, tenant first; a refusal or an unreachable store releases the holds already taken (compensation), so each
 * budget's {@code used + reserved} never passes its limit, whatever the concurrency. The price is that a call refused
 * by a later budget briefly held the earlier ones, which can refuse a concurrent call that would have fit: refusals
 * may come early at the boundary, never late. The settle of a call settles every budget it held, and a settle kept
 * to retry keeps its user id so that the retry charges the same user.
 */
public final class MeteredAi {
    private static final System.Logger LOG = System.getLogger(MeteredAi.class.getName());
    /** Failed settles one tenant may have waiting in memory; beyond it their month is rebuilt from the ledger. */
    static final int MAX_PENDING_SETTLES_PER_TENANT = 1_000;

    private final UnitOfWork unitOfWork;
    private final AiGateway gateway;
    private final QuotaMeter quota;
    private final AiUsageLedger ledger;
    private final AiSettings settings;
    private final AiBudgets budgets;
    private final AiBudgetLimits budgetLimits;
    private final Clock clock;
    private final PendingSettles pending = new PendingSettles(MAX_PENDING_SETTLES_PER_TENANT);

    public MeteredAi(
            UnitOfWork unitOfWork,
            AiGateway gateway,
            QuotaMeter quota,
            AiUsageLedger ledger,
            AiSettings settings,
            Clock clock) {
        this(unitOfWork, gateway, quota, ledger, settings, null, AiBudgetLimits.none(), clock);
    }

    /**
     * With user and platform budgets beside the tenant quota; {@code budgets} may be null only when
     * {@code budgetLimits} names none.
     */
    public MeteredAi(
            UnitOfWork unitOfWork,
            AiGateway gateway,
            QuotaMeter quota,
            AiUsageLedger ledger,
            AiSettings settings,
            AiBudgets budgets,
            AiBudgetLimits budgetLimits,
            Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.quota = Objects.requireNonNull(quota, "quota");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.budgetLimits = Objects.requireNonNull(budgetLimits, "budgetLimits");
        if (budgets == null && budgetLimits.any()) {
            throw new NullPointerException("budgets (a user or global budget is configured)");
        }
        this.budgets = budgets;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The outcome of a metered call: the completion, the caller's follow-up result and the quota after the call. */
    public record Metered<T>(Completion completion, T outcome, QuotaView quota) {}

    /** A tenant's usage of the current period, by feature, with its quota. */
    public record Usage(YearMonth period, QuotaView quota, Map<String, Long> tokensByFeature) {}

    /**
     * Runs one metered completion for {@code tenant} on behalf of {@code user} (whose budget it is also charged to),
     * charged to {@code feature}; call it outside any unit of work, as
     * it opens its own short ones around the provider call rather than holding one across it. {@code followUp} runs in
     * the same transaction as the ledger entry (e.g. saving the generated text). When it fails, the call is still recorded and
     * charged (the tokens were spent) and its exception is rethrown.
     *
     * @throws QuotaExceededException when the tenant's quota, the user's or the platform's budget cannot hold the
     *     estimate ({@link QuotaExceededException#budget()} says which); nothing is charged
     * @throws ServiceUnavailableException when the quota store or the provider is unavailable, or settles of the
     *     tenant that failed earlier cannot be delivered yet; nothing is charged
     */
    public <T> Metered<T> call(TenantId tenant, UserId user, String feature, CompletionRequest request,
            Function<Completion, T> followUp) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(followUp, "followUp");
        long limit = unitOfWork.inTenant(tenant, this::limit);
        long estimate = gateway.estimatePromptTokens(request.messages()) + request.maxOutputTokens();
        String requestId = UUID.randomUUID().toString();
        deliverPendingBeforeReserving(tenant);
        Instant reservedAt = clock.instant();
        Reservation reservation = reserve(tenant, requestId, estimate, limit);
        if (!reservation.granted()) {
            QuotaStatus status = reservation.status();
            throw new QuotaExceededException(estimate, view(status), untilReset(status.resetsAt()));
        }
        List<BudgetLimit> held = reserveBudgets(tenant, user, requestId, estimate);
        Completion completion = complete(tenant, held, requestId, request);
        // Stamped with the reservation's instant: the ledger and the quota then count the call in the same month.
        AiUsageLedger.Entry entry = new AiUsageLedger.Entry(requestId, feature, completion.model(),
                completion.provider(), completion.usage().inputTokens(), completion.usage().outputTokens(), reservedAt);
        T outcome;
        try {
            outcome = unitOfWork.inTenant(tenant, () -> {
                ledger.record(entry);
                return followUp.apply(completion);
            });
        } catch (RuntimeException failure) {
            chargeAfterFailure(tenant, entry, limit, user, failure);
            throw failure;
        }
        return new Metered<>(completion, outcome, settle(tenant, settleOf(entry, limit, user)));
    }

    /** {@link #call(TenantId, UserId, String, CompletionRequest, Function)} without follow-up work. */
    public Metered<Void> call(TenantId tenant, UserId user, String feature, CompletionRequest request) {
        return call(tenant, user, feature, request, completion -> null);
    }

    /** The tenant's current period: quota from the store, or from the ledger alone when the store is unavailable. */
    public Usage usage(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        YearMonth period = periodOf(clock.instant());
        record Figures(long limit, long used, Map<String, Long> byFeature) {}
        Figures figures = unitOfWork.inTenant(tenant,
                () -> new Figures(limit(), ledger.usedTokens(period), ledger.totalsByFeature(period)));
        deliverPendingQuietly(tenant);
        QuotaView view;
        try {
            view = view(currentStatus(tenant, figures.limit()));
        } catch (QuotaUnavailableException | NeedsSeedException e) {
            LOG.log(Level.WARNING, "quota store unavailable; reporting usage of tenant {0} from the ledger", tenant);
            view = ledgerView(figures.limit(), figures.used(), period);
        }
        return new Usage(period, view, Map.copyOf(figures.byFeature()));
    }

    /** Which provider answers, for responses. */
    public String providerName() {
        return gateway.providerName();
    }

    /** Whether answers come from the local deterministic provider. */
    public boolean isLocal() {
        return gateway.isLocal();
    }

    /** The bound tenant's monthly limit: its own override, else the platform default. */
    private long limit() {
        return ledger.monthlyLimitOverride().orElse(settings.defaultMonthlyTokenLimit());
    }

    private Reservation reserve(TenantId tenant, String requestId, long estimate, long limit) {
        try {
            try {
                return quota.reserve(tenant, requestId, estimate, limit);
            } catch (NeedsSeedException e) {
                seedFromLedger(tenant, e.period());
                // Same request id: if the first attempt did hold after all, the retry does not hold twice.
                return quota.reserve(tenant, requestId, estimate, limit);
            }
        } catch (QuotaUnavailableException | NeedsSeedException e) {
            throw new ServiceUnavailableException(
                    "the AI quota cannot be checked right now; retry later", settings.quotaStoreRetryAfter(), e);
        }
    }

    /** One budget to check a call against, with its limit and the name a refusal gives it. */
    private record BudgetLimit(Budget budget, long limit, QuotaExceededException.Budget name) {}

    /** The configured budgets of a call by {@code user}: the user's, then the platform's (the hot key last). */
    private List<BudgetLimit> budgetsOf(UserId user) {
        List<BudgetLimit> list = new ArrayList<>(2);
        budgetLimits.userMonthlyTokenLimit().ifPresent(
                limit -> list.add(new BudgetLimit(Budget.user(user), limit, QuotaExceededException.Budget.USER)));
        budgetLimits.globalMonthlyTokenLimit().ifPresent(
                limit -> list.add(new BudgetLimit(Budget.global(), limit, QuotaExceededException.Budget.GLOBAL)));
        return list;
    }

    /**
     * Holds the estimate in each configured budget after the tenant's quota granted it; on a refusal or an unreachable
     * store, frees every hold already taken (the tenant's included) and throws.
     */
    private List<BudgetLimit> reserveBudgets(TenantId tenant, UserId user, String requestId, long estimate) {
        List<BudgetLimit> held = new ArrayList<>(2);
        for (BudgetLimit b : budgetsOf(user)) {
            Reservation reservation;
            try {
                reservation = budgets.reserve(b.budget(), requestId, estimate, b.limit());
            } catch (QuotaUnavailableException e) {
                release(tenant, held, requestId);
                throw new ServiceUnavailableException(
                        "the AI quota cannot be checked right now; retry later", settings.quotaStoreRetryAfter(), e);
            }
            if (!reservation.granted()) {
                release(tenant, held, requestId);
                QuotaStatus status = reservation.status();
                throw new QuotaExceededException(b.name(), estimate, view(status), untilReset(status.resetsAt()));
            }
            held.add(b);
        }
        return List.copyOf(held);
    }

    private Completion complete(TenantId tenant, List<BudgetLimit> held, String requestId, CompletionRequest request) {
        try {
            return gateway.complete(request);
        } catch (AiUnavailableException e) {
            release(tenant, held, requestId);
            throw new ServiceUnavailableException("the AI provider is unavailable; retry later",
                    e.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(settings.providerRetryAfter()),
                    e);
        } catch (RuntimeException e) {
            release(tenant, held, requestId);
            throw e;
        }
    }

    /** Frees the tenant's hold and the budgets' holds; best effort, because every hold expires on its own. */
    private void release(TenantId tenant, List<BudgetLimit> held, String requestId) {
        release(tenant, requestId);
        for (BudgetLimit b : held) {
            try {
                budgets.release(b.budget(), requestId);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not release the {0} budget hold of request {1}; it will expire: {2}",
                        b.name(), requestId, e.toString());
            }
        }
    }

    /** Frees a hold; best effort, because an unreleased hold expires on its own. */
    private void release(TenantId tenant, String requestId) {
        try {
            quota.release(tenant, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release the quota hold of request {0} of tenant {1}; it will expire: {2}",
                    requestId, tenant, e.toString());
        }
    }

    /**
     * Settles a call whose ledger entry is written; when the store is unavailable the settle is kept to retry, and the
     * view comes from the ledger, which has the call.
     */
    private QuotaView settle(TenantId tenant, PendingSettles.Settle settle) {
        QuotaView view;
        try {
            view = view(deliver(tenant, settle));
        } catch (QuotaUnavailableException | NeedsSeedException e) {
            pending.add(tenant, settle);
            LOG.log(Level.WARNING, "could not settle request {0} of tenant {1}; kept to retry before its next call: {2}",
                    settle.requestId(), tenant, e.toString());
            YearMonth period = periodOf(clock.instant());
            return ledgerView(settle.limit(), unitOfWork.inTenant(tenant, () -> ledger.usedTokens(period)), period);
        }
        // The store answers again: a good moment for the tenant's settles that failed earlier.
        deliverPendingQuietly(tenant);
        return view;
    }

    /**
     * Delivers one settle: charged unless already settled or counted by a seed. A call reserved a hold TTL ago or more
     * is no longer settled but its month rebuilt, because a reseed no longer names it as counted (see the class doc).
     */
    private QuotaStatus deliver(TenantId tenant, PendingSettles.Settle settle) {
        // Budgets first: idempotent like the tenant's settle, and a rebuild below drops this settle from the queue.
        for (BudgetLimit b : budgetsOf(settle.user())) {
            budgets.settle(b.budget(), settle.requestId(), settle.tokens(), b.limit());
        }
        if (!clock.instant().isBefore(settle.reservedAt().plus(quota.holdTtl()))) {
            rebuild(tenant, settle.period());
            pending.rebuilt(tenant, settle.period());
            return currentStatus(tenant, settle.limit());
        }
        try {
            return quota.settle(tenant, settle.requestId(), settle.tokens(), settle.limit()).status();
        } catch (NeedsSeedException e) {
            // The ledger entry was written before settling: if the winning seed counted it, it also marked it settled
            // and this retry answers "already settled"; if that seed's read missed it, this retry charges it.
            seedFromLedger(tenant, e.period());
            return quota.settle(tenant, settle.requestId(), settle.tokens(), settle.limit()).status();
        }
    }

    /**
     * Delivers the tenant's waiting settles before it reserves again, so the quota counts them before any new spend;
     * refuses the call (503) while they cannot be delivered.
     */
    private void deliverPendingBeforeReserving(TenantId tenant) {
        try {
            deliverPending(tenant);
        } catch (QuotaUnavailableException | NeedsSeedException e) {
            throw new ServiceUnavailableException(
                    "the AI quota cannot be checked right now; retry later", settings.quotaStoreRetryAfter(), e);
        }
    }

    /** Delivers the tenant's waiting settles if it can; they keep waiting otherwise. */
    private void deliverPendingQuietly(TenantId tenant) {
        try {
            deliverPending(tenant);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver the waiting settles of tenant {0}; they keep waiting: {1}",
                    tenant, e.toString());
        }
    }

    /** Rebuild marks first, then settles oldest first; stops at the first failure, which the caller handles. */
    private void deliverPending(TenantId tenant) {
        PendingSettles.Work work = pending.of(tenant);
        for (YearMonth period : work.rebuilds()) {
            rebuild(tenant, period);
            pending.rebuilt(tenant, period);
        }
        for (PendingSettles.Settle settle : work.settles()) {
            deliver(tenant, settle);
            pending.delivered(tenant, settle);
        }
    }

    /** How many failed settles of {@code tenant} wait in memory: for tests. */
    int pendingSettles(TenantId tenant) {
        return pending.size(tenant);
    }

    /** After the follow-up failed: the tokens were spent, so record and settle them anyway (best effort). */
    private void chargeAfterFailure(
            TenantId tenant, AiUsageLedger.Entry entry, long limit, UserId user, RuntimeException failure) {
        try {
            unitOfWork.inTenant(tenant, () -> ledger.record(entry));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            LOG.log(Level.ERROR, "could not record AI usage of request {0} of tenant {1}: {2}",
                    entry.requestId(), tenant, e.toString());
        }
        try {
            settle(tenant, settleOf(entry, limit, user));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The current month's counters, seeding them from the ledger when the store has none. */
    private QuotaStatus currentStatus(TenantId tenant, long limit) {
        try {
            return quota.status(tenant, limit);
        } catch (NeedsSeedException e) {
            seedFromLedger(tenant, e.period());
            return quota.status(tenant, limit);
        }
    }

    /** Replaces the store's counters of {@code period} with the ledger's figures: drop them, then reseed. */
    private void rebuild(TenantId tenant, YearMonth period) {
        LOG.log(Level.INFO, "rebuilding the {0} quota counters of tenant {1} from the ledger", period, tenant);
        quota.forget(tenant, period);
        seedFromLedger(tenant, period);
    }

    /**
     * Seeds the month from the ledger: its total, and the ids of the entries reserved within twice the hold TTL, which
     * are the only ones that may still be settling; the seed marks those settled if it wins.
     */
    private void seedFromLedger(TenantId tenant, YearMonth period) {
        Instant recentSince = clock.instant().minus(quota.holdTtl().multipliedBy(2));
        AiUsageLedger.Tally tally = unitOfWork.inTenant(tenant, () -> ledger.tally(period, recentSince));
        quota.seed(tenant, period, tally.usedTokens(), tally.recentRequestIds());
    }

    private static PendingSettles.Settle settleOf(AiUsageLedger.Entry entry, long limit, UserId user) {
        return new PendingSettles.Settle(entry.requestId(), entry.totalTokens(), limit, entry.at(), user);
    }

    private Duration untilReset(Instant resetsAt) {
        long millis = Duration.between(clock.instant(), resetsAt).toMillis();
        // Whole seconds, rounded up, at least one: Retry-After counts seconds and 0 would invite an immediate retry.
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    private static QuotaView view(QuotaStatus status) {
        return new QuotaView(status.limit(), status.used(), status.remaining(), status.resetsAt());
    }

    private static QuotaView ledgerView(long limit, long used, YearMonth period) {
        return new QuotaView(limit, used, Math.max(0, limit - used), resetsAt(period));
    }

    private static YearMonth periodOf(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    private static Instant resetsAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
