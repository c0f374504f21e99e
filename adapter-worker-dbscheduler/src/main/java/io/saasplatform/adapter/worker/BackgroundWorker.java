package io.saasplatform.adapter.worker;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.MailDelivery;
import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.domain.BackgroundWork;
import io.saasplatform.application.port.in.MediaHousekeeping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driving adapter: the background worker, db-scheduler polling {@code scheduled_tasks} with {@code SELECT … FOR UPDATE
 * SKIP LOCKED}, so any number of nodes share the work and each execution runs on one of them at a time (ADR 0011).
 *
 * <p>Executions carry ids only ({@link BackgroundWork}); each one calls an incoming port of the application, which runs
 * its unit of work bound to that tenant as the serving role: row-level security applies to jobs exactly as to
 * requests. Session housekeeping is a recurring execution: one row, so one node runs it per interval. A node that
 * dies stops heartbeating; after {@code missedHeartbeats} intervals another node revives its executions.
 * {@link #close()} stops polling and lets running executions finish up to the drain timeout.
 */
public final class BackgroundWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWorker.class);
    /** Retry delay of an execution that threw (the database was down, say), doubled on each consecutive failure. */
    private static final Duration FAILED_EXECUTION_RETRY = Duration.ofSeconds(5);
    /** The recurring execution that purges sign-in sessions which can no longer be used. */
    static final String SESSION_HOUSEKEEPING = "session-housekeeping";

    /**
     * @param name this node's name in {@code picked_by} (unique per node)
     * @param threads executions run at once on this node
     * @param pollInterval how often an idle node looks for due executions
     * @param heartbeatInterval how often a node marks its running executions alive
     * @param missedHeartbeats heartbeats missed before another node takes an execution over
     * @param drainTimeout how long {@link #close()} waits for running executions
     * @param housekeepingEvery the pause between two runs of session housekeeping (on whichever node picks it)
     */
    public record Settings(String name, int threads, Duration pollInterval, Duration heartbeatInterval,
            int missedHeartbeats, Duration drainTimeout, Duration housekeepingEvery) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (threads < 1 || missedHeartbeats < 4) {
                throw new IllegalArgumentException("threads must be at least 1 and missedHeartbeats at least 4 (db-scheduler)");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            Objects.requireNonNull(housekeepingEvery, "housekeepingEvery");
        }

        /**
         * 10 threads, polled every second, heartbeat every 10 s, taken over after one minute, 20 s drain, housekeeping
         * every 10 minutes.
         */
        public static Settings defaults(String name) {
            return new Settings(name, 10, Duration.ofSeconds(1), Duration.ofSeconds(10), 6, Duration.ofSeconds(20),
                    Duration.ofMinutes(10));
        }
    }

    /** The application's use cases the worker drives. */
    public record UseCases(MailDelivery mail, JobRunner jobs, SessionHousekeeping housekeeping,
            Optional<MediaHousekeeping> media) {
        public UseCases {
            Objects.requireNonNull(mail, "mail");
            Objects.requireNonNull(jobs, "jobs");
            Objects.requireNonNull(housekeeping, "housekeeping");
            Objects.requireNonNull(media, "media");
        }

        /** A node without media: no object deletion or upload expiry tasks. */
        public UseCases(MailDelivery mail, JobRunner jobs, SessionHousekeeping housekeeping) {
            this(mail, jobs, housekeeping, Optional.empty());
        }
    }

    private final DataSource dataSource;
    private final ExecutorService executor;
    private final Scheduler scheduler;
    private boolean closed;

    private BackgroundWorker(DataSource dataSource, ExecutorService executor, Scheduler scheduler) {
        this.dataSource = dataSource;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** A pool size that serves the poller, heartbeats and each execution's completion for {@code threads} threads. */
    public static int poolSize(int threads) {
        return Math.min(threads, 8) + 2;
    }

    /**
     * Starts polling through {@code dataSource}, which connects as the serving role to the database holding
     * {@code scheduled_tasks} (the work itself uses the application's units of work). The worker takes the data source
     * over: {@link #close()} and {@link #kill()} close it when it is {@link AutoCloseable}.
     */
    public static BackgroundWorker start(DataSource dataSource, UseCases useCases, Settings settings) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(useCases, "useCases");
        try {
            ExecutorService executor = Executors.newFixedThreadPool(settings.threads(),
                    Thread.ofPlatform().name("worker-" + settings.name() + "-", 0).factory());
            RecurringTask<Void> housekeeping = housekeepingTask(useCases.housekeeping(), settings.housekeepingEvery());
            List<Task<?>> tasks = new ArrayList<>(List.of(outboxTask(useCases.mail()), jobTask(useCases.jobs())));
            useCases.media().ifPresent(media -> {
                tasks.add(mediaObjectDeleteTask(media));
                tasks.add(mediaUploadExpiryTask(media));
            });
            Scheduler scheduler = Scheduler.create(dataSource, tasks)
                    .startTasks(housekeeping)
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
            return new BackgroundWorker(dataSource, executor, scheduler);
        } catch (RuntimeException e) {
            closeDataSource(dataSource);
            throw e;
        }
    }

    private static CustomTask<Void> outboxTask(MailDelivery mail) {
        return Tasks.custom(BackgroundWork.Kind.OUTBOX_DELIVERY.taskName(), Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    BackgroundWork work = BackgroundWork.parse(BackgroundWork.Kind.OUTBOX_DELIVERY, instance.getId());
                    MailDelivery.Outcome outcome = mail.deliver(work.tenant(), work.id());
                    if (outcome instanceof MailDelivery.RetryAt retry) {
                        return rescheduleAt(retry.at());
                    }
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CustomTask<Void> jobTask(JobRunner jobs) {
        return Tasks.custom(BackgroundWork.Kind.JOB_SLICE.taskName(), Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    BackgroundWork work = BackgroundWork.parse(BackgroundWork.Kind.JOB_SLICE, instance.getId());
                    JobRunner.Next next = jobs.runSlice(work.tenant(), work.id(),
                            () -> context.getSchedulerState().isShuttingDown() || Thread.currentThread().isInterrupted());
                    if (next instanceof JobRunner.ContinueAt continueAt) {
                        return rescheduleAt(continueAt.at());
                    }
                    return (complete, operations) -> operations.remove();
                });
    }

    /**
     * One row for the whole cluster: whichever node picks it runs it, and it is rescheduled {@code every} after it
     * ends, failed or not (a failed run, with the database away, is simply caught up by the next).
     */
    private static RecurringTask<Void> housekeepingTask(SessionHousekeeping housekeeping, Duration every) {
        return Tasks.recurring(SESSION_HOUSEKEEPING, FixedDelay.of(every))
                .execute((instance, context) -> {
                    SessionHousekeeping.Purged purged = housekeeping.purgeStaleSessions();
                    LOG.info("session housekeeping: {} sealed successors cleared, {} dead sessions deleted",
                            purged.sealedSuccessorsCleared(), purged.familiesDeleted());
                });
    }

    private static CustomTask<Void> mediaObjectDeleteTask(MediaHousekeeping media) {
        return Tasks.custom(BackgroundWork.Kind.MEDIA_OBJECT_DELETE.taskName(), Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    BackgroundWork work = BackgroundWork.parse(BackgroundWork.Kind.MEDIA_OBJECT_DELETE, instance.getId());
                    // Throws while the store is unreachable: retried with backoff until the object is gone.
                    media.deleteObject(work.tenant(), work.id());
                    return (complete, operations) -> operations.remove();
                });
    }

    private static CustomTask<Void> mediaUploadExpiryTask(MediaHousekeeping media) {
        return Tasks.custom(BackgroundWork.Kind.MEDIA_UPLOAD_EXPIRY.taskName(), Void.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FAILED_EXECUTION_RETRY))
                .onDeadExecutionRevive()
                .execute((TaskInstance<Void> instance, ExecutionContext context) -> {
                    BackgroundWork work = BackgroundWork.parse(BackgroundWork.Kind.MEDIA_UPLOAD_EXPIRY, instance.getId());
                    media.expireUpload(work.tenant(), work.id());
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
        closeDataSource(dataSource);
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
        closeDataSource(dataSource);
        LOG.info("worker stopped");
    }

    private static void closeDataSource(DataSource dataSource) {
        if (dataSource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("closing the worker's pool failed", e);
            }
        }
    }
}
