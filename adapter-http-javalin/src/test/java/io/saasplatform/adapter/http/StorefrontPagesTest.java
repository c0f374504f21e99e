package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.Logo;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Visit;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storefront's HTML pages over HTTP, without a browser: statuses, caching, redirects, the CSP, visits, the shop's
 * configured face and product images.
 */
class StorefrontPagesTest {
    static final String CSP = "default-src 'self'; img-src 'self'; script-src 'self'; object-src 'none'; "
            + "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
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
        fx.visits.recorded.clear();
        fx.media.resetFace();
    }

    @Test
    void given_a_shop_when_its_home_page_is_requested_then_html_with_name_categories_and_priced_products() {
        Reply reply = fx.api.get("/shops/acme");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).matches("text/html; ?charset=utf-8");
        assertThat(reply.body())
                .contains("<title>" + FakeUseCases.ACME.name() + "</title>")
                .contains("<h1>" + FakeUseCases.ACME.name() + "</h1>")
                .contains("href=\"/shops/acme/c/shoes\"")
                .contains("href=\"/shops/acme/p/boot\"")
                .contains("KWD 12.500")
                .contains("<meta property=\"og:title\"")
                .containsOnlyOnce("<h1>")
                .contains("<main id=\"main\"")
                .doesNotContain("<script")
                .doesNotContain("style=");
    }

    @Test
    void given_any_page_then_it_carries_the_strict_content_security_policy_and_public_caching_with_a_weak_etag() {
        for (String path : new String[] {"/shops/acme", "/shops/acme/c/shoes", "/shops/acme/p/boot"}) {
            Reply reply = fx.api.get(path);

            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.header("Content-Security-Policy")).as(path).isEqualTo(CSP);
            assertThat(reply.header("Cache-Control")).as(path).isEqualTo("public, max-age=60");
            assertThat(reply.header("ETag")).as(path).startsWith("W/\"");
        }
    }

    @Test
    void given_the_etag_of_a_page_when_revalidating_then_304_without_a_body() {
        String etag = fx.api.get("/shops/acme/p/boot").header("ETag");

        Reply reply = fx.api.send(fx.api.request("/shops/acme/p/boot").header("If-None-Match", etag).GET());

        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.header("ETag")).isEqualTo(etag);
    }

    @Test
    void given_a_renamed_product_slug_when_its_page_is_requested_then_308_to_the_new_page() {
        Reply reply = fx.api.get("/shops/acme/p/old-boot");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).isEqualTo("/shops/acme/p/boot");
        assertThat(reply.header("Content-Security-Policy")).isEqualTo(CSP);
    }

    @Test
    void given_a_renamed_category_slug_when_its_page_is_requested_then_308_keeping_the_query() {
        Reply reply = fx.api.get("/shops/acme/c/old-shoes?cursor=abc");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).isEqualTo("/shops/acme/c/shoes?cursor=abc");
    }

    @Test
    void given_an_unknown_shop_product_or_category_then_an_html_404_page_under_the_same_policy() {
        for (String path : new String[] {"/shops/nope", "/shops/acme/p/nope", "/shops/acme/c/nope"}) {
            Reply reply = fx.api.get(path);

            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.contentType()).as(path).matches("text/html; ?charset=utf-8");
            assertThat(reply.body()).as(path).contains("<h1>Page not found</h1>");
            assertThat(reply.header("Content-Security-Policy")).as(path).isEqualTo(CSP);
            assertThat(reply.header("Cache-Control")).as(path).isEqualTo("no-store");
        }
    }

    @Test
    void given_a_category_page_then_its_name_is_the_heading_and_its_link_is_marked_current() {
        Reply reply = fx.api.get("/shops/acme/c/boots");

        assertThat(reply.body())
                .contains("<h1>" + FakeCatalog.BOOTS.name() + "</h1>")
                .contains("href=\"/shops/acme/c/boots\" aria-current=\"page\"")
                .contains("<title>" + FakeCatalog.BOOTS.name() + " · " + FakeUseCases.ACME.name() + "</title>");
    }

    @Test
    void given_a_product_page_then_name_price_and_description_are_shown() {
        Reply reply = fx.api.get("/shops/acme/p/boot");

        assertThat(reply.body())
                .contains("<h1>" + FakeCatalog.BOOT.name() + "</h1>")
                .contains("<p class=\"price\">KWD 12.500</p>")
                .contains("<p>" + FakeCatalog.BOOT.description().orElseThrow() + "</p>")
                .contains("<meta name=\"description\" content=\"" + FakeCatalog.BOOT.description().orElseThrow());
    }

    @Test
    void given_a_tagged_link_when_a_page_is_viewed_then_the_visit_is_handed_over_without_personal_data_and_not_cached() {
        Reply reply = fx.api.send(fx.api.request("/shops/acme/p/boot?utm_source=newsletter&utm_medium=email"
                        + "&utm_campaign=winter&utm_term=ignored&email=ann@example.com")
                .header("Referer", "https://mail.example.com/inbox?id=secret").GET());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(fx.visits.recorded).hasSize(1);
        Visit visit = fx.visits.recorded.getFirst();
        assertThat(visit.tenant()).isEqualTo(FakeUseCases.ACME.id());
        assertThat(visit.source()).contains("newsletter");
        assertThat(visit.medium()).contains("email");
        assertThat(visit.campaign()).contains("winter");
        assertThat(visit.landingPath()).isEqualTo("/shops/acme/p/boot");
        assertThat(visit.referrerHost()).contains("mail.example.com");
    }

    @Test
    void given_no_tag_when_a_page_is_viewed_then_no_visit_is_recorded() {
        fx.api.get("/shops/acme?utm_term=x");

        assertThat(fx.visits.recorded).isEmpty();
    }

    @Test
    void given_the_stylesheet_link_of_a_page_then_it_is_served_with_an_immutable_year_long_cache() {
        String body = fx.api.get("/shops/acme").body();
        String href = body.replaceAll("(?s).*<link rel=\"stylesheet\" href=\"([^\"]+)\">.*", "$1");

        Reply css = fx.api.get(href);

        assertThat(href).matches("/assets/shop-[0-9a-f]{12}\\.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(fx.api.get("/assets/shop-000000000000.css").status()).isEqualTo(404);
    }

    private static void configure(String title, String tagline, String accent, String seo, String... links) {
        List<StorefrontConfig.Link> parsed = new java.util.ArrayList<>();
        for (int i = 0; i < links.length; i += 2) {
            parsed.add(StorefrontConfig.Link.of(links[i], links[i + 1]));
        }
        fx.media.config = new StorefrontConfig(title, tagline, Optional.empty(), Optional.ofNullable(accent), seo,
                parsed, 1, Optional.of(FakeUseCases.NOW), Optional.of(FakeUseCases.NOW));
    }

    private static ProductImage image(String name, String alt, int width, int height) {
        return new ProductImage(UUID.nameUUIDFromBytes(name.getBytes()), URI.create("http://localhost/media/x/" + name),
                width, height, alt);
    }

    @Test
    void given_a_configured_face_then_pages_show_its_title_tagline_seo_description_and_links() {
        configure("Acme Outfitters", "Boots for every season", null, "Hand-made boots from Kuwait.",
                "Instagram", "https://instagram.com/acme", "Contact", "https://acme.example/contact");

        String home = fx.api.get("/shops/acme").body();
        String product = fx.api.get("/shops/acme/p/boot").body();

        assertThat(home)
                .contains("<title>Acme Outfitters</title>")
                .contains("<h1>Acme Outfitters</h1>")
                .contains("<p class=\"tagline\">Boots for every season</p>")
                .contains("<meta name=\"description\" content=\"Hand-made boots from Kuwait.\">")
                .contains("<meta property=\"og:description\" content=\"Hand-made boots from Kuwait.\">")
                .contains("<meta property=\"og:site_name\" content=\"Acme Outfitters\">")
                .contains("<a href=\"https://instagram.com/acme\" rel=\"noopener noreferrer\">Instagram</a>")
                .contains("<a href=\"https://acme.example/contact\" rel=\"noopener noreferrer\">Contact</a>")
                .doesNotContain("style=");
        assertThat(product)
                .contains("<title>" + FakeCatalog.BOOT.name() + " · Acme Outfitters</title>")
                .contains("<p class=\"tagline\">Boots for every season</p>");
    }

    @Test
    void given_the_face_read_with_the_page_then_every_page_shows_it_without_asking_the_configuration_again() {
        configure("Asked apart", "", null, "");
        StorefrontConfig withThePage = new StorefrontConfig("Read with the page", "In the same round trip",
                Optional.empty(), Optional.empty(), "", List.of(), 1, Optional.of(FakeUseCases.NOW),
                Optional.of(FakeUseCases.NOW));
        fx.catalog.face = Optional.of(new ShopFace(FakeUseCases.ACME.slug().value(), FakeUseCases.ACME.name(),
                withThePage, Optional.of(new Logo(URI.create("http://localhost/media/x/read-logo"), 120, 40)),
                FakeUseCases.ACME.defaultCurrency()));

        List<String> pages = List.of(fx.api.get("/shops/acme").body(), fx.api.get("/shops/acme/c/shoes").body(),
                fx.api.get("/shops/acme/p/boot").body());

        assertThat(pages).allSatisfy(page -> assertThat(page)
                .contains("Read with the page")
                .contains("<p class=\"tagline\">In the same round trip</p>")
                .contains("src=\"http://localhost/media/x/read-logo\" width=\"120\" height=\"40\"")
                .doesNotContain("Asked apart"));
        assertThat(fx.media.faceReads).as("no second read of the face").hasValue(0);
    }

    @Test
    void given_no_saved_face_then_pages_show_the_shop_name_alone_without_tagline_logo_accent_or_links() {
        String home = fx.api.get("/shops/acme").body();

        assertThat(home)
                .contains("<span class=\"brand-name\">" + FakeUseCases.ACME.name() + "</span>")
                .contains("<meta name=\"description\" content=\"Shop " + FakeUseCases.ACME.name() + " online.\">")
                .doesNotContain("class=\"tagline\"")
                .doesNotContain("class=\"logo\"")
                .doesNotContain("/assets/accent-")
                .doesNotContain("shop-links");
    }

    @Test
    void given_hostile_title_tagline_and_alt_text_then_every_one_is_escaped_in_the_page() {
        configure("<b>Tom & \"Jerry's\"</b>", "<script>alert(1)</script>", null, "\"><script>x</script>");
        fx.catalog.bootImages = List.of(image("a", "\"><img src=x onerror=alert(2)>", 4, 3));

        String home = fx.api.get("/shops/acme").body();
        String product = fx.api.get("/shops/acme/p/boot").body();

        for (String page : List.of(home, product)) {
            assertThat(page)
                    .doesNotContain("<script")
                    .doesNotContain("<b>")
                    .doesNotContain("<img src=x")
                    .doesNotContain("\"><img")
                    .contains("&lt;b&gt;Tom &amp; ")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("&lt;img src=x onerror=alert(2)");
        }
        assertThat(home).contains("content=\"&#34;>&lt;script>x&lt;/script>\"");
    }

    @Test
    void given_a_logo_then_the_header_shows_it_with_its_size_and_the_title_as_alternative_text() {
        configure("Acme Outfitters", "", null, "");
        fx.media.logo = Optional.of(new Logo(URI.create("http://localhost/media/x/logo"), 240, 80));

        String home = fx.api.get("/shops/acme").body();

        assertThat(home)
                .contains("<img class=\"logo\" src=\"http://localhost/media/x/logo\" width=\"240\" height=\"80\" "
                        + "alt=\"Acme Outfitters\">")
                .contains("<meta property=\"og:image\" content=\"http://localhost/media/x/logo\">")
                .doesNotContain("class=\"tagline\"");
    }

    @Test
    void given_an_accent_colour_then_pages_link_its_stylesheet_which_sets_exactly_that_colour_and_never_changes() {
        configure("Acme", "", "#1A2B3C", "");

        String home = fx.api.get("/shops/acme").body();
        Reply css = fx.api.get("/assets/accent-1a2b3c.css");

        assertThat(home).contains("<link rel=\"stylesheet\" href=\"/assets/accent-1a2b3c.css\">");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("--accent: #1a2b3c;").doesNotContain("{{").hasLineCount(1);
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        for (String bad : List.of("accent-1A2B3C.css", "accent-12345.css", "accent-1a2b3c4.css", "accent-zzzzzz.css",
                "accent-1a2b3c.css.map")) {
            assertThat(fx.api.get("/assets/" + bad).status()).as(bad).isEqualTo(404);
        }
    }

    @Test
    void given_a_product_with_images_then_its_page_shows_all_in_order_with_alt_text_and_size() {
        fx.catalog.bootImages = List.of(image("front", "The boot from the front", 800, 600),
                image("sole", "", 400, 300));

        String product = fx.api.get("/shops/acme/p/boot").body();

        assertThat(product)
                .contains("<img src=\"http://localhost/media/x/front\" width=\"800\" height=\"600\" "
                        + "alt=\"The boot from the front\">")
                .contains("<img src=\"http://localhost/media/x/sole\" width=\"400\" height=\"300\" alt=\""
                        + FakeCatalog.BOOT.name() + "\">")
                .contains("<meta property=\"og:image\" content=\"http://localhost/media/x/front\">");
        assertThat(product.indexOf("media/x/front\"")).isLessThan(product.indexOf("media/x/sole\""));
    }

    @Test
    void given_products_with_images_then_the_shop_home_cards_show_the_first_image_only() {
        fx.catalog.bootImages = List.of(image("front", "The boot from the front", 800, 600),
                image("sole", "Its sole", 400, 300));

        String home = fx.api.get("/shops/acme").body();

        assertThat(home)
                .contains("<img src=\"http://localhost/media/x/front\" width=\"800\" height=\"600\" "
                        + "alt=\"The boot from the front\" loading=\"lazy\">")
                .doesNotContain("media/x/sole");
    }

    @Test
    void given_media_on_a_cdn_and_uploads_to_a_bucket_then_the_policy_allows_images_from_one_and_requests_to_the_other() {
        String policy = StorefrontPages.contentSecurityPolicy(Optional.of("https://cdn.example.com"),
                Optional.of("https://acme.s3.eu-west-1.amazonaws.com"));

        assertThat(policy)
                .contains("img-src 'self' https://cdn.example.com;")
                .contains("connect-src 'self' https://acme.s3.eu-west-1.amazonaws.com;")
                .contains("script-src 'self';")
                .doesNotContain("unsafe");
        assertThat(StorefrontPages.contentSecurityPolicy(Optional.empty(), Optional.empty())).isEqualTo(CSP);
    }

    @Test
    void given_the_dashboard_when_loaded_then_its_page_and_modules_carry_the_same_policy_and_no_inline_script() {
        Reply page = fx.api.get("/app/");
        Reply module = fx.api.get("/app/main.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).isEqualTo(CSP);
        assertThat(page.body()).contains("<script type=\"module\" src=\"main.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)");
        assertThat(module.status()).isEqualTo(200);
        assertThat(module.contentType()).contains("javascript");
        assertThat(module.header("Content-Security-Policy")).isEqualTo(CSP);
    }
}
