package io.saasplatform.application.port.out;

import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Outgoing port: tracked jobs of the tenant bound to the current {@link UnitOfWork}, and their items. */
public interface JobRepository {
    /** Stores the job with one queued item per product, in order, and schedules its first run (same transaction). */
    void create(Job job, List<ProductId> productIds);

    Optional<Job> find(UUID id);

    /** Newest first, strictly after {@code after} when given. */
    List<Job> list(Optional<Keyset> after, int limit);

    /** The job's first failed items, in item order. */
    List<JobItemError> firstErrors(UUID id, int limit);

    /** The given products that the bound tenant has (another tenant's id is as unknown as a made-up one). */
    Set<ProductId> existingProducts(Collection<ProductId> ids);

    /** Products without a description, oldest first. */
    List<ProductId> productsWithoutDescription(int limit);

    /** The job's next queued items, in order. */
    List<Item> nextQueued(UUID id, int limit);

    /** Moves the status from {@code from} to {@code to} (with {@code finishedAt} when final); false if it was not {@code from}. */
    boolean transition(UUID id, Set<JobStatus> from, JobStatus to, Optional<Instant> finishedAt);

    /** Marks a queued item succeeded and counts it; false if it was not queued. */
    boolean itemSucceeded(UUID id, int position);

    /** Marks a queued item failed with the problem and counts it; false if it was not queued. */
    boolean itemFailed(UUID id, int position, String problem);

    record Job(
            UUID id,
            String kind,
            JobStatus status,
            String tone,
            boolean apply,
            int total,
            int succeeded,
            int failed,
            UserId createdBy,
            Instant createdAt,
            Instant updatedAt,
            Optional<Instant> finishedAt) {}

    record Item(int position, ProductId productId) {}

    /** Position in the newest-first listing. */
    record Keyset(Instant createdAt, UUID id) {}
}
