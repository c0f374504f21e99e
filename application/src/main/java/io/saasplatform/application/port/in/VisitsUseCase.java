package io.saasplatform.application.port.in;

import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import java.time.LocalDate;
import java.util.List;

/**
 * Incoming port: storefront visits that arrived through a tagged link ({@code utm_source}, {@code utm_medium},
 * {@code utm_campaign}), recorded without any personal data (no address, cookie or user agent), and their daily counts
 * for the shop's dashboard.
 */
public interface VisitsUseCase {
    /** The widest range {@link #daily} answers, in days. */
    int MAX_RANGE_DAYS = 366;

    /**
     * Records a visit off the caller's path: returns at once, the visit is written with others in a batch. A full
     * buffer drops the visit (counted) rather than slow a page down.
     */
    void record(Visit visit);

    /**
     * Visits per day and source/medium/campaign in {@code [from, to]} (inclusive), ordered by day then count
     * descending; admin and above. A range past {@link #MAX_RANGE_DAYS} or reversed is invalid ({@code from}/{@code to}).
     */
    List<DailyVisits> daily(Actor actor, LocalDate from, LocalDate to);
}
