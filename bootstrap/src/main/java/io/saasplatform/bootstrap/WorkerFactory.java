package io.saasplatform.bootstrap;

import io.saasplatform.adapter.aws.LocalMailboxMailer;
import io.saasplatform.adapter.aws.SesMailer;
import io.saasplatform.adapter.persistence.BackgroundWorker;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.MailDelivery;
import io.saasplatform.application.port.in.MediaHousekeeping;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.service.JobSettings;
import io.saasplatform.application.service.OutboxSettings;

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

    /** Starts polling as the serving role; {@link BackgroundWorker#close()} drains it. */
    static BackgroundWorker start(PlatformConfig.Worker worker, DatabaseUrl serving, MailDelivery mail, JobRunner jobs,
            MediaHousekeeping media) {
        return BackgroundWorker.start(serving.jdbcUrl(), serving.user(), serving.password(), mail, jobs, media,
                new BackgroundWorker.Settings(worker.name(), worker.threads(), worker.pollInterval(),
                        worker.heartbeatInterval(), MISSED_HEARTBEATS, worker.drainTimeout()));
    }
}
