package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import java.util.UUID;

/** Incoming port: background work on media, driven by the worker (db-scheduler). Safe to repeat. */
public interface MediaHousekeeping {
    /** Deletes the object of a deleted or purged asset of {@code tenant}; nothing happens when it is already gone. */
    void deleteObject(TenantId tenant, UUID mediaId);

    /**
     * Deletes the upload if it is still pending (never completed within its time to live) and schedules the deletion
     * of whatever object it left; true when it was deleted.
     */
    boolean expireUpload(TenantId tenant, UUID mediaId);
}
