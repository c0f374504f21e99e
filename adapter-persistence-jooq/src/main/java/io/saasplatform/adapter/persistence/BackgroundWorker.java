package io.saasplatform.adapter.persistence;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.MailDelivery;
import io.saasplatform.application.port.in.MediaHousekeeping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driving adapter: the background worker, db-scheduler polling {@code scheduled_tasks} with {@code SELECT … FOR UPDATE
 * SKIP LOCKED}, so any number of nodes share the work and each execution runs on one of them at a time (ADR 0009).
 *
 * <p>Executions carry ids only ({@code <tenant>/<id>}); each one calls an incoming port of the application, which runs
 * its unit of work bound to that tenant as the serving role: row-level security applies to jobs exactly as to
 * requests. A node that dies stops heartbeating; after {@code missedHeartbeats} intervals another node revives its
 * executions. {@link #close()} stops polling and lets running executions finish up to the drain timeout.
 */
public final class BackgroundWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWorker.class);
    /** Retry delay of an execution that threw (the database was down, say), doubled on each consecutive failure. */
    private static final Duration FAILED_EXECUTION_RETRY = Duration.ofSeconds(5);

    /**
     * @param name this node's name in {@code picked_by} (unique per node)
     * @param threads executions run at once on this node
     * @param pollInterval how often an idle node looks for due executions
     * @param heartbeatInterval how often a node marks its running executions alive
     * @param missedHeartbeats heartbeats missed before another node takes an execution over
     * @param drainTimeout how long {@link #close()} waits for running executions
     */
    public record Settings(String name, int threads, Duration pollInterval, Duration heartbeatInterval,
            int missedHeartbeats, Duration drainTimeout) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (threads < 1 || missedHeartbeats < 4) {
                throw new IllegalArgumentException("threads must be at least 1 and missedHeartbeats at least 4 (db-scheduler)");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
        }

        /** 10 threads, polled every second, heartbeat every 10 s, taken over after one minute, 20 s drain. */
        public static Settings defaults(String name) {
            return new Settings(name, 10, Duration.ofSeconds(1), Duration.ofSeconds(10), 6, Duration.ofSeconds(20));
        }
    }

    private final HikariDataSource pool;
    private final ExecutorService executor;
    private final Scheduler scheduler;
    private boolean closed;

    private BackgroundWorker(HikariDataSource pool, ExecutorService executor, Scheduler scheduler) {
        this.pool = pool;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /**
     * Starts polling, as the serving role on a small pool of its own (the work itself uses the application's units of
     * work).
     */
    public static BackgroundWorker start(
            String jdbcUrl, String user, String password, MailDelivery mail, JobRunner jobs, Settings settings) {
        return start(jdbcUrl, user, password, mail, jobs, null, settings);
    }

    /**
     * Like {@link #start(String, String, String, MailDelivery, JobRunner, Settings)}, also running the media tasks:
     * deleting the objects of deleted assets and expiring uploads never completed ({@code media} may be null: none).
     */
    public static BackgroundWorker start(String jdbcUrl, String user, String password, MailDelivery mail,
            JobRunner jobs, MediaHousekeeping media, Settings settings) {
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(jobs, "jobs");
        HikariConfig config = new HikariConfig();
        config.setPoolName("worker-" + settings.name());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        // The poller, heartbeats, and each execution's completion: a few connections, used briefly.
        config.setMaximumPoolSize(Math.min(settings.threads(), 8) + 2);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "saas-platform-worker");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            ExecutorService executor = Executors.newFixedThreadPool(settings.threads(),
                    Thread.ofPlatform().name("worker-" + settings.name() + "-", 0).factory());
            List<Task<?>> tasks = new ArrayList<>(List.of(outboxTask(mail), jobTask(jobs)));
            if (media != null) {
                tasks.add(mediaObjectDeleteTask(media));
                tasks.add(mediaUploadExpiryTask(media));
            }
            Scheduler scheduler = Scheduler.create(pool, tasks)
                    .schedulerName(new SchedulerName.Fixed(settings.name()))
                    .executorService(executor)
                    .threads(settings.threads())
                    .pollUsingLockAndFetch(0.5, 1.0)
                    .pollingInterval(settings.pollInterval())
                    .heartbeatInterval(settings.heartbeatInterval())
                    .missedHeartbeatsLimit(settings.missedHeartbeats())
                    .shutdownMaxWait(settings.drainTimeout())
                    .build();
            scheduler.start();
            LOG.info("worker {} polling every {} with {} threads", settings.name(), settings.pollInterval(),
                    settings.threads());
            return new BackgroundWorker(pool, executor, scheduler);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static CustomTask<Void> outboxTask(MailDelivery mail) {
        return Tasks.custom(ScheduledExecutions.OUTBOX_DELIVERY, Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    ScheduledExecutions.Ids ids = ScheduledExecutions.parse(instance.getId());
                    MailDelivery.Outcome outcome = mail.deliver(ids.tenant(), ids.id());
                    if (outcome instanceof MailDelivery.RetryAt retry) {
                        return rescheduleAt(retry.at());
                    }
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CustomTask<Void> jobTask(JobRunner jobs) {
        return Tasks.custom(ScheduledExecutions.JOB_SLICE, Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    ScheduledExecutions.Ids ids = ScheduledExecutions.parse(instance.getId());
                    JobRunner.Next next = jobs.runSlice(ids.tenant(), ids.id(),
                            () -> context.getSchedulerState().isShuttingDown() || Thread.currentThread().isInterrupted());
                    if (next instanceof JobRunner.ContinueAt continueAt) {
                        return rescheduleAt(continueAt.at());
                    }
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CustomTask<Void> mediaObjectDeleteTask(MediaHousekeeping media) {
        return Tasks.custom(ScheduledExecutions.MEDIA_OBJECT_DELETE, Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    ScheduledExecutions.Ids ids = ScheduledExecutions.parse(instance.getId());
                    // Throws while the store is unreachable: retried with backoff until the object is gone.
                    media.deleteObject(ids.tenant(), ids.id());
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CustomTask<Void> mediaUploadExpiryTask(MediaHousekeeping media) {
        return Tasks.custom(ScheduledExecutions.MEDIA_UPLOAD_EXPIRY, Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    ScheduledExecutions.Ids ids = ScheduledExecutions.parse(instance.getId());
                    media.expireUpload(ids.tenant(), ids.id());
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CompletionHandler<Void> rescheduleAt(Instant at) {
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    /** Looks for due executions now instead of at the next poll (useful right after scheduling work). */
    public void wakeUp() {
        scheduler.triggerCheckForDueExecutions();
    }

    /**
     * Stops as a crashed node would: running executions are interrupted and nothing is acknowledged, so their rows
     * stay picked until another node's dead-execution check revives them. For tests and the benchmark.
     */
    public synchronized void kill() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        pool.close();
        try {
            scheduler.stop();
        } catch (RuntimeException expected) {
            // the pool is gone; a crashed node does not clean up either
        }
    }

    /** Stops picking executions, lets running ones finish up to the drain timeout, then closes the pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.stop();
        pool.close();
        LOG.info("worker stopped");
    }
}
