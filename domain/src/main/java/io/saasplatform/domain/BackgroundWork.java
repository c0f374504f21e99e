package io.saasplatform.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Domain value: one unit of background work done for a tenant, named by ids only (never tenant data), as the scheduler
 * stores it. The driven adapter that schedules work in the business transaction and the driving adapter (the worker)
 * that runs it agree on this format and on nothing else.
 *
 * @param kind what to run
 * @param tenant whose unit of work the run binds
 * @param id the outbox message, the job or the media asset
 */
public record BackgroundWork(Kind kind, TenantId tenant, UUID id) {
    /** The kinds of background work, by the task name the scheduler keeps. */
    public enum Kind {
        /** Delivery of one outbox message. */
        OUTBOX_DELIVERY,
        /** The next slice of a tracked job. */
        JOB_SLICE,
        /** Deletion of a deleted media asset's object from object storage. */
        MEDIA_OBJECT_DELETE,
        /** The end of a pending upload's time to live: deleted if never completed. */
        MEDIA_UPLOAD_EXPIRY;

        /** The scheduler's task name: {@code outbox-delivery}, {@code job-slice}. */
        public String taskName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public BackgroundWork {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(id, "id");
    }

    /** The execution's instance id: {@code <tenant id>/<entity id>}. */
    public String instanceId() {
        return tenant.value() + "/" + id;
    }

    /** The work an execution names; an {@link IllegalArgumentException} when the instance id is not one of ours. */
    public static BackgroundWork parse(Kind kind, String instanceId) {
        int slash = instanceId.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a <tenant>/<id> instance: " + instanceId);
        }
        return new BackgroundWork(kind, TenantId.parse(instanceId.substring(0, slash)),
                UUID.fromString(instanceId.substring(slash + 1)));
    }
}
