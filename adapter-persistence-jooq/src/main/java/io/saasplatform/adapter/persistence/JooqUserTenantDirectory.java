package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.MEMBERSHIPS;
import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;

import io.saasplatform.domain.MyTenant;
import io.saasplatform.application.port.out.UserTenantDirectory;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * A user's memberships joined with the tenant directory. Inside {@code asUser} the policy
 * {@code memberships_own_rows_select} shows the bound user's memberships in every tenant and the directory is readable
 * by all; the bound-user predicate states the intent, so asking for anyone else reads nothing.
 */
final class JooqUserTenantDirectory implements UserTenantDirectory {
    private final JooqUnitOfWork unitOfWork;

    JooqUserTenantDirectory(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public List<MyTenant> tenantsOf(UserId user, Optional<Position> after, int limit) {
        Transaction transaction = unitOfWork.transaction();
        UUID bound = transaction.userValue();
        Condition condition = bound == null ? DSL.falseCondition() : MEMBERSHIPS.USER_ID.eq(bound);
        condition = condition.and(MEMBERSHIPS.USER_ID.eq(user.value()));
        if (after.isPresent()) {
            condition = condition.and(DSL.row(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.TENANT_ID)
                    .gt(column(after.get().joinedAt()), after.get().tenantId().value()));
        }
        return transaction.dsl()
                .select(TENANTS.ID, TENANTS.SLUG, TENANTS.NAME, MEMBERSHIPS.ROLE, MEMBERSHIPS.CREATED_AT)
                .from(MEMBERSHIPS)
                .join(TENANTS).on(TENANTS.ID.eq(MEMBERSHIPS.TENANT_ID))
                .where(condition)
                .orderBy(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.TENANT_ID)
                .limit(limit)
                .fetch(row -> new MyTenant(new TenantId(row.value1()), Slug.of(row.value2()), row.value3(),
                        Role.parse(row.value4()), Timestamps.instant(row.value5())));
    }
}
