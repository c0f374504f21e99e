package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CORS_ALLOWED_ORIGINS and Api-Version on the real platform (PostgreSQL, Redis). */
class ApiConventionsEndToEndTest {
    private static final String SHOP_PAGE = "https://shop.example.com";

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;
    private static String slug;

    @BeforeAll
    static void startPlatform() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of("CORS_ALLOWED_ORIGINS", SHOP_PAGE));
        slug = "cors-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        platform.ownerOfNewShop("cors@example.com", slug, "USD");
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void given_the_configured_origin_when_reading_the_storefront_then_cors_allows_it_and_no_other() {
        Response allowed = platform.get("/storefront/" + slug + "/products", null, "Origin", SHOP_PAGE);
        Response refused = platform.get("/storefront/" + slug + "/products", null, "Origin", "https://other.example");

        assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).contains(SHOP_PAGE);
        assertThat(allowed.header("Access-Control-Expose-Headers").orElseThrow()).contains("ETag", "X-Request-Id");
        assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void given_the_configured_origin_when_preflighting_then_204_and_the_dashboard_never_answers_cross_origin() {
        Response preflight = platform.send("OPTIONS", "/storefront/" + slug + "/products", null, null,
                "Origin", SHOP_PAGE, "Access-Control-Request-Method", "GET");
        Response dashboard = platform.send("OPTIONS", "/tenants/me", null, null,
                "Origin", SHOP_PAGE, "Access-Control-Request-Method", "GET");

        assertThat(preflight.status()).as("%s", preflight).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Methods").orElseThrow()).contains("GET");
        assertThat(dashboard.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void given_an_api_version_when_calling_then_known_is_answered_and_unknown_is_400() {
        Response known = platform.get("/storefront/" + slug + "/products", null, "Api-Version", "2026-12-01");
        Response unknown = platform.get("/storefront/" + slug + "/products", null, "Api-Version", "2020-01-01");

        assertThat(known.header("Api-Version")).contains("2026-12-01");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("/code")).isEqualTo("unsupported-api-version");
    }
}
