package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.testsupport.TestRedis;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storefront's HTML pages against the real platform, without a browser: hostile names escaped, a renamed slug
 * redirected, and a tagged visit recorded off the request path and counted by the analytics route.
 */
class StorefrontPagesEndToEndTest {
    private static final String XSS = "<img src=x onerror=window.__xss=1>";
    private static final String ESCAPED = "&lt;img src=x onerror=window.__xss=1&gt;";

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void given_a_shop_category_and_product_named_like_markup_then_every_page_shows_the_text_escaped() throws Exception {
        String slug = "markup-" + UUID.randomUUID().toString().substring(0, 8);
        String token = platform.ownerOfNewShop("markup-" + slug + "@example.com", slug, "KWD");
        assertThat(platform.patch("/tenants/me", token, Map.of("name", XSS)).status()).isEqualTo(200);
        String category = platform.post("/tenants/me/categories", token, Map.of("name", XSS, "slug", "evil"))
                .text("/id");
        platform.post("/tenants/me/products", token, Map.of("name", XSS, "slug", "evil", "price", "4.25",
                "status", "published", "categoryId", category, "description", XSS + "\n\n\"quoted\" & more"));

        for (String path : new String[] {"/shops/" + slug, "/shops/" + slug + "/c/evil", "/shops/" + slug + "/p/evil"}) {
            HttpResponse<String> page = get(path);

            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain(XSS).contains(ESCAPED).contains("KWD 4.250");
            assertThat(page.headers().firstValue("Content-Security-Policy")).as(path).isPresent();
        }
        assertThat(get("/shops/" + slug + "/p/evil").body()).contains("<p>\"quoted\" &amp; more</p>");
    }

    @Test
    void given_a_renamed_product_when_its_old_page_is_requested_then_308_to_the_new_one() throws Exception {
        String slug = "moved-" + UUID.randomUUID().toString().substring(0, 8);
        String token = platform.ownerOfNewShop("moved-" + slug + "@example.com", slug, "USD");
        String id = platform.post("/tenants/me/products", token, Map.of("name", "Mug", "slug", "old-mug",
                "price", "3", "status", "published")).text("/id");
        String etag = platform.get("/tenants/me/products/" + id, token).header("ETag").orElseThrow();
        assertThat(platform.patch("/tenants/me/products/" + id, token, Map.of("slug", "new-mug"), "If-Match", etag)
                .status()).isEqualTo(200);

        HttpResponse<String> old = get("/shops/" + slug + "/p/old-mug");

        assertThat(old.statusCode()).isEqualTo(308);
        assertThat(old.headers().firstValue("Location")).contains("/shops/" + slug + "/p/new-mug");
        assertThat(get("/shops/" + slug + "/p/new-mug").body()).contains("USD 3.00");
    }

    @Test
    void given_a_tagged_link_when_viewed_then_the_visit_is_counted_without_personal_data() throws Exception {
        String slug = "tagged-" + UUID.randomUUID().toString().substring(0, 8);
        String token = platform.ownerOfNewShop("tagged-" + slug + "@example.com", slug, "USD");
        // The view goes to a second node on the same database; closing it drains its visit buffer into the database.
        try (RunningPlatform node = platform.node(Map.of())) {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(node.uri("/shops/" + slug
                            + "?utm_source=newsletter&utm_medium=email&utm_campaign=" + "w".repeat(150) + "&gclid=x"))
                    .header("Referer", "https://mail.example.com/read?id=private").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        }

        RunningPlatform.Response visits = platform.get("/tenants/me/analytics/visits", token);

        assertThat(visits.status()).as("%s", visits).isEqualTo(200);
        assertThat(visits.body().get("items")).hasSize(1);
        assertThat(visits.text("/items/0/source")).isEqualTo("newsletter");
        assertThat(visits.text("/items/0/medium")).isEqualTo("email");
        assertThat(visits.text("/items/0/campaign")).isEqualTo("w".repeat(100));
        assertThat(visits.body().at("/items/0/visits").asLong()).isEqualTo(1);
        assertThat(platform.queryStrings("SELECT referrer_host FROM visits WHERE landing_path = '/shops/" + slug + "'"))
                .containsExactly("mail.example.com");
        assertThat(platform.queryStrings("SELECT column_name::text FROM information_schema.columns "
                + "WHERE table_name = 'visits' ORDER BY ordinal_position"))
                .containsExactly("tenant_id", "id", "day", "source", "medium", "campaign", "landing_path",
                        "referrer_host", "created_at");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(platform.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
