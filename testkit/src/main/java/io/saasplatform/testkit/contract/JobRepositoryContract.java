package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.application.port.out.JobRepository.Item;
import io.saasplatform.application.port.out.JobRepository.Job;
import io.saasplatform.application.port.out.JobRepository.Keyset;
import io.saasplatform.domain.JobItemError;
import io.saasplatform.domain.JobStatus;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.testkit.fixture.Products;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@link JobRepository}, isolation included: a job and its items are stored together or not at all,
 * items settle once and count, status moves only from the states named, listing is newest first by keyset, and
 * another tenant neither sees nor changes a job, nor has its products found.
 */
public abstract class JobRepositoryContract extends PortContractSupport {
    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00.123Z");
    private static final String KIND = "ai-descriptions";

    /**
     * The job repository under test, working in the units of work of {@link #ports()} and seeing its catalog.
     *
     * @return the repository; may be the same instance for every test of a class
     */
    protected abstract JobRepository jobs();

    @Test
    void given_a_created_job_when_finding_it_then_it_reads_back_with_its_items_queued_in_order() {
        Tenant tenant = newTenant();
        List<ProductId> products = List.of(ProductId.random(), ProductId.random(), ProductId.random());
        Job job = queuedJob(newUser(), CREATED, products.size());

        ports().unitOfWork().runInTenant(tenant.id(), () -> jobs().create(job, products));

        assertThat(inTenant(tenant, () -> jobs().find(job.id()))).contains(job);
        assertThat(inTenant(tenant, () -> jobs().nextQueued(job.id(), 10)))
                .containsExactly(new Item(0, products.get(0)), new Item(1, products.get(1)),
                        new Item(2, products.get(2)));
        assertThat(inTenant(tenant, () -> jobs().nextQueued(job.id(), 2))).hasSize(2);
    }

    @Test
    void given_a_unit_of_work_that_fails_after_the_create_then_neither_job_nor_items_are_stored() {
        Tenant tenant = newTenant();
        Job job = queuedJob(newUser(), CREATED, 1);

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(tenant.id(), () -> {
            jobs().create(job, List.of(ProductId.random()));
            throw new IllegalStateException("injected after the create");
        })).hasMessageContaining("injected");

        assertThat(inTenant(tenant, () -> jobs().find(job.id()))).isEmpty();
        assertThat(inTenant(tenant, () -> jobs().nextQueued(job.id(), 10))).isEmpty();
    }

    @Test
    void given_queued_items_when_settling_them_then_each_settles_once_and_the_job_counts_them() {
        Tenant tenant = newTenant();
        List<ProductId> products = List.of(ProductId.random(), ProductId.random(), ProductId.random());
        Job job = created(tenant, queuedJob(newUser(), CREATED, 3), products);

        boolean succeeded = inTenant(tenant, () -> jobs().itemSucceeded(job.id(), 0));
        boolean failed = inTenant(tenant, () -> jobs().itemFailed(job.id(), 2, "the product no longer exists"));
        boolean again = inTenant(tenant, () -> jobs().itemFailed(job.id(), 0, "too late"));

        assertThat(List.of(succeeded, failed, again)).containsExactly(true, true, false);
        assertThat(inTenant(tenant, () -> jobs().find(job.id()))).hasValueSatisfying(found -> {
            assertThat(found.succeeded()).isOne();
            assertThat(found.failed()).isOne();
        });
        assertThat(inTenant(tenant, () -> jobs().nextQueued(job.id(), 10)))
                .containsExactly(new Item(1, products.get(1)));
        assertThat(inTenant(tenant, () -> jobs().firstErrors(job.id(), 20)))
                .containsExactly(new JobItemError(products.get(2), "the product no longer exists"));
    }

    @Test
    void given_a_job_when_its_items_settle_and_its_status_moves_then_updated_at_moves_on_and_created_at_stays() {
        Tenant tenant = newTenant();
        Job job = created(tenant, queuedJob(newUser(), CREATED, 2), List.of(ProductId.random(), ProductId.random()));
        Job stored = inTenant(tenant, () -> jobs().find(job.id())).orElseThrow();

        inTenant(tenant, () -> jobs().itemSucceeded(job.id(), 0));
        Job progressed = inTenant(tenant, () -> jobs().find(job.id())).orElseThrow();
        inTenant(tenant, () -> jobs().transition(job.id(), EnumSet.of(JobStatus.QUEUED), JobStatus.RUNNING,
                Optional.empty()));
        Job running = inTenant(tenant, () -> jobs().find(job.id())).orElseThrow();

        assertThat(stored.updatedAt()).isEqualTo(CREATED);
        assertThat(progressed.updatedAt()).isAfter(stored.updatedAt());
        assertThat(running.updatedAt()).isAfterOrEqualTo(progressed.updatedAt());
        assertThat(List.of(progressed.createdAt(), running.createdAt())).containsOnly(CREATED);
    }

    @Test
    void given_several_failed_items_when_reading_the_first_errors_then_they_come_in_item_order_up_to_the_limit() {
        Tenant tenant = newTenant();
        List<ProductId> products = List.of(ProductId.random(), ProductId.random(), ProductId.random());
        Job job = created(tenant, queuedJob(newUser(), CREATED, 3), products);
        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            jobs().itemFailed(job.id(), 2, "third");
            jobs().itemFailed(job.id(), 0, "first");
            jobs().itemFailed(job.id(), 1, "second");
        });

        assertThat(inTenant(tenant, () -> jobs().firstErrors(job.id(), 2))).containsExactly(
                new JobItemError(products.get(0), "first"), new JobItemError(products.get(1), "second"));
    }

    @Test
    void given_a_status_when_transitioning_then_it_moves_only_from_the_states_named() {
        Tenant tenant = newTenant();
        Job job = created(tenant, queuedJob(newUser(), CREATED, 1), List.of(ProductId.random()));
        Instant finished = CREATED.plusSeconds(60);

        boolean toRunning = inTenant(tenant,
                () -> jobs().transition(job.id(), EnumSet.of(JobStatus.QUEUED), JobStatus.RUNNING, Optional.empty()));
        boolean fromQueuedAgain = inTenant(tenant,
                () -> jobs().transition(job.id(), EnumSet.of(JobStatus.QUEUED), JobStatus.RUNNING, Optional.empty()));
        boolean toCancelled = inTenant(tenant, () -> jobs().transition(job.id(),
                EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING), JobStatus.CANCELLED, Optional.of(finished)));

        assertThat(List.of(toRunning, fromQueuedAgain, toCancelled)).containsExactly(true, false, true);
        assertThat(inTenant(tenant, () -> jobs().find(job.id()))).hasValueSatisfying(found -> {
            assertThat(found.status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(found.finishedAt()).contains(finished);
        });
    }

    @Test
    void given_jobs_when_listing_then_newest_first_and_the_keyset_continues_after_the_last() {
        Tenant tenant = newTenant();
        User user = newUser();
        Job oldest = created(tenant, queuedJob(user, CREATED, 1), List.of(ProductId.random()));
        Job middle = created(tenant, queuedJob(user, CREATED.plusSeconds(1), 1), List.of(ProductId.random()));
        Job newest = created(tenant, queuedJob(user, CREATED.plusSeconds(2), 1), List.of(ProductId.random()));

        List<Job> first = inTenant(tenant, () -> jobs().list(Optional.empty(), 2));
        Job last = first.getLast();
        List<Job> rest = inTenant(tenant,
                () -> jobs().list(Optional.of(new Keyset(last.createdAt(), last.id())), 2));

        assertThat(first).containsExactly(newest, middle);
        assertThat(rest).containsExactly(oldest);
    }

    @Test
    void given_products_of_two_tenants_when_checking_ids_then_only_the_bound_tenants_are_found() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        Product own = product(tenant, "Own boot", CREATED, false);
        Product foreign = product(other, "Foreign boot", CREATED, false);
        ProductId madeUp = ProductId.random();

        Set<ProductId> found = inTenant(tenant,
                () -> jobs().existingProducts(List.of(own.id(), foreign.id(), madeUp)));

        assertThat(found).containsExactly(own.id());
    }

    @Test
    void given_products_with_and_without_description_then_those_without_come_oldest_first_and_only_the_tenants() {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        Product newer = product(tenant, "Newer boot", CREATED.plusSeconds(2), false);
        product(tenant, "Described boot", CREATED.plusSeconds(1), true);
        Product older = product(tenant, "Older boot", CREATED, false);
        product(other, "Foreign boot", CREATED, false);

        assertThat(inTenant(tenant, () -> jobs().productsWithoutDescription(10)))
                .containsExactly(older.id(), newer.id());
        assertThat(inTenant(tenant, () -> jobs().productsWithoutDescription(1))).containsExactly(older.id());
    }

    @Test
    void given_another_tenants_job_then_it_is_invisible_and_unchangeable() {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        Job job = created(owner, queuedJob(newUser(), CREATED, 1), List.of(ProductId.random()));

        assertThat(inTenant(other, () -> jobs().find(job.id()))).isEmpty();
        assertThat(inTenant(other, () -> jobs().list(Optional.empty(), 10))).isEmpty();
        assertThat(inTenant(other, () -> jobs().nextQueued(job.id(), 10))).isEmpty();
        assertThat(inTenant(other, () -> jobs().itemSucceeded(job.id(), 0))).isFalse();
        assertThat(inTenant(other, () -> jobs().transition(job.id(), EnumSet.of(JobStatus.QUEUED),
                JobStatus.CANCELLED, Optional.of(CREATED)))).isFalse();

        assertThat(inTenant(owner, () -> jobs().find(job.id()))).contains(job);
        assertThat(inTenant(owner, () -> jobs().nextQueued(job.id(), 10))).hasSize(1);
    }

    @Test
    void given_no_tenant_bound_when_creating_a_job_then_it_is_refused() {
        Job job = queuedJob(newUser(), CREATED, 1);

        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
            jobs().create(job, List.of(ProductId.random()));
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }

    private Job created(Tenant tenant, Job job, List<ProductId> products) {
        ports().unitOfWork().runInTenant(tenant.id(), () -> jobs().create(job, products));
        return job;
    }

    private static Job queuedJob(User createdBy, Instant createdAt, int total) {
        return new Job(UUID.randomUUID(), KIND, JobStatus.QUEUED, "friendly", true, total, 0, 0, createdBy.id(),
                createdAt, createdAt, Optional.empty());
    }

    private Product product(Tenant tenant, String name, Instant createdAt, boolean described) {
        Product product = Products.publishedValue(name, "4.250", createdAt);
        Product stored = described ? product.withDescription(Optional.of("Warm and dry."), createdAt) : product;
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().catalog().insertProduct(stored));
        return stored;
    }

    private <T> T inTenant(Tenant tenant, java.util.function.Supplier<T> work) {
        return ports().unitOfWork().inTenant(tenant.id(), work);
    }
}
