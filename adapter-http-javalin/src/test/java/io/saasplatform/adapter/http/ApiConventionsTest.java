package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.adapter.http.RunningApi.Reply;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CORS on the storefront only, the dated Api-Version, and the announcement of deprecated behaviour. */
class ApiConventionsTest {
    private static final String SHOP = "https://shop.example.com";
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.withCorsOrigins(List.of(SHOP));
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private static Reply get(String path, String... headers) {
        HttpRequest.Builder request = fx.api.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return fx.api.send(request.GET());
    }

    // --- CORS

    @Test
    void given_an_allowed_origin_when_reading_the_storefront_then_it_may_read_the_answer_and_its_headers() {
        Reply reply = get("/storefront/acme/categories", "Origin", SHOP);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(reply.header("Access-Control-Expose-Headers"))
                .contains("ETag", "Location", "Retry-After", "X-Request-Id");
        assertThat(reply.response().headers().allValues("Vary").toString()).contains("Origin");
    }

    @Test
    void given_a_refused_origin_when_reading_the_storefront_then_no_cors_headers_but_vary_origin() {
        Reply reply = get("/storefront/acme/categories", "Origin", "https://evil.example.net");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
        assertThat(reply.header("Access-Control-Expose-Headers")).isNull();
        assertThat(reply.response().headers().allValues("Vary").toString()).contains("Origin");
    }

    @Test
    void given_an_allowed_origin_when_preflighting_the_storefront_then_204_allowing_get_and_its_headers() {
        Reply reply = fx.api.send(fx.api.request("/storefront/acme/products")
                .header("Origin", SHOP)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "if-none-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        assertThat(reply.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(reply.header("Access-Control-Allow-Methods")).contains("GET");
        assertThat(reply.header("Access-Control-Allow-Headers")).contains("if-none-match");
        assertThat(reply.header("Access-Control-Max-Age")).isEqualTo("600");
    }

    @Test
    void given_a_refused_origin_when_preflighting_then_403_cors_origin_refused() {
        Reply reply = fx.api.send(fx.api.request("/storefront/acme/products")
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "GET")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(reply.json().get("code").asText()).isEqualTo("cors-origin-refused");
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void given_an_allowed_origin_when_calling_the_dashboard_api_then_no_cors_headers() {
        Reply reply = fx.api.send(fx.withBearer("/tenants/me", fx.aliceInAcme()).header("Origin", SHOP).GET());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void given_no_allowed_origins_when_reading_the_storefront_from_a_page_then_no_cors_headers() {
        try (AuthFixture closed = AuthFixture.cognitoMode()) {
            Reply reply = closed.api.send(closed.api.request("/storefront/acme/categories").header("Origin", SHOP)
                    .GET());

            assertThat(reply.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    // --- versions

    @Test
    void given_no_api_version_when_calling_then_the_answer_names_the_current_version() {
        assertThat(get("/storefront/acme/categories").header("Api-Version")).isEqualTo(ApiConventions.CURRENT_VERSION);
    }

    @Test
    void given_the_current_api_version_when_calling_then_it_is_answered_with_it() {
        Reply reply = get("/storefront/acme/categories", "Api-Version", ApiConventions.CURRENT_VERSION);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Api-Version")).isEqualTo(ApiConventions.CURRENT_VERSION);
    }

    @Test
    void given_an_unknown_api_version_when_calling_then_400_unsupported_api_version() {
        Reply reply = get("/storefront/acme/categories", "Api-Version", "2019-01-01");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("code").asText()).isEqualTo("unsupported-api-version");
        assertThat(reply.json().get("field").asText()).isEqualTo("Api-Version");
        assertThat(get("/storefront/acme/categories", "Api-Version", "latest").status()).isEqualTo(400);
    }

    // --- deprecation

    @Test
    void given_a_price_sent_as_a_json_number_when_creating_a_product_then_deprecation_and_sunset_are_announced() {
        Reply number = fx.sendJson("POST", "/tenants/me/products", fx.aliceInAcme(),
                "{\"name\":\"Boot\",\"price\":12.5}");
        Reply string = fx.sendJson("POST", "/tenants/me/products", fx.aliceInAcme(),
                "{\"name\":\"Boot\",\"price\":\"12.500\"}");

        assertThat(number.status()).as(number.body()).isEqualTo(201);
        assertThat(number.header("Deprecation")).isEqualTo("@"
                + ApiConventions.Deprecation.NUMERIC_PRICES.since().getEpochSecond());
        assertThat(java.time.ZonedDateTime.parse(number.header("Sunset"),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isEqualTo(ApiConventions.Deprecation.NUMERIC_PRICES.sunset());
        assertThat(number.header("Link")).contains("rel=\"deprecation\"");
        assertThat(string.header("Deprecation")).isNull();
        assertThat(string.header("Sunset")).isNull();
    }
}
