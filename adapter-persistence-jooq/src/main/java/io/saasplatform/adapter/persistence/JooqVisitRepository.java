package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.VISITS;

import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import io.saasplatform.application.port.out.VisitRepository;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.InsertValuesStep7;
import org.jooq.impl.DSL;

/**
 * Tagged storefront visits of the bound tenant. Row-level security is the guard: a visit of another tenant is refused
 * by the policy's {@code WITH CHECK}; the explicit {@code tenant_id = ?} predicate lets the planner use the index.
 */
final class JooqVisitRepository implements VisitRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqVisitRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void insertAll(List<Visit> visits) {
        if (visits.isEmpty()) {
            return;
        }
        Transaction transaction = unitOfWork.transaction();
        var insert = transaction.dsl().insertInto(VISITS, VISITS.TENANT_ID, VISITS.DAY, VISITS.SOURCE,
                VISITS.MEDIUM, VISITS.CAMPAIGN, VISITS.LANDING_PATH, VISITS.REFERRER_HOST);
        InsertValuesStep7<?, UUID, LocalDate, String, String, String, String, String> rows = null;
        for (Visit visit : visits) {
            rows = (rows == null ? insert : rows).values(visit.tenant().value(), visit.day(),
                    visit.source().orElse(null), visit.medium().orElse(null), visit.campaign().orElse(null),
                    visit.landingPath(), visit.referrerHost().orElse(null));
        }
        rows.execute();
    }

    @Override
    public List<DailyVisits> daily(LocalDate from, LocalDate to) {
        Transaction transaction = unitOfWork.transaction();
        Field<Integer> count = DSL.count();
        return transaction.dsl()
                .select(VISITS.DAY, VISITS.SOURCE, VISITS.MEDIUM, VISITS.CAMPAIGN, count)
                .from(VISITS)
                .where(ofBoundTenant(transaction))
                .and(VISITS.DAY.between(from, to))
                .groupBy(VISITS.DAY, VISITS.SOURCE, VISITS.MEDIUM, VISITS.CAMPAIGN)
                .orderBy(VISITS.DAY, count.desc(), VISITS.SOURCE.nullsLast(), VISITS.MEDIUM.nullsLast(),
                        VISITS.CAMPAIGN.nullsLast())
                .fetch(r -> new DailyVisits(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    private static Condition ofBoundTenant(Transaction transaction) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : VISITS.TENANT_ID.eq(bound);
    }
}
