package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.Timestamps.touched;
import static io.saasplatform.adapter.persistence.schema.Tables.JOBS;
import static io.saasplatform.adapter.persistence.schema.Tables.JOB_ITEMS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCTS;

import io.saasplatform.adapter.persistence.schema.tables.records.JobsRecord;
import io.saasplatform.domain.BackgroundWork;
import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Tracked jobs and their items of the bound tenant (row-level security, plus explicit {@code tenant_id = ?}
 * predicates). Creating a job also schedules its first slice in the same transaction.
 */
final class JooqJobRepository implements JobRepository {
    private static final int INSERT_BATCH = 500;

    private final JooqUnitOfWork unitOfWork;

    JooqJobRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void create(Job job, List<ProductId> productIds) {
        DSLContext dsl = unitOfWork.transaction().dsl();
        UUID tenant = tenant();
        dsl.insertInto(JOBS)
                .set(JOBS.TENANT_ID, tenant)
                .set(JOBS.ID, job.id())
                .set(JOBS.KIND, job.kind())
                .set(JOBS.STATUS, job.status().wireName())
                .set(JOBS.TONE, job.tone())
                .set(JOBS.APPLY, job.apply())
                .set(JOBS.TOTAL, job.total())
                .set(JOBS.SUCCEEDED, job.succeeded())
                .set(JOBS.FAILED, job.failed())
                .set(JOBS.CREATED_BY, job.createdBy().value())
                .set(JOBS.CREATED_AT, column(job.createdAt()))
                .set(JOBS.UPDATED_AT, column(job.updatedAt()))
                .set(JOBS.FINISHED_AT, job.finishedAt().map(Timestamps::column).orElse(null))
                .execute();
        for (int from = 0; from < productIds.size(); from += INSERT_BATCH) {
            var insert = dsl.insertInto(JOB_ITEMS, JOB_ITEMS.TENANT_ID, JOB_ITEMS.JOB_ID, JOB_ITEMS.POSITION,
                    JOB_ITEMS.PRODUCT_ID);
            for (int i = from; i < Math.min(productIds.size(), from + INSERT_BATCH); i++) {
                insert = insert.values(tenant, job.id(), i, productIds.get(i).value());
            }
            insert.execute();
        }
        if (!job.status().finished()) {
            ScheduledExecutions.schedule(dsl,
                    new BackgroundWork(BackgroundWork.Kind.JOB_SLICE, unitOfWork.require(), job.id()), job.createdAt());
        }
    }

    @Override
    public Optional<Job> find(UUID id) {
        return unitOfWork.transaction().dsl().selectFrom(JOBS)
                .where(JOBS.TENANT_ID.eq(tenant()), JOBS.ID.eq(id))
                .fetchOptional(JooqJobRepository::toJob);
    }

    @Override
    public List<Job> list(Optional<Keyset> after, int limit) {
        Condition condition = JOBS.TENANT_ID.eq(tenant());
        if (after.isPresent()) {
            condition = condition.and(DSL.row(JOBS.CREATED_AT, JOBS.ID)
                    .lt(column(after.get().createdAt()), after.get().id()));
        }
        return unitOfWork.transaction().dsl().selectFrom(JOBS)
                .where(condition)
                .orderBy(JOBS.CREATED_AT.desc(), JOBS.ID.desc())
                .limit(limit)
                .fetch(JooqJobRepository::toJob);
    }

    @Override
    public List<JobItemError> firstErrors(UUID id, int limit) {
        return unitOfWork.transaction().dsl().select(JOB_ITEMS.PRODUCT_ID, JOB_ITEMS.PROBLEM)
                .from(JOB_ITEMS)
                .where(JOB_ITEMS.TENANT_ID.eq(tenant()), JOB_ITEMS.JOB_ID.eq(id), JOB_ITEMS.STATE.eq("failed"))
                .orderBy(JOB_ITEMS.POSITION)
                .limit(limit)
                .fetch(r -> new JobItemError(new ProductId(r.value1()), r.value2()));
    }

    @Override
    public Set<ProductId> existingProducts(Collection<ProductId> ids) {
        List<UUID> values = new ArrayList<>(ids.size());
        ids.forEach(id -> values.add(id.value()));
        Set<ProductId> found = new HashSet<>();
        unitOfWork.transaction().dsl().select(PRODUCTS.ID)
                .from(PRODUCTS)
                .where(PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.ID.in(values))
                .fetch(r -> found.add(new ProductId(r.value1())));
        return found;
    }

    @Override
    public List<ProductId> productsWithoutDescription(int limit) {
        return unitOfWork.transaction().dsl().select(PRODUCTS.ID)
                .from(PRODUCTS)
                .where(PRODUCTS.TENANT_ID.eq(tenant()),
                        PRODUCTS.DESCRIPTION.isNull().or(DSL.trim(PRODUCTS.DESCRIPTION).eq("")))
                .orderBy(PRODUCTS.CREATED_AT, PRODUCTS.ID)
                .limit(limit)
                .fetch(r -> new ProductId(r.value1()));
    }

    @Override
    public List<Item> nextQueued(UUID id, int limit) {
        return unitOfWork.transaction().dsl().select(JOB_ITEMS.POSITION, JOB_ITEMS.PRODUCT_ID)
                .from(JOB_ITEMS)
                .where(JOB_ITEMS.TENANT_ID.eq(tenant()), JOB_ITEMS.JOB_ID.eq(id), JOB_ITEMS.STATE.eq("queued"))
                .orderBy(JOB_ITEMS.POSITION)
                .limit(limit)
                .fetch(r -> new Item(r.value1(), new ProductId(r.value2())));
    }

    @Override
    public boolean transition(UUID id, Set<JobStatus> from, JobStatus to, Optional<Instant> finishedAt) {
        List<String> fromNames = from.stream().map(JobStatus::wireName).toList();
        return unitOfWork.transaction().dsl().update(JOBS)
                        .set(JOBS.STATUS, to.wireName())
                        .set(JOBS.FINISHED_AT, finishedAt.map(Timestamps::column).orElse(null))
                        // Never before the finish it records (the application's clock may be ahead of the database's).
                        .set(JOBS.UPDATED_AT, finishedAt
                                .map(at -> DSL.greatest(touched(JOBS.UPDATED_AT), DSL.val(column(at))))
                                .orElse(touched(JOBS.UPDATED_AT)))
                        .where(JOBS.TENANT_ID.eq(tenant()), JOBS.ID.eq(id), JOBS.STATUS.in(fromNames))
                        .execute()
                == 1;
    }

    @Override
    public boolean itemSucceeded(UUID id, int position) {
        return settleItem(id, position, "succeeded", null);
    }

    @Override
    public boolean itemFailed(UUID id, int position, String problem) {
        return settleItem(id, position, "failed", problem);
    }

    /** The item's state and the job's counter move together, in the caller's transaction. */
    private boolean settleItem(UUID id, int position, String state, String problem) {
        DSLContext dsl = unitOfWork.transaction().dsl();
        int changed = dsl.update(JOB_ITEMS)
                .set(JOB_ITEMS.STATE, state)
                .set(JOB_ITEMS.PROBLEM, problem)
                .where(JOB_ITEMS.TENANT_ID.eq(tenant()), JOB_ITEMS.JOB_ID.eq(id), JOB_ITEMS.POSITION.eq(position),
                        JOB_ITEMS.STATE.eq("queued"))
                .execute();
        if (changed == 0) {
            return false;
        }
        var counter = state.equals("failed") ? JOBS.FAILED : JOBS.SUCCEEDED;
        dsl.update(JOBS).set(counter, counter.plus(1))
                .set(JOBS.UPDATED_AT, touched(JOBS.UPDATED_AT))
                .where(JOBS.TENANT_ID.eq(tenant()), JOBS.ID.eq(id))
                .execute();
        return true;
    }

    private UUID tenant() {
        return unitOfWork.require().value();
    }

    private static Job toJob(JobsRecord r) {
        return new Job(r.getId(), r.getKind(), JobStatus.fromWire(r.getStatus()), r.getTone(), r.getApply(),
                r.getTotal(), r.getSucceeded(), r.getFailed(), new UserId(r.getCreatedBy()), instant(r.getCreatedAt()),
                instant(r.getUpdatedAt()),
                Optional.ofNullable(r.getFinishedAt()).map(Timestamps::instant));
    }

}
