package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.AI_QUOTA_OVERRIDES;
import static io.saasplatform.adapter.persistence.schema.Tables.AI_USAGE;

import io.saasplatform.application.port.out.AiUsageLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * The AI usage ledger and quota overrides of the bound tenant (row-level security, explicit {@code tenant_id = ?}
 * predicates as in {@link JooqMembershipRepository}). A period is the half-open range [first instant of the month,
 * first instant of the next month) in UTC, one range of the {@code (tenant_id, created_at)} index.
 */
final class JooqAiUsageLedger implements AiUsageLedger {
    private final JooqUnitOfWork unitOfWork;

    JooqAiUsageLedger(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public boolean record(Entry entry) {
        // ON CONFLICT DO NOTHING: a retried settlement is neither an error nor a second charge, and a concurrent
        // duplicate waits for the first to commit, then inserts nothing.
        return unitOfWork.transaction().dsl()
                        .insertInto(AI_USAGE)
                        .set(AI_USAGE.TENANT_ID, unitOfWork.require().value())
                        .set(AI_USAGE.REQUEST_ID, entry.requestId())
                        .set(AI_USAGE.FEATURE, entry.feature())
                        .set(AI_USAGE.MODEL, entry.model())
                        .set(AI_USAGE.PROVIDER, entry.provider())
                        .set(AI_USAGE.INPUT_TOKENS, entry.inputTokens())
                        .set(AI_USAGE.OUTPUT_TOKENS, entry.outputTokens())
                        .set(AI_USAGE.CREATED_AT, column(entry.at()))
                        .onConflict(AI_USAGE.TENANT_ID, AI_USAGE.REQUEST_ID)
                        .doNothing()
                        .execute()
                == 1;
    }

    @Override
    public long usedTokens(YearMonth period) {
        Transaction transaction = unitOfWork.transaction();
        BigDecimal total = transaction.dsl()
                .select(DSL.sum(tokens()))
                .from(AI_USAGE)
                .where(inPeriod(transaction, period))
                .fetchOne()
                .value1();
        return total == null ? 0 : total.longValueExact();
    }

    @Override
    public Tally tally(YearMonth period, Instant recentSince) {
        Objects.requireNonNull(recentSince, "recentSince");
        Transaction transaction = unitOfWork.transaction();
        // One statement, so one snapshot: the total and the ids cannot disagree about a row committing meanwhile.
        var row = transaction.dsl()
                .select(DSL.sum(tokens()),
                        DSL.arrayAgg(AI_USAGE.REQUEST_ID).filterWhere(AI_USAGE.CREATED_AT.ge(column(recentSince))))
                .from(AI_USAGE)
                .where(inPeriod(transaction, period))
                .fetchOne();
        BigDecimal total = row.value1();
        String[] recent = row.value2();
        return new Tally(total == null ? 0 : total.longValueExact(), recent == null ? List.of() : List.of(recent));
    }

    @Override
    public Map<String, Long> totalsByFeature(YearMonth period) {
        Transaction transaction = unitOfWork.transaction();
        Map<String, Long> totals = new LinkedHashMap<>();
        transaction.dsl()
                .select(AI_USAGE.FEATURE, DSL.sum(tokens()))
                .from(AI_USAGE)
                .where(inPeriod(transaction, period))
                .groupBy(AI_USAGE.FEATURE)
                .orderBy(AI_USAGE.FEATURE)
                .forEach(row -> totals.put(row.value1(), row.value2().longValueExact()));
        return Collections.unmodifiableMap(totals);
    }

    @Override
    public OptionalLong monthlyLimitOverride() {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .select(AI_QUOTA_OVERRIDES.MONTHLY_TOKEN_LIMIT)
                .from(AI_QUOTA_OVERRIDES)
                .where(ofBoundTenant(transaction, AI_QUOTA_OVERRIDES.TENANT_ID))
                .fetchOptional(row -> OptionalLong.of(row.value1()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public void setMonthlyLimitOverride(OptionalLong limit) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isPresent() && limit.getAsLong() <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        UUID tenant = unitOfWork.require().value();
        if (limit.isEmpty()) {
            unitOfWork.transaction().dsl()
                    .deleteFrom(AI_QUOTA_OVERRIDES)
                    .where(AI_QUOTA_OVERRIDES.TENANT_ID.eq(tenant))
                    .execute();
            return;
        }
        unitOfWork.transaction().dsl()
                .insertInto(AI_QUOTA_OVERRIDES)
                .set(AI_QUOTA_OVERRIDES.TENANT_ID, tenant)
                .set(AI_QUOTA_OVERRIDES.MONTHLY_TOKEN_LIMIT, limit.getAsLong())
                .onConflict(AI_QUOTA_OVERRIDES.TENANT_ID)
                .doUpdate()
                .set(AI_QUOTA_OVERRIDES.MONTHLY_TOKEN_LIMIT, DSL.excluded(AI_QUOTA_OVERRIDES.MONTHLY_TOKEN_LIMIT))
                .set(AI_QUOTA_OVERRIDES.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }

    private static Field<Long> tokens() {
        return AI_USAGE.INPUT_TOKENS.plus(AI_USAGE.OUTPUT_TOKENS);
    }

    private static Condition inPeriod(Transaction transaction, YearMonth period) {
        OffsetDateTime start = period.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        OffsetDateTime end = period.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        return ofBoundTenant(transaction, AI_USAGE.TENANT_ID)
                .and(AI_USAGE.CREATED_AT.ge(start))
                .and(AI_USAGE.CREATED_AT.lt(end));
    }

    private static Condition ofBoundTenant(Transaction transaction, TableField<?, UUID> tenantId) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : tenantId.eq(bound);
    }
}
