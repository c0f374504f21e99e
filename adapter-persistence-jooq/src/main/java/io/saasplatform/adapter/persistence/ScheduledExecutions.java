package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import io.saasplatform.domain.BackgroundWork;
import java.time.Instant;
import org.jooq.DSLContext;

/**
 * Writes db-scheduler executions with plain SQL in the caller's transaction, so that work and its announcement commit
 * together (the transactional outbox). The row is exactly what db-scheduler's own {@code schedule} writes for a task
 * without data; its instance id names the work by ids only ({@link BackgroundWork#instanceId()}), which the worker
 * adapter parses back.
 */
final class ScheduledExecutions {
    private ScheduledExecutions() {}

    /** Schedules {@code work} at {@code at}; nothing happens if it is already scheduled. */
    static void schedule(DSLContext dsl, BackgroundWork work, Instant at) {
        dsl.insertInto(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.TASK_NAME, work.kind().taskName())
                .set(SCHEDULED_TASKS.TASK_INSTANCE, work.instanceId())
                .set(SCHEDULED_TASKS.EXECUTION_TIME, column(at))
                .set(SCHEDULED_TASKS.PICKED, false)
                .set(SCHEDULED_TASKS.VERSION, 1L)
                .set(SCHEDULED_TASKS.PRIORITY, (short) 0)
                .onConflictDoNothing()
                .execute();
    }
}
