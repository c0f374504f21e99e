package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;

import io.saasplatform.adapter.persistence.schema.tables.records.TenantsRecord;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** The tenant directory: readable by everyone, each tenant may change only its own row (RLS and predicate). */
final class JooqTenantRepository implements TenantRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqTenantRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void insert(Tenant tenant) {
        // ON CONFLICT instead of catching the unique violation: a violation would abort the whole transaction, whereas
        // the caller may want to retry with another slug in the same unit of work.
        int inserted = unitOfWork.transaction().dsl()
                .insertInto(TENANTS)
                .set(TENANTS.ID, tenant.id().value())
                .set(TENANTS.SLUG, tenant.slug().value())
                .set(TENANTS.NAME, tenant.name())
                .set(TENANTS.DEFAULT_CURRENCY, tenant.defaultCurrency().value())
                .onConflict(TENANTS.SLUG)
                .doNothing()
                .execute();
        if (inserted == 0) {
            throw new SlugTakenException(tenant.slug());
        }
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        return unitOfWork.transaction().dsl()
                .selectFrom(TENANTS)
                .where(TENANTS.ID.eq(id.value()))
                .fetchOptional(JooqTenantRepository::toDomain);
    }

    @Override
    public Optional<Tenant> findByIdForShare(TenantId id) {
        // FOR SHARE conflicts with the FOR NO KEY UPDATE lock an UPDATE of the default currency takes; FOR KEY SHARE
        // would not.
        return unitOfWork.transaction().dsl()
                .selectFrom(TENANTS)
                .where(TENANTS.ID.eq(id.value()))
                .forShare()
                .fetchOptional(JooqTenantRepository::toDomain);
    }

    @Override
    public Optional<Tenant> findByIdForUpdate(TenantId id) {
        return unitOfWork.transaction().dsl()
                .selectFrom(TENANTS)
                .where(TENANTS.ID.eq(id.value()))
                .forUpdate()
                .fetchOptional(JooqTenantRepository::toDomain);
    }

    @Override
    public Optional<Tenant> findBySlug(Slug slug) {
        return unitOfWork.transaction().dsl()
                .selectFrom(TENANTS)
                .where(TENANTS.SLUG.eq(slug.value()))
                .fetchOptional(JooqTenantRepository::toDomain);
    }

    @Override
    public boolean update(Tenant tenant) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                        .update(TENANTS)
                        .set(TENANTS.NAME, tenant.name())
                        .set(TENANTS.DEFAULT_CURRENCY, tenant.defaultCurrency().value())
                        .set(TENANTS.UPDATED_AT, DSL.currentOffsetDateTime())
                        .where(TENANTS.ID.eq(tenant.id().value()))
                        .and(isBoundTenant(transaction.tenantValue()))
                        .execute()
                == 1;
    }

    private static Condition isBoundTenant(UUID bound) {
        return bound == null ? DSL.falseCondition() : TENANTS.ID.eq(bound);
    }

    static Tenant toDomain(TenantsRecord row) {
        return new Tenant(
                new TenantId(row.getId()),
                Slug.of(row.getSlug()),
                row.getName(),
                CurrencyCode.of(row.getDefaultCurrency()),
                row.getCreatedAt().toInstant(),
                row.getUpdatedAt().toInstant());
    }
}
