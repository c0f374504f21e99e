package io.saasplatform.bootstrap;

import io.saasplatform.adapter.aws.LocalMailboxMailer;
import io.saasplatform.adapter.aws.SesMailer;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.saasplatform.adapter.persistence.PostgresConnections;
import io.saasplatform.adapter.worker.BackgroundWorker;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.MailDelivery;
import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.application.port.in.MediaHousekeeping;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.service.AuthSettings;
import io.saasplatform.application.service.JobSettings;
import io.saasplatform.application.service.OutboxSettings;
import io.saasplatform.application.service.SessionHousekeepingService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Composition of background work: the mailer the worker delivers through, the outbox and job settings, and the
 * db-scheduler worker itself ({@code APP_ROLE=all|worker}).
 */
final class WorkerFactory {
    /** Heartbeats a node may miss before another node takes its executions over. */
    static final int MISSED_HEARTBEATS = 6;

    private WorkerFactory() {}

    /** Amazon SES when {@code SES_FROM_EMAIL} is set, else the local mailbox ({@code $DATA_DIR/mailbox/*.eml}). */
    static Mailer mailer(PlatformConfig config) {
        if (config.ses().isPresent()) {
            PlatformConfig.Ses ses = config.ses().get();
            return new SesMailer(SesMailer.Settings.of(ses.fromEmail(), ses.maxSendRate())
                    .withRegionAndEndpoint(ses.region(), ses.endpoint()));
        }
        // Bodies carry invitation tokens: logged only in a development mode that was asked for (issue 9, item 8).
        return new LocalMailboxMailer(config.dataDir().resolve("mailbox"), config.logsMailContents());
    }

    static OutboxSettings outboxSettings(PlatformConfig.Worker worker) {
        return new OutboxSettings(worker.outboxMaxAttempts(), worker.outboxFirstRetry(), worker.outboxMaxRetry());
    }

    static JobSettings jobSettings(PlatformConfig.Worker worker) {
        return new JobSettings(worker.jobSliceSize(), worker.jobConcurrencyPerTenant(), worker.jobUnavailableRetry());
    }

    /** How often sealed refresh successors and dead sessions are purged (by whichever worker node picks it). */
    static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(10);

    /** Session housekeeping over the refresh-token store alone: a worker node has no sign-in machinery. */
    static SessionHousekeeping housekeeping(PlatformConfig config, PersistenceAdapter persistence) {
        return new SessionHousekeepingService(
                AuthSettings.defaults(config.secretKey()).withGraceWindow(config.refreshGraceWindow()),
                Clock.systemUTC(), persistence.unitOfWork(), persistence.refreshTokens());
    }

    /** Starts polling as the serving role on a small pool of its own; {@link BackgroundWorker#close()} drains it. */
    static BackgroundWorker start(PlatformConfig.Worker worker, DatabaseUrl serving, MailDelivery mail, JobRunner jobs,
            SessionHousekeeping housekeeping, MediaHousekeeping media) {
        DataSource pool = PostgresConnections.pool("worker-" + worker.name(), serving.jdbcUrl(), serving.user(),
                serving.password(), BackgroundWorker.poolSize(worker.threads()));
        return BackgroundWorker.start(pool, new BackgroundWorker.UseCases(mail, jobs, housekeeping, Optional.of(media)),
                new BackgroundWorker.Settings(worker.name(), worker.threads(), worker.pollInterval(),
                        worker.heartbeatInterval(), MISSED_HEARTBEATS, worker.drainTimeout(), HOUSEKEEPING_EVERY));
    }
}
