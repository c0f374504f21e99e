package io.saasplatform.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaUnavailableException;
import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.domain.TenantId;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter on a real Redis Cluster of three masters ({@code redis-cluster://}, issue 14 part 5): the quota meter,
 * the budgets and the rate limiter across slots on every master, the boundary under concurrency, and {@code NOSCRIPT}
 * after a master restarts with an empty script cache.
 */
class RedisClusterTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final YearMonth JANUARY = YearMonth.of(2030, 1);
    private static final Duration HOLD_TTL = Duration.ofMinutes(10);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    private static EmbeddedRedisCluster cluster;

    private final MutableClock clock = new MutableClock(NOW);
    private RedisAdapter adapter;
    private QuotaMeter quota;
    private AiBudgets budgets;

    @BeforeAll
    static void startCluster() {
        cluster = new EmbeddedRedisCluster();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void connect() {
        adapter = new RedisAdapter(cluster.url(),
                new RedisAdapter.Settings(Duration.ofMillis(1_000), Duration.ofMillis(200)));
        quota = adapter.quotaMeter(clock, HOLD_TTL);
        budgets = adapter.aiBudgets(clock, HOLD_TTL);
    }

    @AfterEach
    void disconnect() {
        adapter.close();
    }

    @Test
    void given_a_cluster_url_then_the_adapter_is_a_cluster_client_and_readiness_pings_it() {
        assertThat(adapter.cluster()).isTrue();
        assertThat(adapter.healthCheck().check(Duration.ofSeconds(2)).up()).isTrue();
        assertThat(adapter.clusterConnection().getPartitions().size())
                .as("the third node was discovered from two seeds").isEqualTo(EmbeddedRedisCluster.NODES);
    }

    @Test
    void given_tenants_whose_keys_live_on_every_master_then_each_quota_is_metered_on_its_own_node() {
        List<TenantId> tenants = tenantsOnEveryNode();
        for (TenantId tenant : tenants) {
            quota.seed(tenant, JANUARY, 100, List.of());
            assertThat(quota.reserve(tenant, "r1", 300, 1_000).granted()).isTrue();
            assertThat(quota.reserve(tenant, "r2", 700, 1_000).granted()).as("100 + 300 + 700 > 1000").isFalse();
            quota.settle(tenant, "r1", 250, 1_000);
            assertThat(quota.status(tenant, 1_000).used()).isEqualTo(350);
            assertThat(quota.status(tenant, 1_000).reserved()).isZero();
        }
    }

    @Test
    void given_budgets_and_the_rate_limiter_on_a_cluster_then_they_work_across_slots() {
        Budget user = Budget.user(io.saasplatform.domain.UserId.random());
        assertThat(budgets.reserve(user, "r1", 100, 150).granted()).isTrue();
        assertThat(budgets.reserve(Budget.global(), "r1", 100, 150).granted()).isTrue();
        assertThat(budgets.reserve(user, "r2", 100, 150).granted()).isFalse();
        assertThat(SlotHash.getSlot(QuotaKeys.of(user).tag())).isNotEqualTo(SlotHash.getSlot(QuotaKeys.of(Budget.global()).tag()));

        RateLimiter limiter = adapter.rateLimiter();
        String key = "sign-in:" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(key, 2, Duration.ofMinutes(1)).allowed()).isTrue();
        assertThat(limiter.tryAcquire(key, 2, Duration.ofMinutes(1)).allowed()).isTrue();
        assertThat(limiter.tryAcquire(key, 2, Duration.ofMinutes(1)).allowed()).isFalse();
    }

    @Test
    void given_150_concurrent_reservations_at_the_boundary_on_a_cluster_then_exactly_those_that_fit_are_granted()
            throws Exception {
        TenantId tenant = TenantId.random();
        quota.seed(tenant, JANUARY, 0, List.of());
        Budget global = Budget.global();
        long globalUsedBefore = budgets.status(global, Long.MAX_VALUE).used()
                + budgets.status(global, Long.MAX_VALUE).reserved();
        long budgetLimit = globalUsedBefore + 2_000;

        List<Boolean> tenantGrants = concurrently(150, i -> quota.reserve(tenant, "t" + i, 100, 4_200).granted());
        List<Boolean> budgetGrants = concurrently(150,
                i -> budgets.reserve(global, "g" + UUID.randomUUID(), 100, budgetLimit).granted());

        assertThat(tenantGrants.stream().filter(g -> g).count()).isEqualTo(42);
        assertThat(quota.status(tenant, 4_200).reserved()).isEqualTo(4_200);
        assertThat(budgetGrants.stream().filter(g -> g).count()).isEqualTo(20);
    }

    @Test
    void given_a_master_restarted_with_an_empty_script_cache_then_noscript_is_handled_and_metering_resumes() {
        List<TenantId> tenants = tenantsOnEveryNode();
        for (TenantId tenant : tenants) {
            quota.seed(tenant, JANUARY, 0, List.of());
            quota.reserve(tenant, "before", 100, 1_000);
        }
        int victim = 1;
        TenantId onVictim = tenants.get(victim);

        cluster.stop(victim);
        try {
            assertThatThrownBy(() -> quota.reserve(onVictim, "during", 100, 1_000))
                    .isInstanceOf(QuotaUnavailableException.class);
            // The other masters keep metering their tenants.
            assertThat(quota.reserve(tenants.get(0), "during", 100, 1_000).granted()).isTrue();
        } finally {
            cluster.start(victim);
        }
        cluster.awaitHealthy();
        assertThat(scriptsOn(victim)).as("a restarted node has no scripts").containsExactly(false);

        // Data went with the restart: the first call asks for a seed (through NOSCRIPT, answered by EVAL) ...
        awaitAvailable(() -> {
            assertThatThrownBy(() -> quota.reserve(onVictim, "after", 100, 1_000))
                    .isInstanceOf(NeedsSeedException.class);
            return null;
        });
        quota.seed(onVictim, JANUARY, 0, List.of());
        assertThat(quota.reserve(onVictim, "after", 100, 1_000).granted()).isTrue();
        assertThat(scriptsOn(victim)).as("EVAL cached it again on the node that owns the slot").containsExactly(true);
    }

    @Test
    void given_the_script_cache_flushed_on_every_master_then_every_script_still_runs() {
        TenantId tenant = TenantId.random();
        quota.seed(tenant, JANUARY, 0, List.of());
        quota.reserve(tenant, "r1", 100, 1_000);
        for (int node = 0; node < EmbeddedRedisCluster.NODES; node++) {
            cluster.onNode(node, c -> c.sync().scriptFlush());
        }

        quota.settle(tenant, "r1", 90, 1_000);
        quota.reserve(tenant, "r2", 100, 1_000);
        assertThat(quota.release(tenant, "r2")).isTrue();
        assertThat(quota.status(tenant, 1_000).used()).isEqualTo(90);
        assertThat(adapter.rateLimiter().tryAcquire("k" + UUID.randomUUID(), 1, Duration.ofMinutes(1)).allowed())
                .isTrue();
    }

    private static List<Boolean> scriptsOn(int node) {
        return cluster.onNode(node, c -> c.sync().scriptExists(RedisQuotaMeter.RESERVE.sha()));
    }

    /** One tenant per master, found by the slot of its hash tag, so the tests cover every node. */
    private static List<TenantId> tenantsOnEveryNode() {
        List<TenantId> found = new ArrayList<>();
        for (int node = 0; node < EmbeddedRedisCluster.NODES; node++) {
            TenantId tenant;
            do {
                tenant = TenantId.random();
            } while (cluster.nodeOf(SlotHash.getSlot("{" + tenant.value() + "}")) != node);
            found.add(tenant);
        }
        Set<Integer> nodes = found.stream().map(t -> cluster.nodeOf(SlotHash.getSlot("{" + t.value() + "}")))
                .collect(Collectors.toSet());
        assertThat(nodes).hasSize(EmbeddedRedisCluster.NODES);
        return found;
    }

    /** Bounded polling: the client reconnects to a restarted node asynchronously. */
    private static void awaitAvailable(Supplier<?> call) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                call.get();
                return;
            } catch (AssertionError e) {
                last = e;
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
        throw new AssertionError("still unavailable after " + RECOVERY_BOUND, last);
    }

    private interface Call<T> {
        T run(int i) throws Exception;
    }

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
}
