package io.saasplatform.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.QuotaUnavailableException;
import io.saasplatform.application.port.out.QuotaMeter.Reservation;
import io.saasplatform.application.port.out.QuotaMeter.Settlement;
import io.saasplatform.domain.TenantId;
import io.saasplatform.testkit.contract.QuotaMeterContract;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code QuotaMeter} port contract against the Redis meter on a real (embedded) Redis, plus what only Redis
 * has: key layout and hash slots, expiry, Lua script reloads, outages and fail-closed bounds.
 */
class RedisQuotaMeterTest extends QuotaMeterContract {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final Duration FAIL_FAST_BOUND = Duration.ofSeconds(3);

    private EmbeddedRedis redis;
    private RedisAdapter adapter;

    @Override
    protected QuotaMeter newMeter(MutableClock clock, Duration holdTtl) {
        redis = new EmbeddedRedis();
        adapter = new RedisAdapter(redis.url(), new RedisAdapter.Settings(COMMAND_TIMEOUT, Duration.ofMillis(200)));
        return adapter.quotaMeter(clock, holdTtl);
    }

    @Override
    protected void assertStoreInvariants(TenantId who) {
        assertReservedIsTheSumOfLiveHolds(who);
    }

    @AfterEach
    void stop() {
        adapter.close();
        redis.close();
    }

    // --- seeding -------------------------------------------------------------------------------------------------

    @Test
    void given_an_unseeded_period_when_reserving_or_reading_status_then_it_needs_seeding_of_the_current_month() {
        assertThatThrownBy(() -> meter.reserve(tenant, "r1", 10, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(NOVEMBER));
        assertThatThrownBy(() -> meter.status(tenant, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(NOVEMBER));

        // The refused attempt must not have created counters that would pass for a seed.
        assertThat(commands().exists(keys(tenant).period(NOVEMBER))).isZero();
    }

    // --- reserve ------------------------------------------------------------------------------------------------

    @Test
    void given_200_concurrent_reservations_at_the_boundary_then_exactly_limit_over_estimate_are_granted_and_charged_once()
            throws Exception {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        long estimate = 7;
        long actual = 5;
        long expectedGranted = LIMIT / estimate; // 142: 994 held, 6 left, less than one more estimate

        List<Reservation> reservations = concurrently(200, i -> meter.reserve(tenant, "race-" + i, estimate, LIMIT));

        List<Integer> granted = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
            Reservation reservation = reservations.get(i);
            // Every answer, granted or not, saw counters within the limit.
            assertThat(reservation.status().used() + reservation.status().reserved()).isLessThanOrEqualTo(LIMIT);
            if (reservation.granted()) {
                granted.add(i);
            }
        }
        assertThat(granted).hasSize((int) expectedGranted);
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(expectedGranted * estimate);
        assertReservedIsTheSumOfLiveHolds(tenant);

        List<Settlement> settlements =
                concurrently(granted.size(), i -> meter.settle(tenant, "race-" + granted.get(i), actual, LIMIT));
        List<Settlement> retries =
                concurrently(granted.size(), i -> meter.settle(tenant, "race-" + granted.get(i), actual, LIMIT));

        assertThat(settlements).noneMatch(Settlement::alreadySettled);
        assertThat(retries).allMatch(Settlement::alreadySettled);
        QuotaStatus after = meter.status(tenant, LIMIT);
        assertThat(after.used()).isEqualTo(expectedGranted * actual).isLessThanOrEqualTo(LIMIT);
        assertThat(after.reserved()).isZero();
        assertThat(commands().zcard(keys(tenant).holds(NOVEMBER))).isZero();
    }

    // --- settle and release ---------------------------------------------------------------------------------------

    @Test
    void given_a_hold_when_settled_then_the_actual_tokens_are_charged_and_the_hold_is_freed() {
        meter.seed(tenant, NOVEMBER, 100, List.of());
        meter.reserve(tenant, "r1", 500, LIMIT);

        Settlement settlement = meter.settle(tenant, "r1", 320, LIMIT);

        assertThat(settlement.alreadySettled()).isFalse();
        assertThat(settlement.status())
                .isEqualTo(new QuotaStatus(NOVEMBER, LIMIT, 420, 0, Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(commands().exists(keys(tenant).hold("r1"))).isZero();
        assertReservedIsTheSumOfLiveHolds(tenant);
    }

    // --- hold expiry -----------------------------------------------------------------------------------------------

    // --- periods ---------------------------------------------------------------------------------------------------

    // --- data loss and rebuild ---------------------------------------------------------------------------------------

    @Test
    void given_an_unseeded_period_when_settling_then_nothing_is_charged_or_marked_and_a_seed_counting_it_settles_it() {
        assertThatThrownBy(() -> meter.settle(tenant, "counted", 70, LIMIT))
                .isInstanceOfSatisfying(NeedsSeedException.class, e -> assertThat(e.period()).isEqualTo(NOVEMBER));
        assertThat(commands().exists(keys(tenant).period(NOVEMBER), keys(tenant).settled("counted"))).isZero();

        // The ledger already holds the call's 70 tokens, so the seed counts them and names the request.
        meter.seed(tenant, NOVEMBER, 70, List.of("counted"));
        Settlement retried = meter.settle(tenant, "counted", 70, LIMIT);

        assertThat(retried.alreadySettled()).isTrue();
        assertThat(retried.status().used()).isEqualTo(70);
    }

    @Test
    void given_a_live_hold_whose_period_was_forgotten_when_settled_then_needs_seed_and_the_hold_is_left_as_it_was() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 400, LIMIT);
        meter.forget(tenant, NOVEMBER);

        assertThatThrownBy(() -> meter.settle(tenant, "r1", 300, LIMIT)).isInstanceOf(NeedsSeedException.class);

        assertThat(commands().hget(keys(tenant).hold("r1"), "state")).isEqualTo("held");
        assertThat(commands().exists(keys(tenant).settled("r1"))).isZero();
        // A seed whose ledger read did not have the call yet: the hold still reserves, and the settle charges it.
        meter.seed(tenant, NOVEMBER, 0, List.of());
        assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(400);
        Settlement settlement = meter.settle(tenant, "r1", 300, LIMIT);
        assertThat(settlement.alreadySettled()).isFalse();
        assertThat(settlement.status()).extracting(QuotaStatus::used, QuotaStatus::reserved).containsExactly(300L, 0L);
        assertReservedIsTheSumOfLiveHolds(tenant);
    }

    @Test
    void given_a_winning_seed_then_it_marks_the_counted_ids_settled_for_the_settled_ttl_and_frees_their_holds() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "counted", 400, LIMIT);
        meter.reserve(tenant, "still-running", 100, LIMIT);
        meter.forget(tenant, NOVEMBER);

        assertThat(meter.seed(tenant, NOVEMBER, 350, List.of("counted", "done-before", "counted"))).isTrue();

        assertThat(commands().get(keys(tenant).settled("counted"))).isEqualTo(NOVEMBER.toString());
        assertThat(commands().get(keys(tenant).settled("done-before"))).isEqualTo(NOVEMBER.toString());
        assertThat(commands().pttl(keys(tenant).settled("counted")))
                .isBetween(RedisQuotaMeter.SETTLED_TTL.toMillis() - 60_000, RedisQuotaMeter.SETTLED_TTL.toMillis());
        assertThat(commands().exists(keys(tenant).hold("counted"))).isZero();
        assertThat(meter.status(tenant, LIMIT)).extracting(QuotaStatus::used, QuotaStatus::reserved)
                .containsExactly(350L, 100L);
        assertReservedIsTheSumOfLiveHolds(tenant);
        assertThat(meter.settle(tenant, "counted", 350, LIMIT).alreadySettled()).isTrue();
        assertThat(meter.settle(tenant, "still-running", 80, LIMIT).status())
                .extracting(QuotaStatus::used, QuotaStatus::reserved).containsExactly(430L, 0L);
        assertThat(meter.reserve(tenant, "done-before", 10, LIMIT).status().reserved())
                .as("a settled request does not hold again").isZero();
    }

    @Test
    void given_a_losing_seed_then_it_marks_nothing_and_changes_nothing() {
        meter.seed(tenant, NOVEMBER, 100, List.of());
        meter.reserve(tenant, "r1", 200, LIMIT);

        assertThat(meter.seed(tenant, NOVEMBER, 999, List.of("r1", "r2"))).isFalse();

        assertThat(commands().exists(keys(tenant).settled("r1"), keys(tenant).settled("r2"))).isZero();
        assertThat(meter.status(tenant, LIMIT)).extracting(QuotaStatus::used, QuotaStatus::reserved)
                .containsExactly(100L, 200L);
        assertThat(meter.settle(tenant, "r1", 150, LIMIT).alreadySettled()).isFalse();
    }

    @Test
    void given_a_seed_that_counts_a_hold_of_another_month_then_that_hold_is_left_to_its_own_month() {
        clock.set(Instant.parse("2026-11-30T23:59:00Z"));
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "midnight", 300, LIMIT);
        clock.set(Instant.parse("2026-12-01T00:01:00Z"));

        assertThat(meter.seed(tenant, DECEMBER, 0, List.of("midnight"))).isTrue();

        assertThat(commands().hget(keys(tenant).hold("midnight"), "state")).isEqualTo("held");
        assertThat(commands().zcard(keys(tenant).holds(NOVEMBER))).isOne();
    }

    @Test
    void given_redis_flushed_after_the_ledger_write_and_a_reseed_that_counted_the_call_when_it_settles_then_it_is_not_charged_again() {
        meter.seed(tenant, NOVEMBER, 100, List.of());
        meter.reserve(tenant, "b", 500, LIMIT);
        // b's ledger entry (300 tokens) is committed; then Redis loses everything and another call reseeds.
        commands().flushall();
        assertThat(meter.seed(tenant, NOVEMBER, 400, List.of("b"))).isTrue();

        Settlement settlement = meter.settle(tenant, "b", 300, LIMIT);

        assertThat(settlement.alreadySettled()).isTrue();
        assertThat(meter.status(tenant, LIMIT)).extracting(QuotaStatus::used, QuotaStatus::reserved)
                .containsExactly(400L, 0L);
    }

    @Test
    void given_many_calls_settling_while_redis_is_flushed_and_reseeded_concurrently_then_redis_counts_exactly_the_ledger()
            throws Exception {
        // Rounds with a fresh tenant each, to meet many interleavings of settles, reseeds and the flush.
        for (int round = 0; round < 10; round++) {
            TenantId who = new TenantId(UUID.randomUUID());
            Ledger ledger = new Ledger();
            meter.seed(who, NOVEMBER, 0, List.of());
            int calls = 24;
            for (int i = 0; i < calls; i++) {
                assertThat(meter.reserve(who, "call-" + i, 10, 1_000_000).granted()).isTrue();
            }

            // Half of the workers are calls (ledger write, then settle); the others reseed like a status read; one
            // flushes Redis half-way.
            concurrently(calls + 8, i -> {
                Object outcome;
                if (i < calls) {
                    if (i == calls / 2) {
                        commands().flushall();
                    }
                    ledger.record("call-" + i, 5 + i);
                    outcome = settleLikeMeteredAi(who, "call-" + i, 5 + i, ledger);
                } else {
                    try {
                        outcome = meter.status(who, 1_000_000);
                    } catch (NeedsSeedException e) {
                        seedFromLedger(who, ledger);
                        outcome = e;
                    }
                }
                return outcome;
            });

            assertThat(meter.status(who, 1_000_000).used()).as("round %d", round).isEqualTo(ledger.total());
        }
    }

    /** The application's settle: on a missing counter, seed from the ledger (total and counted ids), settle again. */
    private Settlement settleLikeMeteredAi(TenantId who, String requestId, long tokens, Ledger ledger) {
        try {
            return meter.settle(who, requestId, tokens, 1_000_000);
        } catch (NeedsSeedException e) {
            seedFromLedger(who, ledger);
            return meter.settle(who, requestId, tokens, 1_000_000);
        }
    }



    private void seedFromLedger(TenantId who, Ledger ledger) {
        Ledger.Snapshot snapshot = ledger.snapshot();
        meter.seed(who, NOVEMBER, snapshot.total(), snapshot.ids());
    }

    /** The durable ledger, reduced to what a seed reads: one consistent snapshot of the total and the ids. */
    private static final class Ledger {
        record Snapshot(long total, List<String> ids) {}

        private final Map<String, Long> entries = new LinkedHashMap<>();

        synchronized void record(String requestId, long tokens) {
            entries.putIfAbsent(requestId, tokens);
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(total(), List.copyOf(entries.keySet()));
        }

        synchronized long total() {
            return entries.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void given_any_instant_of_a_month_then_resets_at_is_the_first_instant_of_the_next_month_in_utc() {
        assertThat(RedisQuotaMeter.periodOf(Instant.parse("2026-12-31T23:59:59.999Z"))).isEqualTo(DECEMBER);
        assertThat(RedisQuotaMeter.periodOf(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo(YearMonth.of(2027, 1));
        assertThat(RedisQuotaMeter.resetsAt(DECEMBER)).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(RedisQuotaMeter.resetsAt(YearMonth.of(2028, 2))).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }

    // --- tenants and keys --------------------------------------------------------------------------------------------

    @Test
    void every_key_of_one_call_shares_the_tenants_hash_slot() {
        QuotaKeys keys = keys(tenant);
        String awkwardId = "req-{other}-" + UUID.randomUUID();
        List<String> names = List.of(
                keys.period(NOVEMBER), keys.holds(NOVEMBER), keys.period(DECEMBER), keys.holds(DECEMBER),
                keys.hold(awkwardId), keys.settled(awkwardId));

        int slot = SlotHash.getSlot("{" + tenant.value() + "}");
        assertThat(names).allSatisfy(name -> assertThat(SlotHash.getSlot(name)).as(name).isEqualTo(slot));
        // The check can fail: without the hash tag these names spread over slots.
        assertThat(names.stream().map(name -> SlotHash.getSlot(name.replace("{", "").replace("}", "")))
                .distinct().count()).isGreaterThan(1);
    }

    @Test
    void every_key_the_meter_writes_is_named_for_its_tenant_and_lives_in_the_tenants_slot() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 100, LIMIT);
        meter.reserve(tenant, "r2", 100, LIMIT);
        meter.reserve(tenant, "live", 100, LIMIT);
        meter.reserve(tenant, "refused", 10_000, LIMIT);
        meter.settle(tenant, "r1", 50, LIMIT);
        meter.release(tenant, "r2");

        List<String> written = commands().keys("*");

        int slot = SlotHash.getSlot("{" + tenant.value() + "}");
        assertThat(written).containsExactlyInAnyOrder(
                keys(tenant).period(NOVEMBER), keys(tenant).holds(NOVEMBER), keys(tenant).settled("r1"),
                keys(tenant).hold("r2"), keys(tenant).hold("live"), keys(tenant).hold("refused"));
        assertThat(written).allSatisfy(name -> assertThat(SlotHash.getSlot(name)).isEqualTo(slot));
    }

    @Test
    void keys_expire_the_period_long_after_it_ends_and_holds_soon_after_their_ttl() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 100, LIMIT);
        meter.reserve(tenant, "r2", 100, LIMIT);
        meter.settle(tenant, "r2", 100, LIMIT);
        RedisCommands<String, String> commands = commands();

        long periodTtl = Duration.between(MID_NOVEMBER, Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(70)))
                .toMillis();
        assertThat(commands.pttl(keys(tenant).period(NOVEMBER))).isBetween(periodTtl - 60_000, periodTtl);
        assertThat(commands.pttl(keys(tenant).holds(NOVEMBER))).isBetween(periodTtl - 60_000, periodTtl);
        assertThat(commands.pttl(keys(tenant).hold("r1")))
                .isGreaterThan(HOLD_TTL.toMillis() - 60_000)
                .isLessThanOrEqualTo(HOLD_TTL.plus(RedisQuotaMeter.HOLD_GRACE).toMillis());
        assertThat(commands.pttl(keys(tenant).settled("r2")))
                .isBetween(Duration.ofDays(40).toMillis() - 60_000, Duration.ofDays(40).toMillis());
    }

    // --- script cache and outages -----------------------------------------------------------------------------------

    @Test
    void given_the_script_cache_flushed_when_calling_then_the_scripts_are_reloaded_and_counting_continues() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 400, LIMIT);
        RedisClient outsider = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> other = outsider.connect()) {
            assertThat(other.sync().scriptExists(RedisQuotaMeter.RESERVE.sha())).containsExactly(true);

            other.sync().scriptFlush();
            assertThat(other.sync().scriptExists(RedisQuotaMeter.RESERVE.sha())).containsExactly(false);

            assertThat(meter.reserve(tenant, "r2", 600, LIMIT).granted()).isTrue();
            assertThat(meter.reserve(tenant, "r3", 1, LIMIT).granted()).isFalse();
            assertThat(other.sync().scriptExists(RedisQuotaMeter.RESERVE.sha())).containsExactly(true);
            other.sync().scriptFlush();
            assertThat(meter.settle(tenant, "r1", 100, LIMIT).status().used()).isEqualTo(100);
        } finally {
            outsider.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void given_redis_restarted_then_calls_succeed_after_reconnecting_and_report_that_the_lost_counters_need_seeding() {
        meter.seed(tenant, NOVEMBER, 500, List.of());
        meter.reserve(tenant, "r1", 100, LIMIT);

        redis.stop();
        redis.start();

        Throwable settled = awaitNotUnavailable(() -> meter.status(tenant, LIMIT), Duration.ofSeconds(10));
        assertThat(settled).isInstanceOf(NeedsSeedException.class);
        assertThat(meter.seed(tenant, NOVEMBER, 600, List.of())).isTrue();
        assertThat(meter.reserve(tenant, "r2", 400, LIMIT).granted()).isTrue();
        assertThat(meter.status(tenant, LIMIT)).extracting(QuotaStatus::used, QuotaStatus::reserved)
                .containsExactly(600L, 400L);
    }

    @Test
    void given_redis_stopped_then_every_operation_fails_closed_within_the_bound() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        meter.reserve(tenant, "r1", 100, LIMIT);

        redis.stop();

        assertUnavailableWithinBound(() -> meter.reserve(tenant, "r2", 100, LIMIT));
        assertUnavailableWithinBound(() -> meter.settle(tenant, "r1", 100, LIMIT));
        assertUnavailableWithinBound(() -> meter.release(tenant, "r1"));
        assertUnavailableWithinBound(() -> meter.status(tenant, LIMIT));
        assertUnavailableWithinBound(() -> meter.seed(tenant, NOVEMBER, 0, List.of("r1")));
        assertUnavailableWithinBound(() -> meter.forget(tenant, NOVEMBER));
    }

    @Test
    void given_redis_not_answering_when_reserving_then_unavailable_after_the_command_timeout_and_fine_afterwards() {
        meter.seed(tenant, NOVEMBER, 0, List.of());
        RedisClient outsider = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> other = outsider.connect()) {
            // Connected but silent: CLIENT PAUSE holds every other client's commands until it ends.
            other.sync().clientPause(2_000);
            long started = System.nanoTime();

            assertThatThrownBy(() -> meter.reserve(tenant, "r1", 100, LIMIT))
                    .isInstanceOf(QuotaUnavailableException.class);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isGreaterThanOrEqualTo(COMMAND_TIMEOUT.minusMillis(50)).isLessThan(FAIL_FAST_BOUND);
            // The timed-out reserve still runs when the pause ends; its retry returns that decision, holding once.
            Throwable retried =
                    awaitNotUnavailable(() -> meter.reserve(tenant, "r1", 100, LIMIT), Duration.ofSeconds(10));
            assertThat(retried).isNull();
            assertThat(meter.status(tenant, LIMIT).reserved()).isEqualTo(100);
        } finally {
            outsider.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void given_redis_down_at_construction_when_reserving_then_quota_unavailable_within_the_bound() {
        redis.stop();
        try (RedisAdapter cold = new RedisAdapter(redis.url(), new RedisAdapter.Settings(COMMAND_TIMEOUT, HOLD_TTL))) {
            QuotaMeter coldMeter = cold.quotaMeter(clock, HOLD_TTL);

            assertUnavailableWithinBound(() -> coldMeter.reserve(tenant, "r1", 100, LIMIT));
        }
    }

    // --- arguments ---------------------------------------------------------------------------------------------------

    @Test
    void given_invalid_arguments_then_refused_before_reaching_redis() {
        assertThatThrownBy(() -> meter.reserve(tenant, " ", 1, LIMIT)).hasMessageContaining("requestId");
        assertThatThrownBy(() -> meter.reserve(tenant, "r", -1, LIMIT)).hasMessageContaining("estimatedTokens");
        assertThatThrownBy(() -> meter.reserve(tenant, "r", 1, -1)).hasMessageContaining("limit");
        assertThatThrownBy(() -> meter.settle(tenant, "r", -1, LIMIT)).hasMessageContaining("actualTokens");
        assertThatThrownBy(() -> meter.seed(tenant, NOVEMBER, -1, List.of())).hasMessageContaining("usedTokens");
        assertThatThrownBy(() -> meter.seed(tenant, NOVEMBER, 0, List.of("r", " "))).hasMessageContaining("requestId");
        assertThatThrownBy(() -> meter.reserve(null, "r", 1, LIMIT)).hasMessageContaining("tenant");
        assertThatThrownBy(() -> adapter.quotaMeter(clock, Duration.ZERO)).hasMessageContaining("holdTtl");
        assertThatThrownBy(() -> adapter.quotaMeter(clock, Duration.ofDays(31))).hasMessageContaining("holdTtl");
        assertThat(commands().dbsize()).isZero();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    /** The design invariant: after any script ran, {@code reserved} equals the sum of the estimates of live holds. */
    private void assertReservedIsTheSumOfLiveHolds(TenantId who) {
        long reserved = meter.status(who, LIMIT).reserved(); // runs the pruning first
        long now = clock.millis();
        List<ScoredValue<String>> holds = commands().zrangeWithScores(keys(who).holds(NOVEMBER), 0, -1);
        assertThat(holds).allSatisfy(hold -> assertThat(hold.getScore()).isGreaterThan(now));
        long sum = holds.stream().mapToLong(hold -> Long.parseLong(hold.getValue().split(":", 2)[0])).sum();
        assertThat(reserved).isEqualTo(sum);
    }

    private void assertUnavailableWithinBound(ThrowingCallable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call).isInstanceOf(QuotaUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(FAIL_FAST_BOUND);
    }

    /**
     * Bounded polling: reconnection is asynchronous, so the first calls after a restart may still be refused. Returns
     * the first outcome that is not {@link QuotaUnavailableException} (null for a normal return).
     */
    private static Throwable awaitNotUnavailable(Callable<?> call, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                call.call();
                return null;
            } catch (QuotaUnavailableException e) {
                // Paces the polling; the loop's bound, not this pause, is what the test relies on.
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            } catch (Exception e) {
                return e;
            }
        }
        throw new AssertionError("still unavailable after " + within);
    }


    private RedisCommands<String, String> commands() {
        return adapter.connection().sync();
    }

    private static QuotaKeys keys(TenantId who) {
        return new QuotaKeys(who);
    }
}
