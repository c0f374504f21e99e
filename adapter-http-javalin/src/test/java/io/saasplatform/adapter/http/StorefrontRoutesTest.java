package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.ProductListRequest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StorefrontRoutesTest {
    private static final String WEAK_TAG = "W/\"[A-Za-z0-9_-]{22}\"";
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
    void given_no_token_when_listing_a_shops_categories_then_200_publicly_cacheable_with_a_weak_etag() {
        Reply reply = fx.api.get("/storefront/acme/categories");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(reply.header("ETag")).matches(WEAK_TAG);
        assertThat(reply.header("Vary")).isEqualTo("Origin, Accept-Encoding");
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(CatalogRoutesTest.names(items.get(1)))
                .containsExactlyInAnyOrder("id", "parentId", "name", "slug", "position");
        assertThat(items.get(1).get("parentId").asText()).isEqualTo(FakeCatalog.SHOES.id().toString());
        assertThat(items.get(0).get("parentId").isNull()).isTrue();
    }

    @Test
    void given_published_product_when_reading_it_then_only_public_members_with_the_effective_currency() {
        Reply reply = fx.api.get("/storefront/acme/products/boot");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode boot = reply.json();
        assertThat(CatalogRoutesTest.names(boot))
                .containsExactlyInAnyOrder("id", "name", "slug", "description", "categoryId", "price", "currency", "images");
        assertThat(boot.get("price").asText()).isEqualTo("12.500");
        assertThat(boot.get("currency").asText()).isEqualTo("KWD");
        assertThat(boot.get("slug").asText()).isEqualTo("boot");
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=60");
    }

    @Test
    void given_products_page_when_listing_then_items_and_a_null_next_cursor() {
        Reply reply = fx.api.get("/storefront/acme/products");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("items")).hasSize(1);
        assertThat(reply.json().has("nextCursor")).isTrue();
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
        assertThat(reply.header("ETag")).matches(WEAK_TAG);
    }

    @Test
    void given_the_same_response_twice_when_requested_then_the_etag_is_stable_and_differs_between_bodies() {
        String first = fx.api.get("/storefront/acme/categories").header("ETag");
        String second = fx.api.get("/storefront/acme/categories").header("ETag");
        String other = fx.api.get("/storefront/acme/products").header("ETag");

        assertThat(first).isEqualTo(second).isNotEqualTo(other);
    }

    @Test
    void given_matching_if_none_match_when_revalidating_then_304_with_etag_and_cache_control_and_no_body() {
        String etag = fx.api.get("/storefront/acme/products/boot").header("ETag");

        Reply reply = fx.api.send(fx.api.request("/storefront/acme/products/boot").header("If-None-Match", etag));

        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.header("ETag")).isEqualTo(etag);
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=60");
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void given_if_none_match_list_star_or_strong_form_when_revalidating_then_weak_comparison_matches() {
        String etag = fx.api.get("/storefront/acme/categories").header("ETag");
        String strong = etag.substring(2);

        for (String ifNoneMatch : List.of("\"other\", " + etag, strong, "*", "W/\"x\",W/" + strong)) {
            Reply reply = fx.api.send(fx.api.request("/storefront/acme/categories")
                    .header("If-None-Match", ifNoneMatch));

            assertThat(reply.status()).as(ifNoneMatch).isEqualTo(304);
        }
    }

    @Test
    void given_stale_if_none_match_when_revalidating_then_200_with_the_body() {
        Reply reply = fx.api.send(fx.api.request("/storefront/acme/categories")
                .header("If-None-Match", "W/\"AAAAAAAAAAAAAAAAAAAAAA\""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("items")).hasSize(2);
    }

    @Test
    void given_renamed_product_slug_when_reading_then_308_to_the_current_slug() {
        Reply reply = fx.api.get("/storefront/acme/products/old-boot");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).isEqualTo("/storefront/acme/products/boot");
    }

    @Test
    void given_renamed_category_slug_when_listing_then_308_to_the_same_query_with_the_new_category() {
        Reply reply = fx.api.get("/storefront/acme/products?category=old-shoes");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).isEqualTo("/storefront/acme/products?category=shoes");
    }

    @Test
    void given_renamed_category_slug_with_other_parameters_when_listing_then_they_are_kept_as_sent() {
        Reply reply = fx.api.get(
                "/storefront/acme/products?sort=price&category=old-shoes&q=red%20boots%26more&limit=5&cursor=a%2Bb");

        assertThat(reply.status()).isEqualTo(308);
        assertThat(reply.header("Location")).isEqualTo(
                "/storefront/acme/products?sort=price&category=shoes&q=red%20boots%26more&limit=5&cursor=a%2Bb");
    }

    @Test
    void given_query_when_listing_then_it_reaches_the_use_case_and_status_is_not_passed_on() {
        fx.api.get("/storefront/acme/products?status=draft&minPrice=2&maxPrice=10.5&sort=name&limit=7&q=boot");

        ProductListRequest request = fx.catalog.lastArgument();
        assertThat(request).isEqualTo(new ProductListRequest(
                null, new BigDecimal("2"), new BigDecimal("10.5"), "boot", "name", 7, null, null));
    }

    @Test
    void given_unknown_shop_when_reading_then_404_problem_that_is_not_publicly_cached() {
        Reply reply = fx.api.get("/storefront/nope/categories");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.header("ETag")).isNull();
    }

    @Test
    void given_unpublished_or_unknown_product_when_reading_then_404() {
        assertThat(fx.api.get("/storefront/acme/products/ghost").status()).isEqualTo(404);
    }

    @Test
    void given_invalid_limit_or_min_price_when_listing_then_400_naming_it_not_cached_and_no_call() {
        Reply limit = fx.api.get("/storefront/acme/products?limit=many");
        Reply minPrice = fx.api.get("/storefront/acme/products?minPrice=-");
        Reply maxPrice = fx.api.get("/storefront/acme/products?maxPrice=NaN");

        CatalogRoutesTest.assertValidationProblem(limit, "limit");
        CatalogRoutesTest.assertValidationProblem(minPrice, "minPrice");
        CatalogRoutesTest.assertValidationProblem(maxPrice, "maxPrice");
        assertThat(limit.header("ETag")).isNull();
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_a_bearer_token_when_reading_the_storefront_then_it_is_ignored_and_the_answer_still_public() {
        Reply reply = fx.getWithBearer("/storefront/acme/categories", "garbage");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("public, max-age=60");
    }

    @Test
    void given_nul_or_another_control_character_in_a_listing_parameter_when_listing_then_400_naming_it() {
        for (String[] c : new String[][] {{"q", "tea%00"}, {"q", "%1B%5B2J"}, {"category", "a%00"}, {"sort", "name%00"}}) {
            Reply reply = fx.api.get("/storefront/acme/products?" + c[0] + "=" + c[1]);

            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(reply.json().get("field").asText()).isEqualTo(c[0]);
        }
    }
}
