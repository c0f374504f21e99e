package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryAiUsageLedger;
import io.saasplatform.testkit.fake.InMemoryQuotaMeter;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.testkit.fake.ScriptedAiGateway;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.AiUsageLedger.Tally;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link MeteredAi} against in-memory fakes, on what the quota store may do between the ledger write and the settle:
 * lose its data, be reseeded by another caller first, or be unreachable for a moment. Every case ends with the same
 * check: the store counts exactly what the ledger holds.
 */
class MeteredAiTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final YearMonth JANUARY = YearMonth.of(2030, 1);
    private static final Duration HOLD_TTL = Duration.ofMinutes(10);
    private static final long LIMIT = 10_000;
    /** The estimate of {@link #request(int)} is its maximum output plus this prompt estimate of "hi". */
    private static final long PROMPT_ESTIMATE = 11;

    private final TenantId tenant = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    private final UserId user = new UserId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryAiUsageLedger ledger = new InMemoryAiUsageLedger(unitOfWork);
    private final InMemoryQuotaMeter store = new InMemoryQuotaMeter(clock, HOLD_TTL);
    private final InterceptedQuotaMeter quota = new InterceptedQuotaMeter(store);
    private final ScriptedAiGateway gateway = new ScriptedAiGateway(unitOfWork);
    private final MeteredAi meteredAi = meteredAi();

    // --- the store loses its data while a call is in flight

    @Test
    void given_the_store_losing_its_data_during_the_call_then_the_reseed_counts_the_call_and_marks_it_settled() {
        spend(100);
        gateway.willAnswerAfter(store::loseAllData, "In flight.", 120, 30);

        MeteredAi.Metered<Void> metered = meteredAi.call(tenant, user, "f", request(50));

        assertThat(metered.quota().used()).isEqualTo(250);
        assertStoreCountsTheLedger(250);
        assertThat(store.isSettled(tenant, onlyEntryWith(150).requestId())).isTrue();
    }

    @Test
    void given_another_caller_reseeding_after_the_ledger_write_then_the_settle_finds_the_call_counted_and_charges_nothing() {
        spend(100);
        MeteredAi otherInstance = meteredAi();
        gateway.willAnswer("In flight.", 120, 30);
        // The over-count of old: the reseed's ledger read already has this call, then the call settles.
        quota.beforeNextSettle(() -> {
            store.loseAllData();
            otherInstance.usage(tenant);
        });

        MeteredAi.Metered<Void> metered = meteredAi.call(tenant, user, "f", request(50));

        assertThat(metered.quota().used()).isEqualTo(250);
        assertStoreCountsTheLedger(250);
    }

    @Test
    void given_a_reseed_whose_ledger_read_missed_the_call_winning_the_race_then_the_settle_retry_charges_the_call() {
        spend(100);
        List<Tally> staleRead = new ArrayList<>();
        // The under-count of old: another caller read the ledger before this call's entry was committed ...
        gateway.willAnswerAfter(() -> {
            store.loseAllData();
            staleRead.add(unitOfWork.inTenant(tenant, () -> ledger.tally(JANUARY, NOW.minus(HOLD_TTL))));
        }, "In flight.", 120, 30);
        // ... and seeds just before this call's own seed, which loses.
        quota.beforeNextSeed(() -> assertThat(store.seed(tenant, JANUARY, staleRead.getFirst().usedTokens(),
                staleRead.getFirst().recentRequestIds())).isTrue());

        MeteredAi.Metered<Void> metered = meteredAi.call(tenant, user, "f", request(50));

        assertThat(staleRead.getFirst().usedTokens()).isEqualTo(100);
        assertThat(metered.quota().used()).isEqualTo(250);
        assertStoreCountsTheLedger(250);
    }

    @Test
    void given_counters_lost_between_calls_when_reserving_then_the_seed_marks_only_recent_entries_settled() {
        recorded("an-hour-ago", 40, NOW.minus(Duration.ofHours(1)));
        recorded("a-minute-ago", 60, NOW.minus(Duration.ofMinutes(1)));
        gateway.willAnswer("Text.", 10, 5);

        meteredAi.call(tenant, user, "f", request(20));

        assertStoreCountsTheLedger(115);
        assertThat(store.isSettled(tenant, "a-minute-ago")).isTrue();
        assertThat(store.isSettled(tenant, "an-hour-ago")).as("older than twice the hold TTL").isFalse();
    }

    // --- the store is unreachable while a call settles

    @Test
    void given_the_store_unreachable_only_while_settling_then_the_settle_is_delivered_before_the_next_reservation() {
        // Spends far more than it reserved: only the delivered settle, not the hold, makes the next call too big.
        gateway.willAnswerAfter(() -> store.unavailable(true), "Long.", 50, 900);
        MeteredAi.Metered<Void> first = meteredAi.call(tenant, user, "f", request(100));
        assertThat(first.quota().used()).as("from the ledger").isEqualTo(950);
        assertThat(meteredAi.pendingSettles(tenant)).isOne();
        store.unavailable(false);
        limit(1_000);

        assertThatThrownBy(() -> meteredAi.call(tenant, user, "f", request(100 - (int) PROMPT_ESTIMATE)))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.quota().used()).isEqualTo(950));

        assertThat(gateway.requests()).hasSize(1);
        assertThat(meteredAi.pendingSettles(tenant)).isZero();
        assertStoreCountsTheLedger(950);
        assertThat(store.reservedNow(tenant)).as("the first call's hold is freed by its settle").isZero();
    }

    @Test
    void given_a_waiting_settle_that_cannot_be_delivered_then_the_next_call_is_refused_before_the_provider() {
        gateway.willAnswerAfter(() -> store.unavailable(true), "Text.", 50, 50);
        meteredAi.call(tenant, user, "f", request(100));
        store.unavailable(false);
        quota.failSettles(true);

        assertThatThrownBy(() -> meteredAi.call(tenant, user, "f", request(100)))
                .isInstanceOf(ServiceUnavailableException.class);

        assertThat(gateway.requests()).hasSize(1);
        assertThat(meteredAi.pendingSettles(tenant)).isOne();
        quota.failSettles(false);
        gateway.willAnswer("Again.", 10, 10);
        meteredAi.call(tenant, user, "f", request(100));
        assertStoreCountsTheLedger(120);
        assertThat(meteredAi.pendingSettles(tenant)).isZero();
    }

    @Test
    void given_a_settle_applied_but_its_reply_lost_then_the_retry_charges_nothing_more() {
        gateway.willAnswer("Text.", 100, 20);
        quota.loseNextSettleReply();
        meteredAi.call(tenant, user, "f", request(100));
        assertThat(meteredAi.pendingSettles(tenant)).isOne();

        gateway.willAnswer("Next.", 10, 5);
        meteredAi.call(tenant, user, "f", request(100));

        assertStoreCountsTheLedger(135);
        assertThat(meteredAi.pendingSettles(tenant)).isZero();
    }

    @Test
    void given_a_waiting_settle_when_the_tenant_reads_its_usage_then_it_is_delivered() {
        gateway.willAnswerAfter(() -> store.unavailable(true), "Text.", 100, 20);
        meteredAi.call(tenant, user, "f", request(100));
        store.unavailable(false);

        MeteredAi.Usage usage = meteredAi.usage(tenant);

        assertThat(usage.quota().used()).isEqualTo(120);
        assertStoreCountsTheLedger(120);
        assertThat(store.reservedNow(tenant)).isZero();
        assertThat(meteredAi.pendingSettles(tenant)).isZero();
    }

    @Test
    void given_a_waiting_settle_older_than_the_hold_ttl_then_the_month_is_rebuilt_from_the_ledger_instead() {
        spend(100);
        gateway.willAnswerAfter(() -> store.unavailable(true), "Text.", 100, 20);
        meteredAi.call(tenant, user, "f", request(100));
        String waiting = onlyEntryWith(120).requestId();
        store.unavailable(false);
        clock.advance(HOLD_TTL.multipliedBy(2).plusSeconds(1));
        // Meanwhile the store lost its data and another caller reseeded it, too late to name the waiting call as
        // counted: settling it now would count it twice.
        store.loseAllData();
        meteredAi().usage(tenant);
        assertThat(store.usedIn(tenant, JANUARY)).isEqualTo(220);
        assertThat(store.isSettled(tenant, waiting)).isFalse();
        int seedsBefore = store.seedCalls();

        gateway.willAnswer("Next.", 10, 5);
        meteredAi.call(tenant, user, "f", request(100));

        assertThat(store.seedCalls()).as("rebuilt, not settled").isEqualTo(seedsBefore + 1);
        assertStoreCountsTheLedger(235);
        assertThat(meteredAi.pendingSettles(tenant)).isZero();
    }

    @Test
    void given_a_call_slower_than_the_hold_ttl_then_its_month_is_rebuilt_rather_than_settled() {
        spend(100);
        gateway.willAnswerAfter(() -> clock.advance(HOLD_TTL), "Slow.", 100, 20);

        MeteredAi.Metered<Void> metered = meteredAi.call(tenant, user, "f", request(100));

        assertThat(metered.quota().used()).isEqualTo(220);
        assertStoreCountsTheLedger(220);
        assertThat(store.reservedNow(tenant)).isZero();
    }

    // --- helpers

    private MeteredAi meteredAi() {
        return new MeteredAi(unitOfWork, gateway, quota, ledger, AiSettings.withMonthlyLimit(LIMIT), clock);
    }

    /** One settled call of {@code tokens}, so that the store has counters and the ledger an entry. */
    private void spend(long tokens) {
        gateway.willAnswer("Earlier.", tokens, 0);
        meteredAi.call(tenant, user, "f", request(100));
    }

    private static CompletionRequest request(int maxOutputTokens) {
        return new CompletionRequest(List.of(new Message(AiGateway.Role.USER, "hi")), null, maxOutputTokens);
    }

    private void assertStoreCountsTheLedger(long expected) {
        long ledgerTotal = unitOfWork.inTenant(tenant, () -> ledger.usedTokens(JANUARY));
        assertThat(ledgerTotal).isEqualTo(expected);
        assertThat(store.usedIn(tenant, JANUARY)).as("store used; ledger %d", ledgerTotal).isEqualTo(expected);
    }

    private AiUsageLedger.Entry onlyEntryWith(long tokens) {
        return ledger.entriesOf(tenant).stream().filter(e -> e.totalTokens() == tokens).findFirst().orElseThrow();
    }

    private void recorded(String requestId, long tokens, Instant at) {
        unitOfWork.runInTenant(tenant, () ->
                ledger.record(new AiUsageLedger.Entry(requestId, "f", "m", "p", tokens, 0, at)));
    }

    private void limit(long value) {
        unitOfWork.runInTenant(tenant, () -> ledger.setMonthlyLimitOverride(OptionalLong.of(value)));
    }

    /** The fake store with hooks: run something just before the next settle or seed, or fail settles. */
    private static final class InterceptedQuotaMeter implements QuotaMeter {
        private final QuotaMeter delegate;
        private Runnable beforeNextSettle = () -> {};
        private Runnable beforeNextSeed = () -> {};
        private boolean failSettles;
        private boolean loseNextSettleReply;

        InterceptedQuotaMeter(QuotaMeter delegate) {
            this.delegate = delegate;
        }

        void beforeNextSettle(Runnable hook) {
            beforeNextSettle = hook;
        }

        void beforeNextSeed(Runnable hook) {
            beforeNextSeed = hook;
        }

        void failSettles(boolean value) {
            failSettles = value;
        }

        void loseNextSettleReply() {
            loseNextSettleReply = true;
        }

        @Override
        public Reservation reserve(TenantId tenant, String requestId, long estimatedTokens, long limit) {
            return delegate.reserve(tenant, requestId, estimatedTokens, limit);
        }

        @Override
        public Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit) {
            Runnable hook = beforeNextSettle;
            beforeNextSettle = () -> {};
            hook.run();
            if (failSettles) {
                throw new QuotaUnavailableException("settles fail (scripted)", null);
            }
            Settlement settlement = delegate.settle(tenant, requestId, actualTokens, limit);
            if (loseNextSettleReply) {
                loseNextSettleReply = false;
                throw new QuotaUnavailableException("reply lost after the settle was applied (scripted)", null);
            }
            return settlement;
        }

        @Override
        public boolean release(TenantId tenant, String requestId) {
            return delegate.release(tenant, requestId);
        }

        @Override
        public QuotaStatus status(TenantId tenant, long limit) {
            return delegate.status(tenant, limit);
        }

        @Override
        public boolean seed(TenantId tenant, YearMonth period, long usedTokens, Collection<String> countedRequestIds) {
            Runnable hook = beforeNextSeed;
            beforeNextSeed = () -> {};
            hook.run();
            return delegate.seed(tenant, period, usedTokens, countedRequestIds);
        }

        @Override
        public void forget(TenantId tenant, YearMonth period) {
            delegate.forget(tenant, period);
        }

        @Override
        public Duration holdTtl() {
            return delegate.holdTtl();
        }
    }
}
