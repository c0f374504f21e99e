package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.MEMBERSHIPS;

import io.saasplatform.adapter.persistence.schema.tables.records.MembershipsRecord;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Memberships of the bound tenant. Row-level security is the guard; the explicit {@code tenant_id = ?} predicates
 * state the intent and let the planner use the primary key even without the policy.
 */
final class JooqMembershipRepository implements MembershipRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqMembershipRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void save(Membership membership) {
        Transaction transaction = unitOfWork.transaction();
        // No Java-side tenant check on purpose: a row of another tenant goes to PostgreSQL, whose WITH CHECK refuses it
        // (RowLevelSecurityViolationException), so the tests exercise the real guard.
        transaction.dsl()
                .insertInto(MEMBERSHIPS)
                .set(MEMBERSHIPS.TENANT_ID, membership.tenantId().value())
                .set(MEMBERSHIPS.USER_ID, membership.userId().value())
                .set(MEMBERSHIPS.ROLE, membership.role().wireName())
                .onConflict(MEMBERSHIPS.TENANT_ID, MEMBERSHIPS.USER_ID)
                .doUpdate()
                .set(MEMBERSHIPS.ROLE, DSL.excluded(MEMBERSHIPS.ROLE))
                .where(ofBoundTenant(transaction))
                .execute();
    }

    @Override
    public Optional<Membership> find(UserId user) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(MEMBERSHIPS)
                .where(ofBoundTenant(transaction))
                .and(MEMBERSHIPS.USER_ID.eq(user.value()))
                .fetchOptional(JooqMembershipRepository::toDomain);
    }

    @Override
    public List<Membership> list() {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(MEMBERSHIPS)
                .where(ofBoundTenant(transaction))
                .orderBy(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.USER_ID)
                .fetch(JooqMembershipRepository::toDomain);
    }

    @Override
    public boolean remove(UserId user) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                        .deleteFrom(MEMBERSHIPS)
                        .where(ofBoundTenant(transaction))
                        .and(MEMBERSHIPS.USER_ID.eq(user.value()))
                        .execute()
                > 0;
    }

    private static Condition ofBoundTenant(Transaction transaction) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : MEMBERSHIPS.TENANT_ID.eq(bound);
    }

    private static Membership toDomain(MembershipsRecord row) {
        return new Membership(new TenantId(row.getTenantId()), new UserId(row.getUserId()), Role.parse(row.getRole()));
    }
}
