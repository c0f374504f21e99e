package io.saasplatform.adapter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.adapter.persistence.PersistenceAdapter;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox on real PostgreSQL, delivered by real db-scheduler workers: atomic with the invitation,
 * exactly once across two workers, nothing lost when a worker dies mid-batch.
 */
class BackgroundWorkerTest {
    private static final byte[] KEY = new byte[32];
    private static final Duration GENEROUS = Duration.ofSeconds(120);
    private static final SessionHousekeeping NO_HOUSEKEEPING = () -> new SessionHousekeeping.Purged(0, 0);

    private WorkerDatabase database;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Tenant tenant;

    @BeforeEach
    void database() {
        database = WorkerDatabase.create();
        PersistenceAdapter adapter = adapter();
        tenant = Tenant.open(Slug.of("shop-" + UUID.randomUUID().toString().substring(0, 8)), "Shop",
                CurrencyCode.of("USD"));
        adapter.unitOfWork().runInTenant(tenant.id(), () -> adapter.tenants().insert(tenant));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        database.database().drop();
    }

    @Test
    void given_a_failure_after_the_outbox_insert_then_neither_the_invitation_nor_the_message_commits() {
        PersistenceAdapter adapter = adapter();
        MailOutbox outbox = mailOutbox(adapter, new CountingMailer());
        User inviter = adapter.unitOfWork().withoutTenant(
                () -> adapter.users().insertOrGet(User.register(EmailAddress.of("ann@example.com"))));
        Instant now = Instant.now();
        Invitation invitation = new Invitation(UUID.randomUUID(), tenant.id(), EmailAddress.of("bob@example.com"),
                Role.STAFF, inviter.id(), now, now.plusSeconds(60), Optional.empty());

        assertThatThrownBy(() -> adapter.unitOfWork().runInTenant(tenant.id(), () -> {
            adapter.invitations().insert(invitation, new byte[32]);
            outbox.enqueue(email(1));
            throw new IllegalStateException("injected between the outbox insert and the commit");
        })).hasMessageContaining("injected");

        assertThat(count("SELECT count(*) FROM invitations")).isZero();
        assertThat(count("SELECT count(*) FROM outbox_messages")).isZero();
        assertThat(count("SELECT count(*) FROM scheduled_tasks")).isZero();
    }

    @Test
    void given_a_committed_enqueue_then_the_message_and_its_execution_exist_and_carry_ids_only() {
        PersistenceAdapter adapter = adapter();
        MailOutbox outbox = mailOutbox(adapter, new CountingMailer());

        UUID id = adapter.unitOfWork().inTenant(tenant.id(), () -> outbox.enqueue(email(1)));

        assertThat(count("SELECT count(*) FROM outbox_messages WHERE status = 'pending' AND sealed_body IS NOT NULL"))
                .isOne();
        assertThat(count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'outbox-delivery' AND task_instance = '"
                + tenant.id().value() + "/" + id + "' AND task_data IS NULL")).isOne();
    }

    @Test
    void given_two_workers_and_a_thousand_messages_then_each_is_accepted_exactly_once_and_both_work() {
        PersistenceAdapter adapter = adapter();
        CountingMailer mailer = new CountingMailer();
        int messages = 1_000;
        enqueue(adapter, mailer, messages);

        worker("a", mailer, Duration.ofSeconds(30));
        worker("b", mailer, Duration.ofSeconds(30));
        await(() -> count("SELECT count(*) FROM outbox_messages WHERE status = 'delivered'") == messages);

        assertThat(mailer.accepted).hasSize(messages);
        assertThat(mailer.accepted.values()).allMatch(n -> n.get() == 1);
        assertThat(mailer.byWorker.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(count("SELECT count(*) FROM outbox_messages WHERE sealed_body IS NOT NULL")).isZero();
        await(() -> count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'outbox-delivery'") == 0);
    }

    @Test
    void given_a_worker_killed_mid_batch_then_the_other_finishes_its_work_and_nothing_is_lost() throws Exception {
        PersistenceAdapter adapter = adapter();
        int messages = 200;
        CountDownLatch stuck = new CountDownLatch(3);
        // Worker "doomed" hangs in every send (a dead network, say) until it is killed.
        Mailer hanging = email -> {
            stuck.countDown();
            LockSupport.park();
            throw new IllegalStateException("interrupted while sending");
        };
        enqueue(adapter, hanging, messages);
        BackgroundWorker doomed = worker("doomed", hanging, Duration.ofMillis(200));
        assertThat(stuck.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();

        doomed.kill();
        CountingMailer mailer = new CountingMailer();
        worker("survivor", mailer, Duration.ofMillis(200));
        await(() -> count("SELECT count(*) FROM outbox_messages WHERE status = 'delivered'") == messages);

        assertThat(mailer.accepted).hasSize(messages);
        assertThat(mailer.accepted.values()).allMatch(n -> n.get() == 1);
        assertThat(count("SELECT count(*) FROM outbox_messages WHERE status <> 'delivered'")).isZero();
    }

    @Test
    void given_two_workers_then_session_housekeeping_recurs_from_one_row_and_never_runs_on_both_at_once() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<String> nodes = ConcurrentHashMap.newKeySet();
        SessionHousekeeping housekeeping = () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            nodes.add(Thread.currentThread().getName().split("-")[1]);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            running.decrementAndGet();
            runs.incrementAndGet();
            return new SessionHousekeeping.Purged(0, 0);
        };
        worker("a", new CountingMailer(), Duration.ofSeconds(30), housekeeping, Duration.ofMillis(50));
        worker("b", new CountingMailer(), Duration.ofSeconds(30), housekeeping, Duration.ofMillis(50));

        await(() -> runs.get() >= 5);

        assertThat(mostAtOnce.get()).as("one execution row: one node at a time").isOne();
        assertThat(nodes).isNotEmpty().isSubsetOf("a", "b");
        assertThat(count("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'session-housekeeping'")).isOne();
    }

    @Test
    void the_playbook_lists_a_dead_message_as_the_serving_role_and_its_retry_delivers_it() throws SQLException {
        PersistenceAdapter adapter = adapter();
        CountingMailer accepting = new CountingMailer();
        Mailer rejecting = email -> {
            throw new Mailer.PermanentFailure("MessageRejected: not verified");
        };
        UUID id = adapter.unitOfWork().inTenant(tenant.id(), () -> mailOutbox(adapter, rejecting).enqueue(email(7)));
        mailOutbox(adapter, rejecting).deliver(tenant.id(), id);
        String t = tenant.id().value().toString();

        List<String> listed = new ArrayList<>();
        try (Connection connection = database.serving().getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("""
                    CREATE TEMP TABLE dead_messages ON COMMIT DROP AS
                      SELECT NULL::uuid AS tenant_id, NULL::uuid AS id, 0 AS attempts, NULL::text AS last_error,
                             NULL::timestamptz AS dead_at WITH NO DATA""");
            statement.execute("""
                    DO $$
                    DECLARE t uuid;
                    BEGIN
                      FOR t IN SELECT id FROM tenants LOOP
                        PERFORM set_config('app.current_tenant', t::text, true);
                        INSERT INTO dead_messages
                          SELECT tenant_id, id, attempts, last_error, dead_at FROM outbox_messages
                          WHERE tenant_id = t AND status = 'dead';
                      END LOOP;
                    END $$""");
            try (ResultSet rows = statement.executeQuery("SELECT id, last_error FROM dead_messages")) {
                while (rows.next()) {
                    listed.add(rows.getString(1) + " " + rows.getString(2));
                }
            }
            connection.commit();

            // Bound as parameters, never spliced into the SQL, as the playbook tells an operator to do.
            int updated;
            try (PreparedStatement bind = connection.prepareStatement(
                            "SELECT set_config('app.current_tenant', ?, true)");
                    PreparedStatement retry = connection.prepareStatement("UPDATE outbox_messages SET"
                            + " status = 'pending', attempts = 0, last_error = NULL, dead_at = NULL,"
                            + " next_attempt_at = now() WHERE tenant_id = ? AND id = ? AND status = 'dead'"
                            + " AND sealed_body IS NOT NULL");
                    PreparedStatement schedule = connection.prepareStatement("INSERT INTO scheduled_tasks"
                            + " (task_name, task_instance, execution_time, picked, version, priority)"
                            + " VALUES ('outbox-delivery', ?, now(), false, 1, 0) ON CONFLICT DO NOTHING")) {
                bind.setString(1, t.toString());
                bind.execute();
                retry.setObject(1, tenant.id().value());
                retry.setObject(2, id);
                updated = retry.executeUpdate();
                schedule.setString(1, t + "/" + id);
                schedule.executeUpdate();
            }
            connection.commit();
            assertThat(updated).isOne();
        }

        assertThat(listed).singleElement().asString().startsWith(id.toString()).contains("MessageRejected");
        worker("retry", accepting, Duration.ofSeconds(10));
        await(() -> count("SELECT count(*) FROM outbox_messages WHERE status = 'delivered'") == 1);
        assertThat(accepting.accepted).containsOnlyKeys("message 7");
    }

    // --- fixtures

    /** Records each accepted message by subject (unique per message) and which worker's thread sent it. */
    static final class CountingMailer implements Mailer {
        final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> byWorker = new ConcurrentHashMap<>();

        @Override
        public String send(OutgoingEmail email) {
            accepted.computeIfAbsent(email.subject(), s -> new AtomicInteger()).incrementAndGet();
            String worker = Thread.currentThread().getName().split("-")[1];
            byWorker.computeIfAbsent(worker, w -> new AtomicInteger()).incrementAndGet();
            return "id-" + email.subject();
        }
    }

    private PersistenceAdapter adapter() {
        PersistenceAdapter adapter = database.adapter(4);
        toClose.add(adapter);
        return adapter;
    }

    private static MailOutbox mailOutbox(PersistenceAdapter adapter, Mailer mailer) {
        return new MailOutbox(adapter.unitOfWork(), adapter.tenantContext(), adapter.outbox(), mailer, KEY,
                new OutboxSettings(3, Duration.ofMillis(100), Duration.ofMillis(200)), Clock.systemUTC());
    }

    private void enqueue(PersistenceAdapter adapter, Mailer mailer, int messages) {
        MailOutbox outbox = mailOutbox(adapter, mailer);
        for (int from = 0; from < messages; from += 100) {
            int start = from;
            adapter.unitOfWork().runInTenant(tenant.id(), () -> {
                for (int i = start; i < Math.min(messages, start + 100); i++) {
                    outbox.enqueue(email(i));
                }
            });
        }
    }

    /** A worker node of its own: its own pool for the work, its own scheduler. */
    private BackgroundWorker worker(String name, Mailer mailer, Duration heartbeat) {
        return worker(name, mailer, heartbeat, NO_HOUSEKEEPING, Duration.ofHours(1));
    }

    private BackgroundWorker worker(String name, Mailer mailer, Duration heartbeat, SessionHousekeeping housekeeping,
            Duration housekeepingEvery) {
        PersistenceAdapter adapter = adapter();
        JobRunner noJobs = (t, id, stopping) -> new JobRunner.Finished();
        BackgroundWorker worker = BackgroundWorker.start(database.workerPool(name, 4),
                new BackgroundWorker.UseCases(mailOutbox(adapter, mailer), noJobs, housekeeping),
                new BackgroundWorker.Settings(name, 4, Duration.ofMillis(50), heartbeat, 4, Duration.ofSeconds(5),
                        housekeepingEvery));
        toClose.add(worker);
        return worker;
    }

    private static OutgoingEmail email(int n) {
        return new OutgoingEmail(EmailAddress.of("user" + n + "@example.com"), "message " + n, "body " + n);
    }

    private long count(String sql) {
        // As the owner: the serving role sees no tenant rows outside a unit of work, the owner sees them only with
        // the tenant bound, so bind it here too.
        try (Connection connection = database.admin().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + GENEROUS);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

}
