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

    @Test
    void given_more_products_than_a_page_when_following_link_next_then_each_once_with_the_filter_kept() {
        String owner = platform.ownerOfNewShop("links@example.com", "links-" + slug, "USD");
        for (int i = 0; i < 5; i++) {
            platform.post("/tenants/me/products", owner,
                    Map.of("name", "Shoe " + i, "price", "1" + i + ".00", "status", "published"));
            platform.post("/tenants/me/products", owner, Map.of("name", "Draft " + i, "price", "1.00"));
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        String next = "/tenants/me/products?status=published&limit=2";
        int pages = 0;
        while (next != null) {
            Response page = platform.get(next, owner);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.body().get("items").forEach(item -> names.add(item.get("name").asText()));
            next = page.raw().headers().allValues("Link").stream()
                    .map(java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"")::matcher)
                    .filter(java.util.regex.Matcher::find).map(m -> m.group(1)).findFirst().orElse(null);
            if (next != null) {
                assertThat(next).contains("status=published").contains("limit=2").contains("cursor=");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactlyInAnyOrder("Shoe 0", "Shoe 1", "Shoe 2", "Shoe 3", "Shoe 4");
    }

    @Test
    void given_a_user_in_two_shops_when_listing_tenants_without_a_tenant_then_both_with_role_and_joined_date() {
        platform.ownerOfNewShop("two@example.com", "two-a-" + slug, "USD");
        platform.ownerOfNewShop("two@example.com", "two-b-" + slug, "KWD");
        Response idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", "two@example.com"));
        String tenantless = platform.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")))
                .text("/accessToken");

        Response first = platform.get("/tenants?limit=1", tenantless);
        Response rest = platform.get("/tenants?limit=1&cursor=" + first.text("/nextCursor"), tenantless);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.text("/items/0/slug")).isEqualTo("two-a-" + slug);
        assertThat(first.text("/items/0/role")).isEqualTo("owner");
        assertThat(java.time.Instant.parse(first.text("/items/0/joinedAt"))).isBefore(java.time.Instant.now());
        assertThat(first.header("Link").orElseThrow()).contains("rel=\"next\"");
        assertThat(rest.text("/items/0/slug")).isEqualTo("two-b-" + slug);
        assertThat(rest.body().get("nextCursor").isNull()).isTrue();
        assertThat(platform.get("/tenants?cursor=bogus", tenantless).status()).isEqualTo(400);
    }
}
