package io.saasplatform.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.service.AiBudgetLimits;
import io.saasplatform.application.service.AiSettings;
import io.saasplatform.application.service.MeteredAi;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-user and platform AI budgets on a real (embedded) Redis: their keys, and the boundary under concurrency,
 * alone and together with the tenant quota in {@link MeteredAi}.
 */
class RedisAiBudgetsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final YearMonth JANUARY = YearMonth.of(2030, 1);
    private static final Duration HOLD_TTL = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(NOW);
    private EmbeddedRedis redis;
    private RedisAdapter adapter;
    private AiBudgets budgets;

    @BeforeEach
    void start() {
        redis = new EmbeddedRedis();
        adapter = new RedisAdapter(redis.url());
        budgets = adapter.aiBudgets(clock, HOLD_TTL);
    }

    @AfterEach
    void stop() {
        adapter.close();
        redis.close();
    }

    @Test
    void every_key_a_budget_writes_carries_its_own_hash_tag_and_lives_in_one_slot() {
        UserId user = new UserId(UUID.randomUUID());
        for (Budget budget : List.of(Budget.user(user), Budget.global())) {
            budgets.reserve(budget, "r1", 100, 1_000);
            budgets.reserve(budget, "r{2}", 100, 1_000);
            budgets.settle(budget, "r1", 80, 1_000);
            budgets.release(budget, "r{2}");
        }

        List<String> written = adapter.connection().sync().keys("*");

        assertThat(written).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith("budget:{"));
        for (String tag : List.of("{user:" + user.value() + "}", "{global:all}")) {
            List<String> ofBudget = written.stream().filter(key -> key.startsWith("budget:" + tag)).toList();
            assertThat(ofBudget).hasSizeGreaterThanOrEqualTo(3); // month, released hold, settled mark
            assertThat(ofBudget).allSatisfy(key -> assertThat(SlotHash.getSlot(key)).as(key)
                    .isEqualTo(SlotHash.getSlot(tag)));
        }
    }

    @Test
    void given_a_meter_registry_then_budget_decisions_are_counted_by_budget_and_decision_without_a_user_label() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (RedisAdapter metered = new RedisAdapter(redis.url(), RedisAdapter.Settings.defaults(), registry)) {
            AiBudgets counted = metered.aiBudgets(clock, HOLD_TTL);
            Budget user = Budget.user(UserId.random());
            counted.reserve(user, "r1", 100, 150);
            counted.reserve(user, "r2", 100, 150);
            counted.reserve(Budget.global(), "r1", 100, 150);

            assertThat(registry.get(MeteredAiBudgets.METER).tags("budget", "user", "decision", "granted").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get(MeteredAiBudgets.METER).tags("budget", "user", "decision", "refused").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get(MeteredAiBudgets.METER).tags("budget", "global", "decision", "granted").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags().toString())
                    .doesNotContain(user.subject()));
        }
    }

    @Test
    void given_a_budget_without_a_counter_then_it_starts_the_month_at_zero_and_a_lost_counter_starts_again() {
        Budget budget = Budget.user(new UserId(UUID.randomUUID()));
        assertThat(budgets.status(budget, 500).used()).isZero();
        budgets.reserve(budget, "r1", 100, 500);
        budgets.settle(budget, "r1", 90, 500);
        assertThat(budgets.status(budget, 500).used()).isEqualTo(90);

        adapter.connection().sync().flushall();

        assertThat(budgets.status(budget, 500).used()).as("no ledger to reseed from (ADR 0012)").isZero();
    }

    @Test
    void given_200_concurrent_reservations_at_a_budgets_boundary_then_exactly_those_that_fit_are_granted() throws Exception {
        Budget budget = Budget.global();
        long limit = 3_700;
        List<Boolean> granted = concurrently(200, i -> budgets.reserve(budget, "r" + i, 100, limit).granted());

        assertThat(granted.stream().filter(g -> g).count()).isEqualTo(37);
        QuotaMeter.QuotaStatus status = budgets.status(budget, limit);
        assertThat(status.reserved()).isEqualTo(3_700);

        // Half settle below their estimate, half are refunded: used is exactly what was settled.
        List<Integer> grantedIds = new ArrayList<>();
        for (int i = 0; i < granted.size(); i++) {
            if (granted.get(i)) {
                grantedIds.add(i);
            }
        }
        long settled = 0;
        for (int n = 0; n < grantedIds.size(); n++) {
            if (n % 2 == 0) {
                budgets.settle(budget, "r" + grantedIds.get(n), 60, limit);
                settled += 60;
            } else {
                budgets.release(budget, "r" + grantedIds.get(n));
            }
        }
        assertThat(budgets.status(budget, limit).used()).isEqualTo(settled);
        assertThat(budgets.status(budget, limit).reserved()).isZero();
    }

    /**
     * Three users, each in two tenants, 240 calls at once against a user budget of 15 calls each and a platform budget
     * of 35: while calls are in flight no budget's {@code used + reserved} passes its limit, and at the end every
     * budget counts exactly what the ledger holds (failed provider calls refunded).
     */
    @Test
    void given_240_concurrent_calls_at_the_user_and_platform_boundaries_then_no_budget_overshoots_and_used_equals_the_ledger()
            throws Exception {
        long userLimit = 1_500;
        long globalLimit = 3_500;
        long tenantLimit = 1_000_000;
        List<UserId> users = List.of(UserId.random(), UserId.random(), UserId.random());
        Map<UserId, List<TenantId>> tenantsOf = new ConcurrentHashMap<>();
        users.forEach(u -> tenantsOf.put(u, List.of(TenantId.random(), TenantId.random())));
        QuotaMeter quota = adapter.quotaMeter(clock, HOLD_TTL);
        ConcurrentLedger ledger = new ConcurrentLedger(clock);
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger providerCalls = new AtomicInteger();
        AiGateway gateway = new AiGateway() {
            @Override
            public Completion complete(CompletionRequest request) {
                // Sampled while this call holds its estimate everywhere.
                check(violations, "global", budgets.status(Budget.global(), globalLimit), globalLimit);
                users.forEach(u -> check(violations, "user " + u, budgets.status(Budget.user(u), userLimit), userLimit));
                if (providerCalls.incrementAndGet() % 10 == 0) {
                    throw new AiUnavailableException("scripted outage", null, null);
                }
                return new Completion("text", "m", "p", new TokenUsage(30, 70));
            }

            @Override
            public String providerName() {
                return "p";
            }

            @Override
            public boolean isLocal() {
                return false;
            }
        };
        MeteredAi ai = new MeteredAi(ledger, gateway, quota, ledger, AiSettings.withMonthlyLimit(tenantLimit), budgets,
                new AiBudgetLimits(OptionalLong.of(userLimit), OptionalLong.of(globalLimit)), clock);
        AiGateway.CompletionRequest request = new AiGateway.CompletionRequest(
                List.of(new AiGateway.Message(AiGateway.Role.USER, "hi")), null, 89); // estimate 100

        List<String> outcomes = concurrently(240, i -> {
            UserId user = users.get(i % 3);
            TenantId tenant = tenantsOf.get(user).get(i / 3 % 2);
            try {
                ai.call(tenant, user, "f", request);
                return "ok";
            } catch (QuotaExceededException e) {
                return e.budget().name();
            } catch (ServiceUnavailableException e) {
                return "provider";
            }
        });

        assertThat(violations).isEmpty();
        assertThat(outcomes).contains("ok", "GLOBAL", "provider");
        long ledgerTotal = ledger.total(t -> true);
        assertThat(ledgerTotal).isEqualTo(100L * outcomes.stream().filter("ok"::equals).count());
        assertThat(budgets.status(Budget.global(), globalLimit).used()).isEqualTo(ledgerTotal)
                .isLessThanOrEqualTo(globalLimit);
        assertThat(budgets.status(Budget.global(), globalLimit).reserved()).isZero();
        for (UserId user : users) {
            long ofUser = ledger.total(t -> tenantsOf.get(user).contains(t));
            QuotaMeter.QuotaStatus status = budgets.status(Budget.user(user), userLimit);
            assertThat(status.used()).as("user %s", user).isEqualTo(ofUser).isLessThanOrEqualTo(userLimit);
            assertThat(status.reserved()).isZero();
            for (TenantId tenant : tenantsOf.get(user)) {
                assertThat(quota.status(tenant, tenantLimit).used()).isEqualTo(ledger.total(tenant::equals));
                assertThat(quota.status(tenant, tenantLimit).reserved()).isZero();
            }
        }
    }

    private static void check(List<String> violations, String name, QuotaMeter.QuotaStatus status, long limit) {
        if (status.used() + status.reserved() > limit) {
            violations.add(name + ": used " + status.used() + " + reserved " + status.reserved() + " > " + limit);
        }
    }

    private interface Call<T> {
        T run(int i) throws Exception;
    }

    /** Runs {@code n} calls released at once on virtual threads; the results in call order. */
    private static <T> List<T> concurrently(int n, Call<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(executor.submit(() -> {
                    go.await();
                    return call.run(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    /**
     * A thread-safe ledger and unit of work for many tenants at once: entries are kept per tenant, and "the bound
     * tenant" is the calling thread's (the testkit's in-memory fakes serve one caller at a time).
     */
    private static final class ConcurrentLedger implements AiUsageLedger, UnitOfWork {
        private final Clock clock;
        private final ThreadLocal<TenantId> bound = new ThreadLocal<>();
        private final Map<TenantId, Map<String, Entry>> entries = new ConcurrentHashMap<>();

        ConcurrentLedger(Clock clock) {
            this.clock = clock;
        }

        long total(java.util.function.Predicate<TenantId> which) {
            return entries.entrySet().stream().filter(e -> which.test(e.getKey()))
                    .flatMap(e -> e.getValue().values().stream()).mapToLong(Entry::totalTokens).sum();
        }

        @Override
        public <T> T inTenant(TenantId tenant, Supplier<T> work) {
            bound.set(tenant);
            try {
                return work.get();
            } finally {
                bound.remove();
            }
        }

        @Override
        public <T> T withoutTenant(Supplier<T> work) {
            return work.get();
        }

        @Override
        public <T> T asUser(UserId user, Supplier<T> work) {
            return work.get();
        }

        private Map<String, Entry> mine() {
            return entries.computeIfAbsent(bound.get(), t -> new ConcurrentHashMap<>());
        }

        @Override
        public boolean record(Entry entry) {
            return mine().putIfAbsent(entry.requestId(), entry) == null;
        }

        @Override
        public long usedTokens(YearMonth period) {
            return mine().values().stream().filter(e -> period.equals(YearMonth.from(e.at().atOffset(ZoneOffset.UTC))))
                    .mapToLong(Entry::totalTokens).sum();
        }

        @Override
        public Tally tally(YearMonth period, Instant recentSince) {
            List<Entry> of = mine().values().stream()
                    .filter(e -> period.equals(YearMonth.from(e.at().atOffset(ZoneOffset.UTC)))).toList();
            return new Tally(of.stream().mapToLong(Entry::totalTokens).sum(),
                    of.stream().filter(e -> !e.at().isBefore(recentSince)).map(Entry::requestId).toList());
        }

        @Override
        public Map<String, Long> totalsByFeature(YearMonth period) {
            return Map.of();
        }

        @Override
        public OptionalLong monthlyLimitOverride() {
            return OptionalLong.empty();
        }

        @Override
        public void setMonthlyLimitOverride(OptionalLong limit) {
            throw new UnsupportedOperationException();
        }
    }
}
