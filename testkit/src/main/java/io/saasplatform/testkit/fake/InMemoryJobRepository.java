package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Test fake of the {@link JobRepository} port that mimics row-level security (only the bound tenant's jobs, and its
 * products in {@link InMemoryCatalogRepository}, are visible; writing without a bound tenant throws) and takes part in
 * in-memory transactions, so a rolled-back unit of work leaves no job behind. It schedules nothing: a test drives the
 * job's slices itself.
 */
public final class InMemoryJobRepository implements JobRepository, InMemoryUnitOfWork.Participant {
    /** Newest first, ties broken by id as PostgreSQL orders uuids (its canonical text order). */
    private static final Comparator<Job> NEWEST_FIRST = Comparator.comparing(Job::createdAt)
            .thenComparing(job -> job.id().toString())
            .reversed();

    private record ItemRow(ProductId productId, String state, String problem) {}

    private record JobRow(TenantId tenant, Job job, List<ItemRow> items) {
        JobRow copy() {
            return new JobRow(tenant, job, new ArrayList<>(items));
        }
    }

    private final InMemoryUnitOfWork unitOfWork;
    private final InMemoryCatalogRepository catalog;
    private final Clock clock;
    private Map<UUID, JobRow> rows = new LinkedHashMap<>();

    public InMemoryJobRepository(InMemoryUnitOfWork unitOfWork, InMemoryCatalogRepository catalog) {
        this(unitOfWork, catalog, Clock.systemUTC());
    }

    /** {@code clock} stands for the database's: every change sets {@code updatedAt} to it, never backwards. */
    public InMemoryJobRepository(InMemoryUnitOfWork unitOfWork, InMemoryCatalogRepository catalog, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        unitOfWork.register(this);
    }

    @Override
    public void create(Job job, List<ProductId> productIds) {
        TenantId tenant = unitOfWork.require();
        if (rows.containsKey(job.id())) {
            throw new IllegalStateException("duplicate key: job " + job.id());
        }
        List<ItemRow> items = new ArrayList<>();
        productIds.forEach(id -> items.add(new ItemRow(id, "queued", null)));
        rows.put(job.id(), new JobRow(tenant, job, items));
    }

    @Override
    public Optional<Job> find(UUID id) {
        return visible(id).map(JobRow::job);
    }

    @Override
    public List<Job> list(Optional<Keyset> after, int limit) {
        Optional<TenantId> bound = unitOfWork.current();
        return rows.values().stream()
                .filter(row -> bound.equals(Optional.of(row.tenant())))
                .map(JobRow::job)
                .filter(job -> after.map(keyset -> NEWEST_FIRST.compare(job, keysetJob(keyset)) > 0).orElse(true))
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    @Override
    public List<JobItemError> firstErrors(UUID id, int limit) {
        return visible(id).stream()
                .flatMap(row -> row.items().stream())
                .filter(item -> item.state().equals("failed"))
                .limit(limit)
                .map(item -> new JobItemError(item.productId(), item.problem()))
                .toList();
    }

    @Override
    public Set<ProductId> existingProducts(Collection<ProductId> ids) {
        return ids.stream().filter(id -> catalog.findProduct(id).isPresent()).collect(Collectors.toSet());
    }

    @Override
    public List<ProductId> productsWithoutDescription(int limit) {
        return catalog.allProducts().stream()
                .filter(product -> catalog.findProduct(product.id()).isPresent())
                .filter(product -> product.description().isEmpty())
                .sorted(Comparator.comparing(Product::createdAt).thenComparing(product -> product.id().toString()))
                .limit(limit)
                .map(Product::id)
                .toList();
    }

    @Override
    public List<Item> nextQueued(UUID id, int limit) {
        List<Item> queued = new ArrayList<>();
        visible(id).ifPresent(row -> {
            for (int position = 0; position < row.items().size() && queued.size() < limit; position++) {
                if (row.items().get(position).state().equals("queued")) {
                    queued.add(new Item(position, row.items().get(position).productId()));
                }
            }
        });
        return queued;
    }

    @Override
    public boolean transition(UUID id, Set<JobStatus> from, JobStatus to, Optional<Instant> finishedAt) {
        Optional<JobRow> row = visible(id).filter(r -> from.contains(r.job().status()));
        row.ifPresent(r -> rows.put(id, new JobRow(r.tenant(), withStatus(r.job(), to, finishedAt), r.items())));
        return row.isPresent();
    }

    @Override
    public boolean itemSucceeded(UUID id, int position) {
        return settle(id, position, "succeeded", null);
    }

    @Override
    public boolean itemFailed(UUID id, int position, String problem) {
        return settle(id, position, "failed", Objects.requireNonNull(problem, "problem"));
    }

    private boolean settle(UUID id, int position, String state, String problem) {
        Optional<JobRow> row = visible(id)
                .filter(r -> position >= 0 && position < r.items().size())
                .filter(r -> r.items().get(position).state().equals("queued"));
        row.ifPresent(r -> {
            r.items().set(position, new ItemRow(r.items().get(position).productId(), state, problem));
            Job job = r.job();
            boolean failed = state.equals("failed");
            rows.put(id, new JobRow(r.tenant(), new Job(job.id(), job.kind(), job.status(), job.tone(), job.apply(),
                    job.total(), job.succeeded() + (failed ? 0 : 1), job.failed() + (failed ? 1 : 0), job.createdBy(),
                    job.createdAt(), touched(job), job.finishedAt()), r.items()));
        });
        return row.isPresent();
    }

    private Job withStatus(Job job, JobStatus status, Optional<Instant> finishedAt) {
        return new Job(job.id(), job.kind(), status, job.tone(), job.apply(), job.total(), job.succeeded(),
                job.failed(), job.createdBy(), job.createdAt(),
                finishedAt.filter(at -> at.isAfter(touched(job))).orElse(touched(job)), finishedAt);
    }

    private Instant touched(Job job) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isAfter(job.updatedAt()) ? now : job.updatedAt();
    }

    private static Job keysetJob(Keyset keyset) {
        return new Job(keyset.id(), "", JobStatus.QUEUED, null, false, 0, 0, 0, null, keyset.createdAt(),
                keyset.createdAt(), Optional.empty());
    }

    private Optional<JobRow> visible(UUID id) {
        Optional<TenantId> bound = unitOfWork.current();
        return Optional.ofNullable(rows.get(id)).filter(row -> bound.equals(Optional.of(row.tenant())));
    }

    @Override
    public Object snapshot() {
        Map<UUID, JobRow> copy = new LinkedHashMap<>();
        rows.forEach((id, row) -> copy.put(id, row.copy()));
        return copy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        rows = new LinkedHashMap<>();
        ((Map<UUID, JobRow>) snapshot).forEach((id, row) -> rows.put(id, row.copy()));
    }
}
