package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.adapter.http.RunningApi.Reply;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsRoutesTest {
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.visits.calls.clear();
    }

    @Test
    void given_a_range_when_listing_visits_then_daily_counts_in_the_list_shape_never_cached() {
        Reply reply = fx.getWithBearer("/tenants/me/analytics/visits?from=2026-11-01&to=2026-11-30", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().get("items").get(0).get("source").asText()).isEqualTo("newsletter");
        assertThat(reply.json().get("items").get(0).get("campaign").isNull()).isTrue();
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
        assertThat(fx.visits.calls).containsExactly("daily:2026-11-01:2026-11-30");
    }

    @Test
    void given_no_range_when_listing_visits_then_the_last_thirty_days_up_to_today() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        fx.getWithBearer("/tenants/me/analytics/visits", fx.aliceInAcme());

        assertThat(fx.visits.calls).containsExactly("daily:" + today.minusDays(29) + ":" + today);
    }

    @Test
    void given_a_malformed_date_when_listing_visits_then_400_naming_the_parameter() {
        Reply reply = fx.getWithBearer("/tenants/me/analytics/visits?from=yesterday", fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("from");
        assertThat(fx.visits.calls).isEmpty();
    }

    @Test
    void given_no_token_when_listing_visits_then_401() {
        assertThat(fx.api.get("/tenants/me/analytics/visits").status()).isEqualTo(401);
    }
}
