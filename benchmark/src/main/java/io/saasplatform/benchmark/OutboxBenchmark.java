package io.saasplatform.benchmark;

import io.saasplatform.adapter.persistence.DatabaseProvisioner;
import io.saasplatform.adapter.persistence.Migrations;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.saasplatform.adapter.persistence.PostgresConnections;
import io.saasplatform.adapter.worker.BackgroundWorker;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.application.service.MailOutbox;
import io.saasplatform.application.service.OutboxSettings;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The outbox benchmark (issue 10), one run on this machine, printed, not asserted. On an embedded PostgreSQL 18:
 *
 * <ol>
 *   <li><b>Throughput:</b> 10,000 messages enqueued, then drained to a no-op mailer by 1 and by 2 db-scheduler workers
 *       (each its own pools, like separate nodes); messages/s from the first to the last send, and duplicates. Before
 *       each one-worker round, a <b>baseline</b> in the same database: a bare {@code FOR UPDATE SKIP LOCKED} queue
 *       drained by as many threads (lock a row, mark it done, commit). The one-worker/baseline ratio holds still when
 *       the machine is shared; messages/s alone does not.
 *   <li><b>Latency:</b> enqueue-to-delivery p50/p99 while messages are enqueued at a steady rate with the workers
 *       running (commit of the enqueueing transaction to the mailer's call).
 *   <li><b>Cost of the outbox insert</b> in the invitation's unit of work: p50/p99 of the invitation insert alone vs
 *       the insert plus the sealed outbox message and its execution, alternating.
 * </ol>
 *
 * <p>Options: {@code --messages 10000 --rounds 3 --threads 10 --poll-ms 100 --rate 250 --latency-messages 2000
 * --parts tlc} (t throughput, l latency, c cost of the insert).
 */
public final class OutboxBenchmark {
    private static final byte[] KEY = "outbox-benchmark-secret-key-0123456789abcdef".getBytes();

    private final Map<String, String> options;
    /** Which parts to run: t (throughput), l (latency), c (cost of the insert). */
    private String parts = "tlc";
    /** Connections for the baseline queue (as the owner: a table of its own, no tenant, no RLS). */
    private javax.sql.DataSource baselineSource;

    private OutboxBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        new OutboxBenchmark(options).run();
        System.exit(0);
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    /** Counts sends per message (by subject) and when each was first sent. */
    static final class NoOpMailer implements Mailer {
        final Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
        final Map<String, Long> sentAt = new ConcurrentHashMap<>();
        volatile CountDownLatch done = new CountDownLatch(0);

        @Override
        public String send(OutgoingEmail email) {
            long now = System.nanoTime();
            if (sends.computeIfAbsent(email.subject(), s -> new AtomicInteger()).incrementAndGet() == 1) {
                sentAt.put(email.subject(), now);
                done.countDown();
            }
            return "noop";
        }
    }

    private void run() throws Exception {
        int messages = option("messages", 10_000);
        int rounds = option("rounds", 3);
        int threads = option("threads", 10);
        int pollMs = option("poll-ms", 100);
        int rate = option("rate", 250);
        int latencyMessages = option("latency-messages", 2_000);
        parts = options.getOrDefault("parts", "tlc");
        System.out.printf(Locale.ROOT, "Outbox benchmark: %d messages x %d rounds, %d threads per worker, poll %d ms;"
                + " latency at %d msg/s x %d. Machine: %d cores, %s. Load before: %s%n", messages, rounds, threads,
                pollMs, rate, latencyMessages, Runtime.getRuntime().availableProcessors(), Runtime.version(), load());

        Path data = Files.createTempDirectory("saas-outbox-bench");
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(true)
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE saas");
            }
            DatabaseProvisioner provisioner = new DatabaseProvisioner("saas_owner", "saas_app");
            provisioner.provision(pg.getDatabase("postgres", "saas"), "owner-pw", "serving-pw");
            Migrations.migrate(pg.getDatabase(provisioner.ownerRole(), "saas"));
            String jdbc = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/saas";
            baselineSource = pg.getDatabase(provisioner.ownerRole(), "saas");
            benchmark(jdbc, messages, rounds, threads, pollMs, rate, latencyMessages);
        }
        System.out.printf(Locale.ROOT, "Load after: %s%n", load());
    }

    private void benchmark(String jdbc, int messages, int rounds, int threads, int pollMs, int rate,
            int latencyMessages) throws Exception {
        try (PersistenceAdapter app = new PersistenceAdapter(jdbc, "saas_app", "serving-pw", 10)) {
            Tenant tenant = Tenant.open(Slug.of("bench"), "Bench", CurrencyCode.of("USD"));
            app.unitOfWork().runInTenant(tenant.id(), () -> app.tenants().insert(tenant));
            User inviter = app.unitOfWork().withoutTenant(
                    () -> app.users().insertOrGet(User.register(EmailAddress.of("owner@bench.example"))));
            NoOpMailer mailer = new NoOpMailer();
            MailOutbox outbox = outbox(app, mailer);

            // 1. throughput
            for (int workers = 1; workers <= 2 && parts.contains("t"); workers++) {
                List<Double> perSecond = new ArrayList<>();
                List<Double> baseline = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                int duplicates = 0;
                for (int round = 0; round < rounds; round++) {
                    if (workers == 1) {
                        // Measured right before each one-worker round, so that both see the same load on a shared box.
                        baseline.add(baseline(messages, threads));
                    }
                    String prefix = "t" + workers + "-" + round + "-";
                    mailer.done = new CountDownLatch(messages);
                    enqueue(app, outbox, tenant, prefix, messages);
                    List<AutoCloseable> nodes = startWorkers(jdbc, mailer, workers, threads, pollMs);
                    if (!mailer.done.await(10, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("not drained in 10 minutes");
                    }
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    for (int i = 0; i < messages; i++) {
                        long at = mailer.sentAt.get(prefix + i);
                        first = Math.min(first, at);
                        last = Math.max(last, at);
                        duplicates += mailer.sends.get(prefix + i).get() - 1;
                    }
                    stop(nodes);
                    perSecond.add(messages / ((last - first) / 1e9));
                    if (workers == 1) {
                        ratios.add(perSecond.getLast() / baseline.getLast());
                    }
                }
                if (workers == 1) {
                    System.out.printf(Locale.ROOT, "baseline (bare SKIP LOCKED queue: lock one row, mark it done,"
                                    + " commit; %d threads, same run): %,.0f messages/s (median of %s)%n",
                            threads, median(baseline), format(baseline));
                    System.out.printf(Locale.ROOT, "one worker / baseline: %.2f (median of the per-round ratios %s)%n",
                            median(ratios), Arrays.toString(ratios.stream()
                                    .map(r -> String.format(Locale.ROOT, "%.2f", r)).toArray()));
                }
                System.out.printf(Locale.ROOT, "throughput, %d worker(s): %,.0f messages/s (median of %s), duplicates %d%n",
                        workers, median(perSecond), format(perSecond), duplicates);
            }

            // 2. latency at a steady rate
            for (int workers = 1; workers <= 2 && parts.contains("l"); workers++) {
                List<AutoCloseable> nodes = startWorkers(jdbc, mailer, workers, threads, pollMs);
                String prefix = "l" + workers + "-";
                mailer.done = new CountDownLatch(latencyMessages);
                long[] enqueuedAt = new long[latencyMessages];
                long interval = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 0; i < latencyMessages; i++) {
                    long due = start + i * interval;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                    int n = i;
                    app.unitOfWork().runInTenant(tenant.id(), () -> outbox.enqueue(email(prefix + n)));
                    enqueuedAt[i] = System.nanoTime();
                }
                mailer.done.await(5, TimeUnit.MINUTES);
                stop(nodes);
                Histogram latency = new Histogram(3);
                for (int i = 0; i < latencyMessages; i++) {
                    latency.recordValue(Math.max(0, mailer.sentAt.get(prefix + i) - enqueuedAt[i]) / 1_000);
                }
                System.out.printf(Locale.ROOT, "enqueue-to-delivery, %d worker(s), %d msg/s: p50 %.1f ms, p99 %.1f ms%n",
                        workers, rate, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3);
            }

            // 3. what the outbox insert adds to the invitation's unit of work
            Histogram without = new Histogram(3);
            Histogram with = new Histogram(3);
            int samples = parts.contains("c") ? 3_000 : -500;
            for (int i = 0; i < samples + 500; i++) {
                boolean warm = i >= 500;
                long t0 = System.nanoTime();
                app.unitOfWork().runInTenant(tenant.id(), () -> app.invitations().insert(invitation(tenant, inviter),
                        tokenHash()));
                long t1 = System.nanoTime();
                app.unitOfWork().runInTenant(tenant.id(), () -> {
                    app.invitations().insert(invitation(tenant, inviter), tokenHash());
                    outbox.enqueue(email("cost-" + UUID.randomUUID()));
                });
                long t2 = System.nanoTime();
                if (warm) {
                    without.recordValue((t1 - t0) / 1_000);
                    with.recordValue((t2 - t1) / 1_000);
                }
            }
            if (!parts.contains("c")) {
                return;
            }
            System.out.printf(Locale.ROOT, "invitation unit of work: without outbox p50 %.2f ms p99 %.2f ms; with outbox"
                            + " p50 %.2f ms p99 %.2f ms (+%.2f ms at p50)%n",
                    without.getValueAtPercentile(50) / 1e3, without.getValueAtPercentile(99) / 1e3,
                    with.getValueAtPercentile(50) / 1e3, with.getValueAtPercentile(99) / 1e3,
                    (with.getValueAtPercentile(50) - without.getValueAtPercentile(50)) / 1e3);
            System.out.println("(the scheduled deliveries of part 3 are never run: no worker is left)");
        }
    }

    /**
     * The floor a PostgreSQL-backed queue can reach on this machine right now: {@code threads} threads each taking one
     * row with {@code FOR UPDATE SKIP LOCKED}, marking it done and committing, until none is left. The outbox does the
     * same plus the delivery's unit of work, so the ratio says what db-scheduler and the outbox cost over the bare
     * minimum, whatever else the machine is doing.
     */
    private double baseline(int messages, int threads) throws Exception {
        try (Connection c = baselineSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_queue (id bigserial PRIMARY KEY, body bytea NOT NULL,"
                    + " done boolean NOT NULL DEFAULT false)");
            s.execute("TRUNCATE bench_queue");
            s.execute("INSERT INTO bench_queue (body) SELECT convert_to('message ' || n, 'UTF8')"
                    + " FROM generate_series(1, " + messages + ") AS n");
            s.execute("VACUUM ANALYZE bench_queue");
        }
        AtomicInteger taken = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try (Connection c = baselineSource.getConnection();
                        java.sql.PreparedStatement take = c.prepareStatement("SELECT id, body FROM bench_queue"
                                + " WHERE NOT done ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED");
                        java.sql.PreparedStatement ack = c.prepareStatement(
                                "UPDATE bench_queue SET done = true WHERE id = ?")) {
                    c.setAutoCommit(false);
                    while (true) {
                        long id;
                        try (java.sql.ResultSet row = take.executeQuery()) {
                            if (!row.next()) {
                                c.commit();
                                return;
                            }
                            id = row.getLong(1);
                        }
                        ack.setLong(1, id);
                        ack.executeUpdate();
                        c.commit();
                        taken.incrementAndGet();
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (taken.get() != messages) {
            throw new IllegalStateException("baseline took " + taken.get() + " of " + messages);
        }
        return messages / seconds;
    }

    private static MailOutbox outbox(PersistenceAdapter adapter, Mailer mailer) {
        return new MailOutbox(adapter.unitOfWork(), adapter.tenantContext(), adapter.outbox(), mailer, KEY,
                OutboxSettings.DEFAULTS, Clock.systemUTC());
    }

    private static void enqueue(PersistenceAdapter app, MailOutbox outbox, Tenant tenant, String prefix, int messages) {
        for (int from = 0; from < messages; from += 500) {
            int start = from;
            app.unitOfWork().runInTenant(tenant.id(), () -> {
                for (int i = start; i < Math.min(messages, start + 500); i++) {
                    outbox.enqueue(email(prefix + i));
                }
            });
        }
    }

    /** Each worker a node of its own: its own pool for the work, its own scheduler and pool. */
    private static List<AutoCloseable> startWorkers(String jdbc, Mailer mailer, int workers, int threads, int pollMs) {
        List<AutoCloseable> nodes = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            PersistenceAdapter adapter = new PersistenceAdapter(jdbc, "saas_app", "serving-pw", threads);
            nodes.add(adapter);
            JobRunner noJobs = (t, id, stopping) -> new JobRunner.Finished();
            SessionHousekeeping noHousekeeping = () -> new SessionHousekeeping.Purged(0, 0);
            String name = "bench-" + w + "-" + UUID.randomUUID().toString().substring(0, 4);
            nodes.add(BackgroundWorker.start(
                    PostgresConnections.pool("worker-" + name, jdbc, "saas_app", "serving-pw",
                            BackgroundWorker.poolSize(threads)),
                    new BackgroundWorker.UseCases(outbox(adapter, mailer), noJobs, noHousekeeping),
                    new BackgroundWorker.Settings(name, threads, Duration.ofMillis(pollMs), Duration.ofSeconds(10), 6,
                            Duration.ofSeconds(10), Duration.ofHours(1))));
        }
        return nodes;
    }

    private static void stop(List<AutoCloseable> nodes) throws Exception {
        for (AutoCloseable node : nodes.reversed()) {
            node.close();
        }
    }

    private static Invitation invitation(Tenant tenant, User inviter) {
        Instant now = Instant.now();
        return new Invitation(UUID.randomUUID(), tenant.id(), EmailAddress.of("invitee@bench.example"), Role.STAFF,
                inviter.id(), now, now.plusSeconds(3_600), Optional.empty());
    }

    /** Token hashes are unique: a random stand-in for each invitation. */
    private static byte[] tokenHash() {
        byte[] hash = new byte[32];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }

    private static OutgoingEmail email(String subject) {
        return new OutgoingEmail(EmailAddress.of("invitee@bench.example"), subject, "Body of " + subject);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String format(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toArray());
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
