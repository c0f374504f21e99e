package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.SCHEDULED_TASKS;

import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Writes db-scheduler executions with plain SQL in the caller's transaction, so that work and its announcement commit
 * together (the transactional outbox). The row is exactly what db-scheduler's own {@code schedule} writes for a task
 * without data; an instance id names the work by ids only: {@code <tenant id>/<entity id>}.
 */
final class ScheduledExecutions {
    /** Delivery of one outbox message. */
    static final String OUTBOX_DELIVERY = "outbox-delivery";
    /** The next slice of a tracked job. */
    static final String JOB_SLICE = "job-slice";
    /** Deletion of a deleted media asset's object from object storage. */
    static final String MEDIA_OBJECT_DELETE = "media-object-delete";
    /** The end of a pending upload's time to live: deleted if never completed. */
    static final String MEDIA_UPLOAD_EXPIRY = "media-upload-expiry";

    private ScheduledExecutions() {}

    /** Schedules {@code task} for {@code (tenant, id)} at {@code at}; nothing happens if it is already scheduled. */
    static void schedule(DSLContext dsl, String task, TenantId tenant, UUID id, Instant at) {
        dsl.insertInto(SCHEDULED_TASKS)
                .set(SCHEDULED_TASKS.TASK_NAME, task)
                .set(SCHEDULED_TASKS.TASK_INSTANCE, instanceId(tenant, id))
                .set(SCHEDULED_TASKS.EXECUTION_TIME, column(at))
                .set(SCHEDULED_TASKS.PICKED, false)
                .set(SCHEDULED_TASKS.VERSION, 1L)
                .set(SCHEDULED_TASKS.PRIORITY, (short) 0)
                .onConflictDoNothing()
                .execute();
    }

    static String instanceId(TenantId tenant, UUID id) {
        return tenant.value() + "/" + id;
    }

    /** The ids an instance id names; an {@link IllegalArgumentException} when it is not one of ours. */
    static Ids parse(String instanceId) {
        int slash = instanceId.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a <tenant>/<id> instance: " + instanceId);
        }
        return new Ids(TenantId.parse(instanceId.substring(0, slash)), UUID.fromString(instanceId.substring(slash + 1)));
    }

    record Ids(TenantId tenant, UUID id) {}
}
