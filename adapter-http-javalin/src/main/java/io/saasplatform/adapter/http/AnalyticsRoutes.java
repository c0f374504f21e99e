package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.VisitsUseCase;
import io.saasplatform.domain.DailyVisits;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The shop's analytics: storefront visits from tagged links, counted per day and source/medium/campaign. */
final class AnalyticsRoutes implements RouteGroup {
    /** Without {@code from}: this many days up to {@code to}. */
    static final int DEFAULT_DAYS = 30;

    record VisitsJson(String day, String source, String medium, String campaign, long visits) {
        static VisitsJson of(DailyVisits daily) {
            return new VisitsJson(daily.day().toString(), daily.source(), daily.medium(), daily.campaign(),
                    daily.visits());
        }
    }

    /** The one list shape: every day of the range fits one answer, so there is never a next page. */
    record VisitsPageJson(List<VisitsJson> items, String nextCursor) {}

    private final BearerAuth bearer;
    private final VisitsUseCase visits;

    AnalyticsRoutes(BearerAuth bearer, VisitsUseCase visits) {
        this.bearer = bearer;
        this.visits = visits;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/tenants/me/analytics/visits", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            LocalDate to = date(ProductListQuery.text(ctx, "to"), "to", LocalDate.now(ZoneOffset.UTC));
            LocalDate from = date(ProductListQuery.text(ctx, "from"), "from", to.minusDays(DEFAULT_DAYS - 1));
            List<VisitsJson> items = visits.daily(actor, from, to).stream().map(VisitsJson::of).toList();
            ctx.header("Cache-Control", "no-store").json(new VisitsPageJson(items, null));
        });
    }

    private static LocalDate date(String text, String name, LocalDate fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ProductListQuery.invalid(name, name + " must be a date like 2026-12-02");
    }
}
