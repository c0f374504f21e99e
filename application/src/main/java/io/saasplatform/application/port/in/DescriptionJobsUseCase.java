package io.saasplatform.application.port.in;

import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Incoming port: bulk AI descriptions as tracked background jobs of the caller's tenant (staff and above, like the
 * single-product endpoint). Every item is metered through the AI quota; a job stops as {@code quota_exhausted} when it
 * runs out.
 */
public interface DescriptionJobsUseCase {
    int MAX_PRODUCT_IDS = 1_000;
    /** Products taken when no ids are given (every product without a description), at most. */
    int MAX_ITEMS_WITHOUT_IDS = 10_000;
    int MAX_ERRORS_SHOWN = 20;

    /**
     * Queues a job; nothing is queued when any input is bad.
     *
     * @param productIds the products, or null for every product without a description
     * @throws io.saasplatform.domain.InvalidValueException naming {@code productIds[i]}, {@code productIds} or
     *     {@code tone}
     */
    JobView start(Actor actor, List<ProductId> productIds, String tone, boolean apply);

    JobView get(Actor actor, UUID jobId);

    /** Newest first; {@code cursor} from the previous page, {@code limit} 1–100 (null: 20). */
    Page<JobView> list(Actor actor, String cursor, Integer limit);

    /**
     * Cancels it: items still queued are not run; an item already calling the provider finishes (and is charged).
     *
     * @throws ConflictException when the job has already finished
     */
    JobView cancel(Actor actor, UUID jobId);

    /**
     * A job as the dashboard shows it: {@code done} items succeeded and {@code failed} failed out of {@code total};
     * {@code errors} are the first {@value #MAX_ERRORS_SHOWN} failures.
     */
    record JobView(
            UUID id,
            String kind,
            JobStatus status,
            int total,
            int done,
            int failed,
            List<JobItemError> errors,
            Instant createdAt,
            Instant updatedAt,
            Optional<Instant> finishedAt) {
        public JobView {
            errors = List.copyOf(errors);
        }
    }
}
