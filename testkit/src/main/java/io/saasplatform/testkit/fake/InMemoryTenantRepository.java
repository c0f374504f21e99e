package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Test fake of the {@link TenantRepository} port: the global tenant directory, with unique slugs.
 *
 * <p>Like the database, it reads in any unit of work (the directory is global data), but {@link #update} changes only
 * the tenant bound to the unit of work.
 */
public final class InMemoryTenantRepository implements TenantRepository, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    private Map<TenantId, Tenant> rows = new LinkedHashMap<>();

    public InMemoryTenantRepository(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public void insert(Tenant tenant) {
        unitOfWork.requireActive();
        if (rows.containsKey(tenant.id())) {
            throw new IllegalStateException("duplicate tenant id " + tenant.id());
        }
        if (findBySlug(tenant.slug()).isPresent()) {
            throw new SlugTakenException(tenant.slug());
        }
        Instant now = now();
        rows.put(tenant.id(), tenant.stored(now, now));
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        unitOfWork.requireActive();
        return Optional.ofNullable(rows.get(id));
    }

    /** The fake runs one unit of work at a time, so reading is already as good as holding the lock. */
    @Override
    public Optional<Tenant> findByIdForShare(TenantId id) {
        return findById(id);
    }

    @Override
    public Optional<Tenant> findByIdForUpdate(TenantId id) {
        return findById(id);
    }

    @Override
    public Optional<Tenant> findBySlug(Slug slug) {
        unitOfWork.requireActive();
        return rows.values().stream().filter(t -> t.slug().equals(slug)).findFirst();
    }

    @Override
    public boolean update(Tenant tenant) {
        unitOfWork.requireActive();
        Tenant existing = rows.get(tenant.id());
        if (existing == null || !unitOfWork.current().equals(Optional.of(tenant.id()))) {
            return false;
        }
        // Only name and default currency are updatable; the slug is the tenant's permanent address.
        rows.put(tenant.id(), new Tenant(existing.id(), existing.slug(), tenant.name(), tenant.defaultCurrency(),
                existing.createdAt(), now()));
        return true;
    }

    /** Every stored tenant, bypassing the unit of work: for assertions only, like a superuser query. */
    public List<Tenant> allRows() {
        return List.copyOf(rows.values());
    }

    @Override
    public Object snapshot() {
        return new LinkedHashMap<>(rows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        rows = new LinkedHashMap<>((Map<TenantId, Tenant>) snapshot);
    }

    /** The store's clock, at PostgreSQL's precision (microseconds). */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
