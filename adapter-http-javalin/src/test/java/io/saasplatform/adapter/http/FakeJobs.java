package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.DescriptionJobsUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The jobs port as an in-memory fake: jobs of {@link FakeUseCases#ACME} only, every other tenant sees none. */
final class FakeJobs implements DescriptionJobsUseCase {
    record Start(List<ProductId> productIds, String tone, boolean apply) {}

    final List<Start> starts = new CopyOnWriteArrayList<>();
    private final Map<UUID, JobView> jobs = new ConcurrentHashMap<>();

    void reset() {
        starts.clear();
        jobs.clear();
    }

    @Override
    public JobView start(Actor actor, List<ProductId> productIds, String tone, boolean apply) {
        acme(actor);
        if (productIds != null && productIds.isEmpty()) {
            throw new InvalidValueException("productIds", "productIds must not be empty");
        }
        starts.add(new Start(productIds, tone, apply));
        int total = productIds == null ? 3 : productIds.size();
        JobView job = new JobView(UUID.randomUUID(), "ai-descriptions", JobStatus.QUEUED, total, 0, 0, List.of(),
                FakeUseCases.NOW.plusSeconds(jobs.size()), FakeUseCases.NOW.plusSeconds(jobs.size()), Optional.empty());
        jobs.put(job.id(), job);
        return job;
    }

    /** A finished job with one failed item, to show errors. */
    JobView finishedWithOneError() {
        JobView job = new JobView(UUID.randomUUID(), "ai-descriptions", JobStatus.PARTIALLY_SUCCEEDED, 2, 1, 1,
                List.of(new JobItemError(FakeCatalog.BOOT.id(), "the product no longer exists")), FakeUseCases.NOW,
                FakeUseCases.NOW.plusSeconds(5), Optional.of(FakeUseCases.NOW.plusSeconds(5)));
        jobs.put(job.id(), job);
        return job;
    }

    @Override
    public JobView get(Actor actor, UUID jobId) {
        acme(actor);
        return Optional.ofNullable(jobs.get(jobId)).orElseThrow(() -> new NotFoundException("job"));
    }

    @Override
    public Page<JobView> list(Actor actor, String cursor, Integer limit) {
        acme(actor);
        List<JobView> all = new ArrayList<>(jobs.values());
        all.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
        int size = limit == null ? 20 : limit;
        return new Page<>(all.subList(0, Math.min(size, all.size())),
                all.size() > size ? Optional.of("next") : Optional.empty());
    }

    @Override
    public JobView cancel(Actor actor, UUID jobId) {
        JobView job = get(actor, jobId);
        if (job.status().finished()) {
            throw new ConflictException("job-finished", null, "the job has already finished");
        }
        JobView cancelled = new JobView(job.id(), job.kind(), JobStatus.CANCELLED, job.total(), job.done(),
                job.failed(), job.errors(), job.createdAt(), FakeUseCases.NOW.plusSeconds(60),
                Optional.of(FakeUseCases.NOW.plusSeconds(60)));
        jobs.put(jobId, cancelled);
        return cancelled;
    }

    private static void acme(Actor actor) {
        if (!actor.tenant().equals(FakeUseCases.ACME.id())) {
            throw new NotFoundException("tenant");
        }
    }
}
