package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code code} member of problems and the list of every invalid input in one 400. */
class ProblemCodesTest {
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
        fx.catalog.reset();
    }

    @Test
    void given_three_invalid_members_when_creating_a_product_then_one_400_lists_all_three_with_pointers_and_codes() {
        Reply reply = fx.sendJson("POST", "/tenants/me/products", fx.aliceInAcme(),
                "{\"price\":\"twelve\",\"colour\":\"red\",\"position\":1}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("validation-failed");
        List<String> errors = new ArrayList<>();
        for (JsonNode error : reply.json().get("errors")) {
            errors.add(error.get("field").asText() + " " + error.get("pointer").asText() + " "
                    + error.get("code").asText());
        }
        assertThat(errors).containsExactlyInAnyOrder(
                "colour /colour unknown-field", "position /position unknown-field", "name /name required",
                "price /price invalid");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_an_invalid_query_parameter_when_listing_then_its_error_has_no_body_pointer() {
        Reply reply = fx.getWithBearer("/tenants/me/products?limit=ten", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("limit");
        assertThat(error.get("pointer").isNull()).isTrue();
    }

    @Test
    void given_a_role_too_low_when_inviting_an_owner_then_403_insufficient_role_naming_the_required_role() {
        Reply reply = fx.sendJson("POST", "/tenants/me/invitations", fx.aliceInAcme(),
                "{\"email\":\"bob@example.com\",\"role\":\"owner\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.json().get("code").asText()).isEqualTo("insufficient-role");
        assertThat(reply.json().get("requiredRole").asText()).isEqualTo("owner");
        assertThat(reply.json().get("type").asText()).isEqualTo("tag:saasplatform.io,2026:problems/forbidden");
    }

    @Test
    void given_a_token_without_tenant_when_reading_the_tenant_then_403_tenant_required() {
        Reply reply = fx.getWithBearer("/tenants/me", fx.aliceWithoutTenant());

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.json().get("code").asText()).isEqualTo("tenant-required");
    }

    @Test
    void given_a_taken_slug_when_creating_a_tenant_then_409_slug_taken() {
        Reply reply = fx.sendJson("POST", "/tenants", fx.aliceInAcme(),
                "{\"slug\":\"acme\",\"name\":\"Acme\",\"defaultCurrency\":\"KWD\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().get("code").asText()).isEqualTo("slug-taken");
        assertThat(reply.json().get("field").asText()).isEqualTo("slug");
    }
}
