package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under a steady load of mixed traffic (storefront reads, dashboard writes, AI calls) at 50 requests/s from an
 * in-process generator: what clients see while a dependency is gone, and how fast the platform recovers without a
 * restart. Each case prints its figures.
 */
class FaultsUnderLoadTest {
    private static final int RATE_PER_SECOND = 50;
    private static final Duration POOL_TIMEOUT = Duration.ofMillis(2500);

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    /** One answered (or failed) request of the load. */
    private record Outcome(long sentAtNanos, String kind, int status, long millis, boolean problem, boolean retryAfter,
            String createdName) {}

    /** Mixed traffic at a fixed rate until closed: storefront reads, product writes and AI calls. */
    private static PacedLoad<Outcome> load(RunningPlatform platform, String token, String productId) {
        String aiPath = "/tenants/me/products/" + productId + "/ai/description";
        return PacedLoad.start("load", RATE_PER_SECOND, n -> {
            long start = System.nanoTime();
            String kind;
            String name = null;
            Response response;
            try {
                switch (n % 4) {
                    case 0, 1 -> {
                        kind = "storefront";
                        response = platform.get("/storefront/faults/products", null);
                    }
                    case 2 -> {
                        kind = "write";
                        name = "Load product " + n;
                        response = platform.post("/tenants/me/products", token,
                                Map.of("name", name, "price", "1.250", "description", "written under load " + n));
                    }
                    default -> {
                        kind = "ai";
                        response = platform.post(aiPath, token, Map.of());
                    }
                }
            } catch (UncheckedIOException e) {
                return new Outcome(start, "io-error", -1, elapsedMillis(start), false, false, null);
            }
            return new Outcome(start, kind, response.status(), elapsedMillis(start), response.isProblem(),
                    response.header("Retry-After").isPresent(), response.status() == 201 ? name : null);
        });
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The outcomes of the requests sent in [from, to). */
    private static List<Outcome> sentBetween(PacedLoad<Outcome> load, long fromNanos, long toNanos) {
        return load.matching(o -> o.sentAtNanos() >= fromNanos && o.sentAtNanos() < toNanos);
    }

    private RunningPlatform platformBehind(CuttableProxy proxy, Map<String, String> extra) {
        RunningPlatform platform = RunningPlatform.start(dataDir, database -> {
            Map<String, String> env = new java.util.HashMap<>(extra);
            env.put("DATABASE_URL", RunningPlatform.servingUrl(database, "127.0.0.1", proxy.port()));
            env.put("DB_POOL_TIMEOUT_MS", Long.toString(POOL_TIMEOUT.toMillis()));
            return env;
        });
        resources.add(platform);
        return platform;
    }

    private static String shopWithProduct(RunningPlatform platform) {
        String token = platform.ownerOfNewShop("owner@faults.example.com", "faults", "KWD");
        Response product = platform.post("/tenants/me/products", token,
                Map.of("name", "Mug", "price", "4.250", "status", "published"));
        assertThat(product.status()).isEqualTo(201);
        return token + " " + product.text("/id");
    }

    private static void await(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    @Test
    void given_postgres_gone_for_5_s_under_load_then_503_with_retry_after_and_all_200_again_within_5_s()
            throws Exception {
        TestRedis.flushAll();
        TestDatabaseProxy db = new TestDatabaseProxy();
        RunningPlatform platform = platformBehind(db.proxy(), Map.of());
        String[] shop = shopWithProduct(platform).split(" ");

        long outageStart;
        long outageEnd;
        try (PacedLoad<Outcome> load = load(platform, shop[0], shop[1])) {
            await(Duration.ofSeconds(3));
            outageStart = System.nanoTime();
            db.proxy().cut();
            await(Duration.ofSeconds(5));
            db.proxy().resume();
            outageEnd = System.nanoTime();
            await(Duration.ofSeconds(8));

            // Answered before the cut (a request sent just before it may be answered 503 after it, as it should).
            List<Outcome> before = sentBetween(load, 0, outageStart).stream()
                    .filter(o -> o.sentAtNanos() + TimeUnit.MILLISECONDS.toNanos(o.millis()) < outageStart)
                    .toList();
            // Sent after the cut and answered before PostgreSQL returned (a request still waiting for a connection
            // when it returns is served, as it should be).
            List<Outcome> during = sentBetween(load, outageStart + TimeUnit.MILLISECONDS.toNanos(200), outageEnd).stream()
                    .filter(o -> o.sentAtNanos() + TimeUnit.MILLISECONDS.toNanos(o.millis()) < outageEnd)
                    .toList();
            List<Outcome> recovered = sentBetween(load, outageEnd + TimeUnit.SECONDS.toNanos(5), Long.MAX_VALUE);
            List<Outcome> all = load.all();
            long worst = all.stream().mapToLong(Outcome::millis).max().orElse(0);
            System.out.printf("postgres outage: %d requests; before %s; during %s; after 5 s %s; slowest %d ms%n",
                    all.size(), statuses(before), statuses(during), statuses(recovered), worst);

            assertThat(all).as("no 500 and no broken connection, ever").noneMatch(o -> o.status() >= 500 && o.status() != 503)
                    .noneMatch(o -> o.status() == -1);
            assertThat(before).isNotEmpty().allMatch(o -> o.status() < 400);
            assertThat(during).as("during the outage").isNotEmpty()
                    .allMatch(o -> o.status() == 503 && o.problem() && o.retryAfter());
            assertThat(worst).as("no request hangs past the pool timeout by much")
                    .isLessThan(POOL_TIMEOUT.toMillis() + 10_000);
            assertThat(recovered).as("within 5 s of PostgreSQL's return").isNotEmpty().allMatch(o -> o.status() < 400);
        }
        assertNoHalfWrittenProduct(platform);
    }

    @Test
    void given_a_pool_of_two_held_by_slow_work_then_the_excess_is_503_within_the_pool_timeout_and_it_recovers()
            throws Exception {
        TestRedis.flushAll();
        TestDatabaseProxy db = new TestDatabaseProxy();
        RunningPlatform platform = platformBehind(db.proxy(), Map.of("DB_POOL_SIZE", "2"));
        String[] shop = shopWithProduct(platform).split(" ");

        try (PacedLoad<Outcome> load = load(platform, shop[0], shop[1])) {
            await(Duration.ofSeconds(2));
            long slowStart = System.nanoTime();
            long slowEnd;
            // Slow work: every statement on products waits behind a lock for 4 s, holding both pooled connections.
            try (Connection admin = platform.adminConnection(); Statement lock = admin.createStatement()) {
                admin.setAutoCommit(false);
                lock.execute("LOCK TABLE products IN ACCESS EXCLUSIVE MODE");
                await(Duration.ofSeconds(4));
                admin.rollback();
                slowEnd = System.nanoTime();
            }
            await(Duration.ofSeconds(5));

            List<Outcome> slow = sentBetween(load, slowStart + TimeUnit.MILLISECONDS.toNanos(300), slowEnd);
            List<Outcome> after = sentBetween(load, slowEnd + TimeUnit.SECONDS.toNanos(2), Long.MAX_VALUE);
            List<Outcome> refused = slow.stream().filter(o -> o.status() == 503).toList();
            System.out.printf("pool exhaustion (2 connections, %d ms timeout): %d requests while slow, %s; after %s;"
                    + " slowest 503 %d ms%n", POOL_TIMEOUT.toMillis(), slow.size(), statuses(slow), statuses(after),
                    refused.stream().mapToLong(Outcome::millis).max().orElse(0));

            assertThat(load.all()).noneMatch(o -> o.status() >= 500 && o.status() != 503).noneMatch(o -> o.status() == -1);
            assertThat(refused).as("the excess is refused").isNotEmpty()
                    .allMatch(o -> o.problem() && o.retryAfter())
                    .allMatch(o -> o.millis() < POOL_TIMEOUT.toMillis() + 3_000);
            assertThat(after).as("recovered as soon as the slow work ended").isNotEmpty()
                    .allMatch(o -> o.status() < 400);
        }
        assertNoHalfWrittenProduct(platform);
    }

    /** Every product row is whole (a write is all or nothing): name, price and description as the load wrote them. */
    private static void assertNoHalfWrittenProduct(RunningPlatform platform) {
        long products = platform.queryLong("SELECT count(*) FROM products WHERE name LIKE 'Load product %'");
        long whole = platform.queryLong("SELECT count(*) FROM products WHERE name LIKE 'Load product %'"
                + " AND price = 1.250 AND description = 'written under load ' || substring(name from 14)");
        assertThat(whole).as("whole rows among %d written under load", products).isEqualTo(products);
        assertThat(products).isPositive();
    }

    private static String statuses(List<Outcome> outcomes) {
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        return counts.toString();
    }

    /** A cuttable proxy in front of the test PostgreSQL, closed after the test. */
    private final class TestDatabaseProxy {
        private final CuttableProxy proxy = new CuttableProxy(
                io.saasplatform.testsupport.TestPostgres.host(), io.saasplatform.testsupport.TestPostgres.port());

        TestDatabaseProxy() {
            resources.add(proxy);
        }

        CuttableProxy proxy() {
            return proxy;
        }
    }
}
