package io.saasplatform.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasplatform.adapter.persistence.DatabaseProvisioner;
import io.saasplatform.adapter.persistence.Migrations;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import redis.embedded.RedisServer;

/**
 * The storefront ratio benchmark (issues 4 and 15). One run, one machine: seeds the embedded PostgreSQL, starts as
 * child JVMs with the same heap limit the platform twice (its read-only units of work in one round trip, and with
 * {@code -Dsaas.persistence.readPath=transaction}, the transactional path they replaced: the A/B) and the bare baseline
 * ({@link BaselineServer}: the three round trips of a tenant transaction, and the same read in one round trip). It
 * loads {@code GET /storefront/{slug}/products?limit=20} on each in rotating rounds and prints requests/s, p50 and p99
 * (medians over rounds) and the ratios new/old, new/one-trip baseline and old/three-trip baseline, for: a small tenant
 * alone, the same tenant after the other rows exist, and page 1 vs a deep keyset page of the biggest tenant. Also
 * prints each child's peak resident memory (VmHWM) and any non-200 answer.
 *
 * <p>Options (all optional): {@code --tenants 1000 --products 1000000 --seconds 8 --rounds 3 --concurrency 8
 * --heap 256m --pool 10}.
 */
public final class StorefrontBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL = "small-shop";
    private static final String BIG = "big-shop";

    private final Map<String, String> options;
    private final List<Process> children = new ArrayList<>();
    private boolean warmedUp;
    /** The postmaster, found by its data directory; its backends are its children. */
    private java.util.Optional<ProcessHandle> postgres = java.util.Optional.empty();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private StorefrontBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new StorefrontBenchmark(options).run();
        System.exit(0);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        int tenants = intOption("tenants", 1000);
        int products = intOption("products", 1_000_000);
        int seconds = intOption("seconds", 8);
        int rounds = intOption("rounds", 3);
        int concurrency = intOption("concurrency", 8);
        int pool = intOption("pool", 10);
        String heap = options.getOrDefault("heap", "256m");

        System.out.printf(Locale.ROOT, "%nStorefront benchmark: %d tenants, %,d products, %d rounds x %d s per target,"
                        + " %d concurrent clients, child heap -Xmx%s, pool %d. Machine: %d cores, %s.%n",
                tenants, products, rounds, seconds, concurrency, heap, pool,
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        Path data = Files.createTempDirectory("saas-bench");
        EmbeddedPostgres.Builder pgBuilder = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB");
        if (pgStats()) {
            pgBuilder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track_planning", "on");
        }
        try (EmbeddedPostgres pg = pgBuilder.start()) {
            String pgData = data.resolve("pg").toString();
            postgres = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(pgData)).orElse(false))
                    .findFirst();
            System.out.println("PostgreSQL's CPU counted from process " + postgres.map(ProcessHandle::pid)
                    .map(String::valueOf).orElse("(not found: shown as 0)"));
            int redisPort = freePort();
            RedisServer redis = new RedisServer(redisPort);
            redis.start();
            try {
                benchmark(pg, redisPort, tenants, products, seconds, rounds, concurrency, pool, heap);
            } finally {
                // Children first, so the platform does not log Redis and PostgreSQL vanishing under it.
                for (Process child : children) {
                    child.destroy();
                    child.waitFor();
                }
                redis.stop();
            }
        }
    }

    private void benchmark(EmbeddedPostgres pg, int redisPort, int tenants, int products, int seconds, int rounds,
            int concurrency, int pool, String heap) throws Exception {
        DataSource superuser = pg.getPostgresDatabase();
        exec(superuser, "CREATE DATABASE saas");
        DataSource admin = pg.getDatabase("postgres", "saas");
        DatabaseProvisioner provisioner = new DatabaseProvisioner("saas_owner", DatabaseProvisioner.DEFAULT_SERVING_ROLE);
        provisioner.provision(admin, "owner-pw", "serving-pw");
        Migrations.migrate(pg.getDatabase(provisioner.ownerRole(), "saas"));
        if (pgStats()) {
            exec(admin, "CREATE EXTENSION pg_stat_statements");
        }

        // Phase 1: the small tenant alone (plus the big tenant's empty shell).
        seedTenant(admin, SMALL, "KWD", 200, 50);
        seedTenant(admin, BIG, "USD", 0, 0);
        exec(admin, "ANALYZE");

        String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/saas";
        int platformPort = freePort();
        int oldPlatformPort = freePort();
        int baselinePort = freePort();
        Map<String, String> platformEnv = Map.of(
                "APP_ENV", "development",
                "HOST", "127.0.0.1",
                "DATABASE_URL", "postgres://" + provisioner.servingRole() + ":serving-pw@127.0.0.1:" + pg.getPort()
                        + "/saas",
                "DB_POOL_SIZE", String.valueOf(pool),
                "REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "SECRET_KEY", "benchmark-secret-key-benchmark-secret-key-0123456789",
                // Two platforms run at once: no management port, or the second could not bind the default one.
                "MANAGEMENT_PORT", "0",
                "DATA_DIR", Files.createTempDirectory("saas-bench-data").toString());
        // The same build twice: today's read path (one round trip) and the transactional one it replaced (A/B).
        String thisBuild = System.getProperty("java.class.path");
        Process platform = start("platform", heap, thisBuild, List.of(), List.of("io.saasplatform.bootstrap.Main"),
                with(platformEnv, "PORT", String.valueOf(platformPort)));
        // run.sh --old-build DIR (here --old-classpath, that checkout's classpath): the second leg is another build on
        // its own default read path, so that the A/B compares two builds rather than two read paths.
        Optional<String> oldBuild = Optional.ofNullable(options.get("old-classpath"));
        oldBuild.ifPresent(cp -> System.out.println("platform (old) runs another build (--old-build) on its default"
                + " read path"));
        Process oldPlatform = start("platform-old", heap, oldBuild.orElse(thisBuild),
                oldBuild.isPresent() ? List.of() : List.of("-D" + PersistenceAdapter.READ_PATH_PROPERTY + "=transaction"),
                List.of("io.saasplatform.bootstrap.Main"),
                with(with(platformEnv, "PORT", String.valueOf(oldPlatformPort)),
                        "DATA_DIR", Files.createTempDirectory("saas-bench-data").toString()));
        Process baseline = start("baseline", heap, thisBuild, List.of(), List.of(BaselineServer.class.getName(),
                String.valueOf(baselinePort), jdbc, provisioner.servingRole(), "serving-pw", String.valueOf(pool)),
                Map.of());
        Target platformTarget = new Target("platform", platformPort, platform);
        Target oldPlatformTarget = new Target("platform-old", oldPlatformPort, oldPlatform);
        Target baselineTarget = new Target("baseline", baselinePort, baseline);
        awaitUp(platformTarget, "/health/ready");
        awaitUp(oldPlatformTarget, "/health/ready");
        awaitUp(baselineTarget, "/health");

        List<Row> results = new ArrayList<>();
        String page1 = "/storefront/" + SMALL + "/products?limit=20";
        sameItems(platformTarget, page1, List.of(Map.entry(oldPlatformTarget, page1), Map.entry(baselineTarget, page1),
                Map.entry(baselineTarget, "/one-trip" + page1)));
        boolean pagesOnly = Boolean.parseBoolean(options.getOrDefault("pages-only", "false"));
        if (!pagesOnly) {
            results.add(compare("small tenant, page 1, alone", legs(platformTarget, oldPlatformTarget, page1,
                    baselineTarget, page1), seconds, rounds, concurrency));
        }
        // The same shop's front page as HTML (20 products, its categories, rendered by JTE) against the JSON listing,
        // same platform, same run.
        double pageRatio = compareHtmlToJson(platformTarget, "/shops/" + SMALL, page1, seconds, rounds, concurrency);
        if (pagesOnly) {
            System.out.printf(Locale.ROOT, "Target, HTML front page vs JSON listing: %.2fx %s (>= 0.7)%n", pageRatio,
                    pageRatio >= 0.7 ? "met" : "MISSED");
            return;
        }

        // Phase 2: everybody else; the big tenant gets 10% of the rows so it has deep pages.
        long start = System.nanoTime();
        int bigProducts = products / 10;
        seedTenantBulk(admin, BIG, bigProducts);
        int others = Math.max(1, tenants - 2);
        seedManyTenants(admin, others, products - bigProducts - 250);
        exec(admin, "VACUUM ANALYZE");
        System.out.printf(Locale.ROOT, "%nSeeded %,d more products in %d more tenants in %.1f s.%n",
                products - 250, others + 1, (System.nanoTime() - start) / 1e9);

        results.add(compare("small tenant, page 1, after " + String.format(Locale.ROOT, "%,d", products) + " rows",
                legs(platformTarget, oldPlatformTarget, page1, baselineTarget, page1), seconds, rounds, concurrency));
        String bigPage1 = "/storefront/" + BIG + "/products?limit=20";
        results.add(compare("big tenant, page 1", legs(platformTarget, oldPlatformTarget, bigPage1,
                baselineTarget, bigPage1), seconds, rounds, concurrency));
        Deep deep = deepCursor(platformTarget, admin, Math.min(250, bigProducts * 9 / 10 / 100 - 1));
        System.out.printf(Locale.ROOT, "Deep cursor: after item %,d of the big tenant.%n", deep.position());
        String platformDeep = "/storefront/" + BIG + "/products?limit=20&cursor=" + enc(deep.platformCursor());
        String baselineDeep = "/storefront/" + BIG + "/products?limit=20&afterCreatedAt=" + enc(deep.createdAt())
                + "&afterId=" + deep.id();
        sameItems(platformTarget, platformDeep, List.of(Map.entry(oldPlatformTarget, platformDeep),
                Map.entry(baselineTarget, baselineDeep), Map.entry(baselineTarget, "/one-trip" + baselineDeep)));
        results.add(compare("big tenant, deep page (item " + String.format(Locale.ROOT, "%,d", deep.position()) + ")",
                legs(platformTarget, oldPlatformTarget, platformDeep, baselineTarget, baselineDeep),
                seconds, rounds, concurrency));

        System.out.printf(Locale.ROOT, "%n%-44s %-17s %10s %9s %9s %28s%n", "scenario", "target", "req/s", "p50 ms",
                "p99 ms", "CPU us/req: server, pg, load");
        for (Row row : results) {
            String scenario = row.scenario();
            for (Map.Entry<String, Result> leg : row.results().entrySet()) {
                System.out.printf(Locale.ROOT, "%-44s %-17s %10.0f %9.2f %9.2f %12.0f %7.0f %7.0f%n", scenario,
                        leg.getKey(), leg.getValue().rps(), leg.getValue().p50(), leg.getValue().p99(),
                        leg.getValue().serverCpuUs(), leg.getValue().postgresCpuUs(), leg.getValue().clientCpuUs());
                scenario = "";
            }
        }
        System.out.printf(Locale.ROOT, "%n%-44s %12s %12s %12s %12s%n", "ratios (req/s)", "new/old", "new/1-trip",
                "old/3-trip", "p99 new/old");
        for (Row row : results) {
            System.out.printf(Locale.ROOT, "%-44s %11.2fx %11.2fx %11.2fx %11.2fx%n", row.scenario(),
                    row.rps(NEW) / row.rps(OLD), row.rps(NEW) / row.rps(ONE_TRIP), row.rps(OLD) / row.rps(THREE_TRIPS),
                    row.results().get(NEW).p99() / row.results().get(OLD).p99());
        }
        Row alone = results.get(0);
        Row after = results.get(1);
        Row top = results.get(2);
        Row deepRow = results.get(3);
        for (String leg : List.of(NEW, OLD)) {
            System.out.printf(Locale.ROOT, "%n%s: deep page vs page 1 %.2fx throughput (p50 %.2f vs %.2f ms);"
                            + " small tenant after vs alone %.2fx (p50 %.2f vs %.2f ms).", leg,
                    deepRow.rps(leg) / top.rps(leg), deepRow.results().get(leg).p50(), top.results().get(leg).p50(),
                    after.rps(leg) / alone.rps(leg), after.results().get(leg).p50(), alone.results().get(leg).p50());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Target, HTML front page vs JSON listing: %.2fx %s (>= 0.7)%n", pageRatio,
                pageRatio >= 0.7 ? "met" : "MISSED");
        for (Row row : results) {
            double vsOld = row.rps(NEW) / row.rps(OLD);
            double vsOneTrip = row.rps(NEW) / row.rps(ONE_TRIP);
            boolean p99 = row.results().get(NEW).p99() <= row.results().get(OLD).p99();
            System.out.printf(Locale.ROOT, "Targets, %s: new/old %.2fx %s (>= 1.4), new/1-trip %.2fx %s (>= 0.9),"
                            + " p99 %s%n", row.scenario(), vsOld, vsOld >= 1.4 ? "met" : "MISSED", vsOneTrip,
                    vsOneTrip >= 0.9 ? "met" : "MISSED", p99 ? "no worse: met" : "worse: MISSED");
        }
        for (Target target : List.of(platformTarget, oldPlatformTarget, baselineTarget)) {
            System.out.printf(Locale.ROOT, "%s (-Xmx%s): peak RSS %s, alive %s, non-200 answers %d%n", target.name(),
                    heap, peakRss(target.process()), target.process().isAlive(), target.errors().get());
            if (target.firstError().get() != null) {
                System.out.println("  first: " + abbreviate(target.firstError().get()));
            }
        }
        if (pgStats()) {
            printStatements(admin);
        }
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors()
                + " cores shared by PostgreSQL, the servers and the load generator; medians over rounds.");
    }

    /** {@code --pg-stats true}: PostgreSQL counts every statement (pg_stat_statements), printed at the end. */
    private boolean pgStats() {
        return Boolean.parseBoolean(options.getOrDefault("pg-stats", "false"));
    }

    /** The statements PostgreSQL spent most time on over the whole run, planning and executing, all servers. */
    private static void printStatements(DataSource admin) throws SQLException {
        System.out.printf(Locale.ROOT, "%nStatements by PostgreSQL time (pg_stat_statements, whole run, all servers):%n");
        System.out.printf(Locale.ROOT, "%10s %10s %10s %8s  %s%n", "calls", "plan us", "exec us", "rows", "statement");
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT calls, total_plan_time, total_exec_time, rows, query"
                        + " FROM pg_stat_statements ORDER BY total_plan_time + total_exec_time DESC LIMIT 15")) {
            while (rows.next()) {
                long calls = rows.getLong(1);
                System.out.printf(Locale.ROOT, "%10d %10.1f %10.1f %8.1f  %s%n", calls,
                        rows.getDouble(2) * 1000 / calls, rows.getDouble(3) * 1000 / calls,
                        rows.getDouble(4) / calls, abbreviate(rows.getString(5).replaceAll("\\s+", " ")));
            }
        }
    }

    private static final String NEW = "platform (new)";
    private static final String OLD = "platform (old)";
    private static final String ONE_TRIP = "baseline 1 trip";
    private static final String THREE_TRIPS = "baseline 3 trips";

    /** The four servers and paths of one scenario, in the order of the first round. */
    private static List<Leg> legs(Target platform, Target oldPlatform, String platformPath, Target baseline,
            String baselinePath) {
        return List.of(
                new Leg(THREE_TRIPS, baseline, baselinePath),
                new Leg(ONE_TRIP, baseline, "/one-trip" + baselinePath),
                new Leg(OLD, oldPlatform, platformPath),
                new Leg(NEW, platform, platformPath));
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(key, value);
        return Map.copyOf(copy);
    }

    /** Requests/s of the HTML front page over those of the JSON listing, medians over rounds in alternating order. */
    private double compareHtmlToJson(Target platform, String htmlPath, String jsonPath, int seconds, int rounds,
            int concurrency) throws Exception {
        load(platform, htmlPath, Math.max(10, seconds), concurrency);
        load(platform, jsonPath, Math.max(10, seconds), concurrency);
        List<Result> html = new ArrayList<>();
        List<Result> json = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round % 2 == 0) {
                html.add(load(platform, htmlPath, seconds, concurrency));
                json.add(load(platform, jsonPath, seconds, concurrency));
            } else {
                json.add(load(platform, jsonPath, seconds, concurrency));
                html.add(load(platform, htmlPath, seconds, concurrency));
            }
        }
        Result h = median(html);
        Result j = median(json);
        double ratio = h.rps() / j.rps();
        System.out.printf(Locale.ROOT, "%-44s html %8.0f req/s (p50 %.2f, p99 %.2f ms), json %8.0f req/s (p50 %.2f,"
                        + " p99 %.2f ms); html/json %.2fx%n", "front page HTML vs JSON listing", h.rps(), h.p50(),
                h.p99(), j.rps(), j.p50(), j.p99(), ratio);
        System.out.printf(Locale.ROOT, "%-44s CPU us/req (server, pg, load): html %.0f, %.0f, %.0f; json %.0f, %.0f,"
                        + " %.0f%n", "", h.serverCpuUs(), h.postgresCpuUs(), h.clientCpuUs(), j.serverCpuUs(),
                j.postgresCpuUs(), j.clientCpuUs());
        return ratio;
    }

    private Row compare(String scenario, List<Leg> legs, int seconds, int rounds, int concurrency) throws Exception {
        // Warm every leg up (JIT, pools, caches) before any measured round. Longer before the first scenario: sharing
        // two cores with PostgreSQL and the load generator, the platform's JIT compilers keep a core busy for about
        // 15 s of load (jstat -compiler), so a short warm-up measured compilation rather than serving. 20 s per leg
        // still left every target slower in the first scenario than in the second (same page, more rows): 40 s.
        int warmup = warmedUp ? 3 : Math.max(40, 5 * seconds);
        warmedUp = true;
        for (Leg leg : legs) {
            load(leg.target(), leg.path(), warmup, concurrency);
        }
        Map<String, List<Result>> measured = new java.util.LinkedHashMap<>();
        legs.forEach(leg -> measured.put(leg.label(), new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            // Rotate which goes first so drift (thermal, other builds on the machine) hits every leg alike.
            for (int i = 0; i < legs.size(); i++) {
                Leg leg = legs.get((i + round) % legs.size());
                measured.get(leg.label()).add(load(leg.target(), leg.path(), seconds, concurrency));
            }
        }
        Map<String, Result> medians = new java.util.LinkedHashMap<>();
        measured.forEach((label, results) -> medians.put(label, median(results)));
        Row row = new Row(scenario, medians);
        System.out.printf(Locale.ROOT, "%-44s new %8.0f, old %8.0f, 1-trip %8.0f, 3-trip %8.0f req/s;"
                        + " new/old %.2fx, new/1-trip %.2fx%n", scenario, row.rps(NEW), row.rps(OLD),
                row.rps(ONE_TRIP), row.rps(THREE_TRIPS), row.rps(NEW) / row.rps(OLD),
                row.rps(NEW) / row.rps(ONE_TRIP));
        return row;
    }

    private Result load(Target target, String path, int seconds, int concurrency) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + target.port() + path);
        Histogram histogram = new ConcurrentHistogram(60_000_000_000L, 3);
        AtomicLong count = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(concurrency);
        Cpu cpu0 = Cpu.of(target.process().toHandle(), postgres);
        long begin = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
                    while (System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != 200) {
                                target.error(() -> path + " answered " + response.statusCode() + ": "
                                        + new String(response.body(), StandardCharsets.UTF_8));
                            }
                        } catch (IOException e) {
                            target.error(() -> path + " failed: " + e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        histogram.recordValue(System.nanoTime() - t0);
                        count.incrementAndGet();
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        Cpu used = Cpu.of(target.process().toHandle(), postgres).minus(cpu0);
        long requests = Math.max(1, count.get());
        return new Result(count.get() / elapsed, histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6, used.server() / 1e3 / requests,
                used.postgres() / 1e3 / requests, used.client() / 1e3 / requests);
    }

    private static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::rps));
        Result middle = sorted.get(sorted.size() / 2);
        List<Double> p50 = results.stream().map(Result::p50).sorted().toList();
        List<Double> p99 = results.stream().map(Result::p99).sorted().toList();
        return new Result(middle.rps(), p50.get(p50.size() / 2), p99.get(p99.size() / 2), middle.serverCpuUs(),
                middle.postgresCpuUs(), middle.clientCpuUs());
    }

    /**
     * CPU time used so far, in nanoseconds: by one server process, by PostgreSQL (the postmaster and every backend,
     * which all serve the one leg running) and by this process, the load generator. Differences over a leg, divided by
     * its requests, say where each request's CPU went on a machine whose cores all of them share.
     */
    private record Cpu(long server, long postgres, long client) {
        static Cpu of(ProcessHandle server, java.util.Optional<ProcessHandle> postgres) {
            long pg = postgres.map(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants())
                    .mapToLong(Cpu::nanos).sum()).orElse(0L);
            return new Cpu(nanos(server), pg, nanos(ProcessHandle.current()));
        }

        private static long nanos(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(server - earlier.server, postgres - earlier.postgres, client - earlier.client);
        }
    }

    /**
     * Refuses to measure unless every other target answers its path with the items the platform answers {@code path}
     * with (the next position is left out: the platform's cursor is opaque): a baseline that did less work would
     * flatter itself.
     */
    private void sameItems(Target platform, String path, List<Map.Entry<Target, String>> others) throws Exception {
        JsonNode expected = items(platform, path);
        for (Map.Entry<Target, String> other : others) {
            JsonNode actual = items(other.getKey(), other.getValue());
            if (!actual.equals(expected)) {
                throw new IllegalStateException(other.getKey().name() + " " + other.getValue()
                        + " answers other items than the platform: " + abbreviate(actual.toString()) + " vs "
                        + abbreviate(expected.toString()));
            }
        }
        System.out.println("Same items from every target: " + expected.size() + " on " + path);
    }

    private JsonNode items(Target target, String path) throws Exception {
        return body(target, path).get("items");
    }

    /** The JSON {@code target} answers {@code path} with; anything but 200 stops the run. */
    private JsonNode body(Target target, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.name() + " " + path + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return JSON.readTree(response.body());
    }

    /** Walks the platform's cursors to a deep page, and finds the same position for the baseline in the database. */
    private Deep deepCursor(Target platform, DataSource admin, int pages) throws Exception {
        String cursor = null;
        String lastId = null;
        int position = 0;
        for (int i = 0; i < pages && (cursor != null || i == 0); i++) {
            String path = "/storefront/" + BIG + "/products?limit=100" + (cursor == null ? "" : "&cursor=" + enc(cursor));
            JsonNode body = body(platform, path);
            JsonNode items = body.get("items");
            position += items.size();
            lastId = items.get(items.size() - 1).get("id").asText();
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
        }
        if (cursor == null) {
            throw new IllegalStateException("the big tenant has too few products for a deep page; raise --products");
        }
        try (Connection connection = admin.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT created_at FROM products WHERE id = ?")) {
            select.setObject(1, java.util.UUID.fromString(lastId));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Instant createdAt = rows.getTimestamp(1).toInstant();
                return new Deep(position, cursor, createdAt.toString(), lastId);
            }
        }
    }

    private static void seedTenant(DataSource admin, String slug, String currency, int published, int drafts)
            throws SQLException {
        exec(admin, "INSERT INTO tenants (id, slug, name, default_currency) VALUES (gen_random_uuid(), '" + slug
                + "', '" + slug + "', '" + currency + "')");
        insertProducts(admin, "(SELECT id FROM tenants WHERE slug = '" + slug + "')", published, "published", 0);
        insertProducts(admin, "(SELECT id FROM tenants WHERE slug = '" + slug + "')", drafts, "draft", published);
    }

    private static void seedTenantBulk(DataSource admin, String slug, int count) throws SQLException {
        insertProducts(admin, "(SELECT id FROM tenants WHERE slug = '" + slug + "')", count, "published", 0);
    }

    /** {@code count} products spread evenly over {@code tenants} new tenants; 90% published. */
    private static void seedManyTenants(DataSource admin, int tenants, int count) throws SQLException {
        exec(admin, "INSERT INTO tenants (id, slug, name, default_currency)"
                + " SELECT gen_random_uuid(), 'shop-' || g, 'Shop ' || g,"
                + " (ARRAY['KWD','USD','EUR','JPY'])[1 + g % 4] FROM generate_series(1, " + tenants + ") g");
        exec(admin, "INSERT INTO products (id, tenant_id, category_id, name, slug, description, price, currency,"
                + " status, version, created_at, updated_at)"
                + " SELECT gen_random_uuid(), t.id, NULL, 'Product ' || g, 'product-' || g,"
                + " 'Description of product ' || g, round((g % 100000) / 10.0 + 1,"
                + " (CASE t.default_currency WHEN 'JPY' THEN 0 ELSE 1 END)), NULL,"
                + " CASE WHEN g % 10 = 0 THEN 'draft' ELSE 'published' END, 1,"
                + " now() - g * interval '1 second', now()"
                + " FROM generate_series(1, " + count + ") g"
                + " JOIN (SELECT id, default_currency, row_number() OVER (ORDER BY id) - 1 AS n FROM tenants"
                + "       WHERE slug LIKE 'shop-%') t ON t.n = g % " + tenants);
    }

    /**
     * Prices fit the tenant's currency, as the platform's own writes guarantee (KWD 3 decimals, USD 2): a price the
     * currency cannot express is refused when a page is read (400 from the platform, 500 from the baseline), which
     * would measure error paths instead of pages.
     */
    private static void insertProducts(DataSource admin, String tenantExpr, int count, String status, int offset)
            throws SQLException {
        if (count == 0) {
            return;
        }
        exec(admin, "INSERT INTO products (id, tenant_id, category_id, name, slug, description, price, currency,"
                + " status, version, created_at, updated_at)"
                + " SELECT gen_random_uuid(), t.id, NULL, 'Item ' || g, 'item-' || g,"
                + " 'A fine item number ' || g,"
                + " round((g % 5000) / 8.0 + 0.5, (CASE t.default_currency WHEN 'KWD' THEN 3 WHEN 'JPY' THEN 0"
                + " ELSE 2 END)), NULL, '" + status + "', 1,"
                + " now() - g * interval '1 second', now()"
                + " FROM generate_series(" + (offset + 1) + ", " + (offset + count) + ") g"
                + " CROSS JOIN (SELECT id, default_currency FROM tenants WHERE id = " + tenantExpr + ") t");
    }

    private static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection connection = ds.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql);
        }
    }

    private Process start(String name, String heap, String classpath, List<String> jvmOptions, List<String> mainAndArgs,
            Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.jooq.no-logo=true",
                "-Dorg.jooq.no-tips=true",
                "-cp",
                classpath));
        command.addAll(1, jvmOptions);
        if (options.containsKey("profile") && List.of(options.get("profile").split(",")).contains(name)) {
            command.add(command.size() - 2, "-XX:StartFlightRecording=filename=/tmp/saas-bench-" + name + ".jfr");
        }
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path log = Files.createTempFile("saas-bench-" + name, ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        System.out.println("Started " + name + " (log " + log + ")");
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private void awaitUp(Target target, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!target.process().isAlive()) {
                throw new IllegalStateException(target.name() + " exited with " + target.process().exitValue());
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200); // polling a child process's port: there is nothing to wait on instead
        }
        throw new IllegalStateException(target.name() + " did not come up");
    }

    private static String peakRss(Process process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /** A server under test; counts its failed requests and keeps the first, so that a failing run says why. */
    private record Target(
            String name, int port, Process process, AtomicLong errors, AtomicReference<String> firstError) {
        Target(String name, int port, Process process) {
            this(name, port, process, new AtomicLong(), new AtomicReference<>());
        }

        void error(Supplier<String> description) {
            errors.incrementAndGet();
            if (firstError.get() == null) {
                firstError.compareAndSet(null, description.get());
            }
        }
    }

    /** Requests/s, latency percentiles and CPU microseconds per request by the server, PostgreSQL and the load generator. */
    private record Result(double rps, double p50, double p99, double serverCpuUs, double postgresCpuUs,
            double clientCpuUs) {}

    /** Median results of one scenario, per leg label. */
    private record Row(String scenario, Map<String, Result> results) {
        double rps(String leg) {
            return results.get(leg).rps();
        }
    }

    /** One server and the path it is loaded on. */
    private record Leg(String label, Target target, String path) {}

    private record Deep(int position, String platformCursor, String createdAt, String id) {}
}
