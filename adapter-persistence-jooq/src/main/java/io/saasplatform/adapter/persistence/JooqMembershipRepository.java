package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.MEMBERSHIPS;
import static io.saasplatform.adapter.persistence.schema.Tables.USERS;

import io.saasplatform.adapter.persistence.schema.tables.records.MembershipsRecord;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Memberships of the bound tenant (and, inside {@code asUser}, the bound user's own memberships in every tenant). Row-level security is the guard; the explicit {@code tenant_id = ?} predicates
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
                // Only a changed role is a change: saving the role a member has leaves updatedAt alone.
                .set(MEMBERSHIPS.UPDATED_AT, DSL.when(MEMBERSHIPS.ROLE.isDistinctFrom(DSL.excluded(MEMBERSHIPS.ROLE)),
                                DSL.greatest(DSL.field("clock_timestamp()", OffsetDateTime.class),
                                        DSL.coalesce(MEMBERSHIPS.UPDATED_AT, MEMBERSHIPS.CREATED_AT)))
                        .otherwise(MEMBERSHIPS.UPDATED_AT))
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
    public List<Member> listWithEmails() {
        return withEmails(DSL.noCondition());
    }

    @Override
    public Optional<Member> findWithEmail(UserId user) {
        return withEmails(MEMBERSHIPS.USER_ID.eq(user.value())).stream().findFirst();
    }

    private List<Member> withEmails(Condition condition) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl().fetch(withEmailsQuery(transaction.tenantValue(), condition))
                .map(JooqMembershipRepository::toMember);
    }

    /** When the member's role last changed; the join time until then. */
    private static final Field<OffsetDateTime> UPDATED_AT =
            DSL.coalesce(MEMBERSHIPS.UPDATED_AT, MEMBERSHIPS.CREATED_AT).as("member_updated_at");

    /**
     * The statement of {@link #listWithEmails} for {@code tenant} (null: none, no rows). One statement: users carry no
     * row-level security (they exist apart from tenants), memberships' policy keeps the rows to the bound tenant.
     */
    static Select<? extends Record> withEmailsQuery(UUID tenant) {
        return withEmailsQuery(tenant, DSL.noCondition());
    }

    private static Select<? extends Record> withEmailsQuery(UUID tenant, Condition condition) {
        return DSL.select(MEMBERSHIPS.TENANT_ID, MEMBERSHIPS.USER_ID, MEMBERSHIPS.ROLE, MEMBERSHIPS.CREATED_AT,
                        USERS.EMAIL, UPDATED_AT)
                .from(MEMBERSHIPS)
                .join(USERS).on(USERS.ID.eq(MEMBERSHIPS.USER_ID))
                .where(tenant == null ? DSL.falseCondition() : MEMBERSHIPS.TENANT_ID.eq(tenant), condition)
                .orderBy(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.USER_ID);
    }

    /** A row of {@link #withEmailsQuery}. */
    static Member toMember(Record row) {
        return new Member(
                new Membership(new TenantId(row.get(MEMBERSHIPS.TENANT_ID)), new UserId(row.get(MEMBERSHIPS.USER_ID)),
                        Role.parse(row.get(MEMBERSHIPS.ROLE))),
                EmailAddress.of(row.get(USERS.EMAIL)),
                row.get(MEMBERSHIPS.CREATED_AT).toInstant(),
                row.get(UPDATED_AT).toInstant());
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

    @Override
    public int countOwnersForUpdate() {
        Transaction transaction = unitOfWork.transaction();
        // count(*) cannot carry FOR UPDATE, so the owner rows are locked in a derived table and counted outside it. A
        // concurrent demotion waits for this transaction, then re-checks the locked rows (READ COMMITTED) and counts
        // the committed roles: two demotions cannot both see a second owner.
        var owners = DSL.select(MEMBERSHIPS.USER_ID)
                .from(MEMBERSHIPS)
                .where(ofBoundTenant(transaction))
                .and(MEMBERSHIPS.ROLE.eq(Role.OWNER.wireName()))
                .forUpdate()
                .asTable("owners");
        return transaction.dsl().fetchCount(owners);
    }

    @Override
    public List<Membership> ofUser(UserId user) {
        Transaction transaction = unitOfWork.transaction();
        // No tenant predicate: inside asUser the memberships_own_rows_select policy shows this user's rows in every
        // tenant. The user predicate is the bound user's, so asking for anyone else (or outside asUser) reads nothing.
        UUID bound = transaction.userValue();
        return transaction.dsl()
                .selectFrom(MEMBERSHIPS)
                .where(bound == null ? DSL.falseCondition() : MEMBERSHIPS.USER_ID.eq(bound))
                .and(MEMBERSHIPS.USER_ID.eq(user.value()))
                .orderBy(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.TENANT_ID)
                .fetch(JooqMembershipRepository::toDomain);
    }

    private static Condition ofBoundTenant(Transaction transaction) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : MEMBERSHIPS.TENANT_ID.eq(bound);
    }

    static Membership toDomain(MembershipsRecord row) {
        return new Membership(new TenantId(row.getTenantId()), new UserId(row.getUserId()), Role.parse(row.getRole()));
    }
}
