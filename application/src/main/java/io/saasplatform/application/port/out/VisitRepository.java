package io.saasplatform.application.port.out;

import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import java.time.LocalDate;
import java.util.List;

/** Outgoing port: tagged storefront visits of the tenant bound to the current {@link UnitOfWork}. */
public interface VisitRepository {
    /** Inserts the visits, all of the bound tenant, in one statement. */
    void insertAll(List<Visit> visits);

    /** Counts per day and source/medium/campaign in {@code [from, to]}, by day then count descending. */
    List<DailyVisits> daily(LocalDate from, LocalDate to);
}
