package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Incoming port of the worker: runs tracked jobs a slice at a time, so that long jobs take turns with others. */
public interface JobRunner {
    /**
     * Runs the next items of the job, as its tenant, and says when to run the rest. Stops early (leaving items queued,
     * to be run later) when {@code stopping} turns true, e.g. on shutdown.
     */
    Next runSlice(TenantId tenant, UUID jobId, BooleanSupplier stopping);

    /** What the worker does after a slice. */
    sealed interface Next {}

    /** The job is finished (or gone): forget the execution. */
    record Finished() implements Next {}

    /** Items remain: run the next slice at {@code at} (now, or later after a transient outage). */
    record ContinueAt(Instant at) implements Next {}
}
