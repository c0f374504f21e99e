package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Incoming port: storefront visits that arrived through a tagged link ({@code utm_source}, {@code utm_medium},
 * {@code utm_campaign}), recorded without any personal data (no address, cookie or user agent), and their daily counts
 * for the shop's dashboard.
 */
public interface VisitsUseCase {
    /** The longest value kept; longer ones are cut. */
    int MAX_VALUE_LENGTH = 100;
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

    /** One tagged visit. Blank parameters become absent; every text is cut to {@link #MAX_VALUE_LENGTH}. */
    record Visit(
            TenantId tenant,
            LocalDate day,
            Optional<String> source,
            Optional<String> medium,
            Optional<String> campaign,
            String landingPath,
            Optional<String> referrerHost) {
        public Visit {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(day, "day");
            source = capped(source);
            medium = capped(medium);
            campaign = capped(campaign);
            landingPath = capped(Optional.of(landingPath)).orElse("/");
            referrerHost = capped(referrerHost);
        }

        /** Whether any tag is present: an untagged view is not a campaign visit. */
        public boolean tagged() {
            return source.isPresent() || medium.isPresent() || campaign.isPresent();
        }

        private static Optional<String> capped(Optional<String> value) {
            return value.map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .map(v -> v.length() > MAX_VALUE_LENGTH ? cut(v) : v);
        }

        /** Cut at a code point boundary: never half a surrogate pair. */
        private static String cut(String value) {
            int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_LENGTH - 1))
                    ? MAX_VALUE_LENGTH - 1
                    : MAX_VALUE_LENGTH;
            return value.substring(0, end);
        }
    }

    /** Visits on one day from one source/medium/campaign (each null when the link did not carry it). */
    record DailyVisits(LocalDate day, String source, String medium, String campaign, long visits) {}
}
