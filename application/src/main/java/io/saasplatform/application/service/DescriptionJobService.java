package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.DescriptionJobsUseCase;
import io.saasplatform.application.port.in.JobRunner;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.application.port.out.JobRepository.Item;
import io.saasplatform.application.port.out.JobRepository.Job;
import io.saasplatform.application.port.out.JobRepository.Keyset;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Application service: bulk AI descriptions as tracked jobs. Starting one stores the job, its items and its scheduled
 * execution in one transaction; the worker then runs it a slice at a time ({@link JobRunner}), each item metered
 * through {@link MeteredAi} as the job's tenant.
 *
 * <p>No overshoot: every item reserves its estimate before its call; the first refusal stops the job as
 * {@code quota_exhausted} and no further item starts (items already holding a reservation finish within it).
 * Fairness: at most {@link JobSettings#concurrencyPerTenant()} items of one tenant run at once on a node, and a job
 * yields after each slice.
 */
public final class DescriptionJobService implements DescriptionJobsUseCase, JobRunner {
    private static final System.Logger LOG = System.getLogger(DescriptionJobService.class.getName());
    static final String KIND = "ai-descriptions";
    static final int DEFAULT_PAGE = 20;
    static final int MAX_PAGE = 100;
    private static final Set<JobStatus> ACTIVE = EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING);

    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final JobRepository jobs;
    private final AiFeaturesService ai;
    private final JobSettings settings;
    private final Clock clock;
    private final Map<TenantId, Semaphore> inFlight = new ConcurrentHashMap<>();

    public DescriptionJobService(
            UnitOfWork unitOfWork,
            MembershipRepository memberships,
            JobRepository jobs,
            AiFeaturesService ai,
            JobSettings settings,
            Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ai = Objects.requireNonNull(ai, "ai");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public JobView start(Actor actor, List<ProductId> productIds, String tone, boolean apply) {
        Objects.requireNonNull(actor, "actor");
        String checkedTone = AiFeaturesService.tone(tone);
        List<ProductId> requested = productIds == null ? null : distinct(productIds);
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "generating descriptions");
            List<ProductId> items = requested == null
                    ? jobs.productsWithoutDescription(MAX_ITEMS_WITHOUT_IDS)
                    : requireExisting(requested);
            Instant now = now();
            boolean empty = items.isEmpty();
            Job job = new Job(UUID.randomUUID(), KIND, empty ? JobStatus.SUCCEEDED : JobStatus.QUEUED, checkedTone,
                    apply, items.size(), 0, 0, actor.user(), now, now, empty ? Optional.of(now) : Optional.empty());
            jobs.create(job, items);
            return view(job);
        });
    }

    @Override
    public JobView get(Actor actor, UUID jobId) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(jobId, "jobId");
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "reading jobs");
            return view(jobs.find(jobId).orElseThrow(() -> new NotFoundException("job")));
        });
    }

    @Override
    public Page<JobView> list(Actor actor, String cursor, Integer limit) {
        Objects.requireNonNull(actor, "actor");
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_PAGE);
        }
        Optional<Keyset> after = cursor == null ? Optional.empty() : Optional.of(decodeCursor(cursor));
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "reading jobs");
            List<Job> found = jobs.list(after, size + 1);
            List<Job> page = found.size() > size ? found.subList(0, size) : found;
            Optional<String> next = found.size() > size
                    ? Optional.of(encodeCursor(page.getLast()))
                    : Optional.empty();
            return new Page<>(page.stream().map(this::view).toList(), next);
        });
    }

    @Override
    public JobView cancel(Actor actor, UUID jobId) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(jobId, "jobId");
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "cancelling jobs");
            jobs.find(jobId).orElseThrow(() -> new NotFoundException("job"));
            if (!jobs.transition(jobId, ACTIVE, JobStatus.CANCELLED, Optional.of(now()))) {
                throw new ConflictException("job-finished", null, "the job has already finished");
            }
            return view(jobs.find(jobId).orElseThrow());
        });
    }

    @Override
    public Next runSlice(TenantId tenant, UUID jobId, BooleanSupplier stopping) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(jobId, "jobId");
        List<Item> items = unitOfWork.inTenant(tenant, () -> {
            Optional<Job> job = jobs.find(jobId);
            if (job.isEmpty() || job.get().status().finished()) {
                return List.<Item>of();
            }
            jobs.transition(jobId, EnumSet.of(JobStatus.QUEUED), JobStatus.RUNNING, Optional.empty());
            List<Item> next = jobs.nextQueued(jobId, settings.sliceSize());
            if (next.isEmpty()) {
                finish(jobId, job.get());
            }
            return next;
        });
        if (items.isEmpty()) {
            return new Finished();
        }
        Job job = unitOfWork.inTenant(tenant, () -> jobs.find(jobId)).orElseThrow();
        AtomicReference<RuntimeException> stop = new AtomicReference<>();
        Semaphore permits = inFlight.computeIfAbsent(tenant, t -> new Semaphore(settings.concurrencyPerTenant()));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Item item : items) {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (stop.get() != null || stopping.getAsBoolean()) {
                    permits.release();
                    break;
                }
                executor.submit(() -> {
                    try {
                        runItem(tenant, job, item);
                    } catch (QuotaExceededException | ServiceUnavailableException | Interrupted e) {
                        stop.compareAndSet(null, e);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        return afterSlice(tenant, jobId, stop.get());
    }

    private Next afterSlice(TenantId tenant, UUID jobId, RuntimeException stop) {
        if (stop instanceof QuotaExceededException) {
            unitOfWork.runInTenant(tenant,
                    () -> jobs.transition(jobId, ACTIVE, JobStatus.QUOTA_EXHAUSTED, Optional.of(now())));
            return new Finished();
        }
        if (stop instanceof Interrupted) {
            // Shutdown cut the slice short; the item stays queued and runs again, here or on another node.
            return new ContinueAt(clock.instant());
        }
        if (stop instanceof ServiceUnavailableException unavailable) {
            LOG.log(Level.WARNING, "job {0} of tenant {1} waits: {2}", jobId, tenant, unavailable.getMessage());
            return new ContinueAt(clock.instant().plus(settings.unavailableRetryDelay()));
        }
        // The next slice finds the job finished, cancelled, or with items left; it runs at once, after whatever
        // other executions are already due (so other tenants' jobs take their turn).
        return new ContinueAt(clock.instant());
    }

    /**
     * One item: its prompt is read (and the job checked to be still running) in one transaction, the provider called
     * outside any, and the item marked succeeded in the ledger's transaction, so a crash never counts it twice.
     */
    private void runItem(TenantId tenant, Job job, Item item) {
        Optional<CompletionRequest> request = unitOfWork.inTenant(tenant, () -> {
            boolean running = jobs.find(job.id()).map(j -> j.status() == JobStatus.RUNNING).orElse(false);
            if (!running) {
                return Optional.<CompletionRequest>empty();
            }
            Optional<CompletionRequest> prompt = ai.completionRequest(tenant, item.productId(), job.tone());
            if (prompt.isEmpty()) {
                jobs.itemFailed(job.id(), item.position(), "the product no longer exists");
            }
            return prompt;
        });
        if (request.isEmpty()) {
            return;
        }
        try {
            ai.describeForJob(tenant, job.createdBy(), item.productId(), request.get(), job.apply(),
                    () -> jobs.itemSucceeded(job.id(), item.position()));
        } catch (QuotaExceededException e) {
            throw e; // the item stays queued; the slice decides
        } catch (ServiceUnavailableException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Interrupted(e);
            }
            throw e; // the item stays queued; the slice decides
        } catch (NotFoundException e) {
            failItem(tenant, job, item, "the product was deleted during generation");
        } catch (PreconditionFailedException e) {
            failItem(tenant, job, item, "the product changed during generation; run it again");
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Interrupted(e);
            }
            LOG.log(Level.ERROR, "job " + job.id() + " item " + item.position() + " failed", e);
            failItem(tenant, job, item, "generation failed unexpectedly");
        }
    }

    /** The worker is stopping and interrupted an item: not the item's fault, so it stays queued. */
    private static final class Interrupted extends RuntimeException {
        Interrupted(Throwable cause) {
            super("interrupted by shutdown", cause);
        }
    }

    private void failItem(TenantId tenant, Job job, Item item, String problem) {
        unitOfWork.runInTenant(tenant, () -> jobs.itemFailed(job.id(), item.position(), problem));
    }

    /** No item left queued: the final status follows from the counts. */
    private void finish(UUID jobId, Job job) {
        JobStatus status;
        if (job.failed() == 0) {
            status = JobStatus.SUCCEEDED;
        } else if (job.succeeded() == 0) {
            status = JobStatus.FAILED;
        } else {
            status = JobStatus.PARTIALLY_SUCCEEDED;
        }
        jobs.transition(jobId, ACTIVE, status, Optional.of(now()));
    }

    private List<ProductId> requireExisting(List<ProductId> requested) {
        Set<ProductId> existing = jobs.existingProducts(requested);
        for (int i = 0; i < requested.size(); i++) {
            if (!existing.contains(requested.get(i))) {
                throw new InvalidValueException("productIds[" + i + "]",
                        "productIds[" + i + "] is not a product of this shop");
            }
        }
        return requested;
    }

    private static List<ProductId> distinct(List<ProductId> productIds) {
        if (productIds.isEmpty()) {
            throw new InvalidValueException("productIds", "productIds must not be empty; leave it out to describe "
                    + "every product without a description");
        }
        if (productIds.size() > MAX_PRODUCT_IDS) {
            throw new InvalidValueException("productIds", "productIds may name at most " + MAX_PRODUCT_IDS
                    + " products");
        }
        // A repeated id is described once: the job's total counts products, not mentions.
        return new ArrayList<>(new LinkedHashSet<>(productIds));
    }

    private JobView view(Job job) {
        return new JobView(job.id(), job.kind(), job.status(), job.total(), job.succeeded(), job.failed(),
                job.failed() == 0 ? List.of() : jobs.firstErrors(job.id(), MAX_ERRORS_SHOWN), job.createdAt(),
                job.updatedAt(), job.finishedAt());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static String encodeCursor(Job last) {
        String text = last.createdAt() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Keyset decodeCursor(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new Keyset(Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw new InvalidValueException("cursor", "cursor is not one this listing handed out");
        }
    }
}
