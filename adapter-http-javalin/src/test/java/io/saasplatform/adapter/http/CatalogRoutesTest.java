package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryDraft;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryPatch;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.CatalogUseCase.ProductPatch;
import io.saasplatform.application.port.in.Change;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogRoutesTest {
    private static final String CATEGORIES = "/tenants/me/categories";
    private static final String PRODUCTS = "/tenants/me/products";
    private static final String SHOES = CATEGORIES + "/" + FakeCatalog.SHOES.id();
    private static final String BOOT = PRODUCTS + "/" + FakeCatalog.BOOT.id();
    private static final List<String> PRODUCT_MEMBERS = List.of("id", "name", "slug", "description", "categoryId",
            "price", "currency", "effectiveCurrency", "status", "createdAt", "updatedAt", "images");
    private static final List<String> CATEGORY_MEMBERS =
            List.of("id", "parentId", "name", "slug", "position", "createdAt", "updatedAt");
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

    // --- reading

    @Test
    void given_products_in_kwd_usd_and_jpy_when_listing_then_each_price_is_a_string_in_its_currencys_minor_units() {
        Reply reply = fx.getWithBearer(PRODUCTS, fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("price").isTextual()).isTrue();
        assertThat(items.get(0).get("price").asText()).isEqualTo("12.500");
        assertThat(items.get(1).get("price").asText()).isEqualTo("12.50");
        assertThat(items.get(2).get("price").asText()).isEqualTo("1200");
        assertThat(reply.json().get("nextCursor").asText()).isEqualTo(FakeCatalog.NEXT_CURSOR);
    }

    @Test
    void given_product_inheriting_the_tenant_currency_when_listing_then_exact_members_with_null_currency() {
        JsonNode boot = fx.getWithBearer(PRODUCTS, fx.aliceInAcme()).json().get("items").get(0);

        assertThat(names(boot)).containsExactlyInAnyOrderElementsOf(PRODUCT_MEMBERS);
        assertThat(boot.get("id").asText()).isEqualTo(FakeCatalog.BOOT.id().toString());
        assertThat(boot.get("name").asText()).isEqualTo("Boot");
        assertThat(boot.get("slug").asText()).isEqualTo("boot");
        assertThat(boot.get("description").asText()).isEqualTo("A sturdy boot");
        assertThat(boot.get("categoryId").asText()).isEqualTo(FakeCatalog.BOOTS.id().toString());
        assertThat(boot.get("currency").isNull()).isTrue();
        assertThat(boot.get("effectiveCurrency").asText()).isEqualTo("KWD");
        assertThat(boot.get("status").asText()).isEqualTo("published");
        assertThat(boot.get("createdAt").asText()).isEqualTo("2026-05-01T08:00:00Z");
        assertThat(boot.get("updatedAt").asText()).isEqualTo("2026-06-01T12:00:00Z");
    }

    @Test
    void given_product_with_its_own_currency_when_listing_then_currency_and_effective_currency_agree() {
        JsonNode sandal = fx.getWithBearer(PRODUCTS, fx.aliceInAcme()).json().get("items").get(1);

        assertThat(sandal.get("currency").asText()).isEqualTo("USD");
        assertThat(sandal.get("effectiveCurrency").asText()).isEqualTo("USD");
        assertThat(sandal.get("description").isNull()).isTrue();
        assertThat(sandal.get("categoryId").isNull()).isTrue();
        assertThat(sandal.get("status").asText()).isEqualTo("draft");
    }

    @Test
    void given_filters_when_listing_products_then_they_reach_the_use_case_as_sent() {
        Reply reply = fx.getWithBearer(PRODUCTS + "?status=draft&category=shoes&minPrice=1.5&maxPrice=20&q=red%20boot"
                + "&sort=-price&limit=5&cursor=abc", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        ProductListRequest request = fx.catalog.lastArgument();
        assertThat(request).isEqualTo(new ProductListRequest("shoes", new BigDecimal("1.5"), new BigDecimal("20"),
                "red boot", "-price", 5, "abc", "draft"));
    }

    @Test
    void given_limit_that_is_not_an_integer_when_listing_products_then_400_naming_limit_and_no_call() {
        Reply reply = fx.getWithBearer(PRODUCTS + "?limit=ten", fx.aliceInAcme());

        assertValidationProblem(reply, "limit");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_min_price_that_is_not_a_decimal_when_listing_products_then_400_naming_min_price_and_no_call() {
        for (String bad : List.of("cheap", "1e3", "1,5", "")) {
            Reply reply = fx.getWithBearer(PRODUCTS + "?minPrice=" + bad, fx.aliceInAcme());

            assertValidationProblem(reply, "minPrice");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_category_when_listing_categories_then_items_with_parent_ids() {
        Reply reply = fx.getWithBearer(CATEGORIES, fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("parentId").isNull()).isTrue();
        assertThat(items.get(1).get("parentId").asText()).isEqualTo(FakeCatalog.SHOES.id().toString());
    }

    @Test
    void given_category_when_reading_it_then_exact_members_and_a_strong_version_etag() {
        Reply reply = fx.getWithBearer(SHOES, fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("ETag")).isEqualTo("\"v3\"");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode category = reply.json();
        assertThat(names(category)).containsExactlyInAnyOrderElementsOf(CATEGORY_MEMBERS);
        assertThat(category.get("name").asText()).isEqualTo("Shoes");
        assertThat(category.get("slug").asText()).isEqualTo("shoes");
        assertThat(category.get("position").isInt()).isTrue();
        assertThat(category.get("position").asInt()).isZero();
    }

    @Test
    void given_product_when_reading_it_then_the_etag_is_its_version() {
        Reply reply = fx.getWithBearer(BOOT, fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("ETag")).isEqualTo("\"v3\"");
        assertThat(reply.json().get("price").asText()).isEqualTo("12.500");
    }

    @Test
    void given_path_id_that_is_not_a_uuid_when_reading_then_400_naming_id_and_no_call() {
        for (String path : List.of(CATEGORIES + "/nope", PRODUCTS + "/12345", PRODUCTS + "/1-1-1-1-1")) {
            Reply reply = fx.getWithBearer(path, fx.aliceInAcme());

            assertValidationProblem(reply, "id");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_unknown_id_when_reading_then_404() {
        Reply reply = fx.getWithBearer(PRODUCTS + "/d0000000-0000-4000-8000-00000000dead", fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
    }

    @Test
    void given_token_of_tenant_b_when_reading_a_product_of_tenant_a_then_404() {
        TenantGrant other = new TenantGrant(FakeUseCases.OTHER_TENANT, Slug.of("globex"), "Globex", Role.OWNER);

        Reply reply = fx.getWithBearer(BOOT, fx.aliceIn(other));

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void given_no_token_when_calling_any_dashboard_catalog_route_then_401_and_no_call() {
        List<HttpRequest.Builder> requests = List.of(
                fx.api.request(CATEGORIES).GET(),
                fx.api.request(SHOES).GET(),
                fx.api.request(PRODUCTS).GET(),
                fx.api.request(BOOT).DELETE(),
                fx.api.request(PRODUCTS).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"price\":\"1\"}")));

        for (HttpRequest.Builder request : requests) {
            Reply reply = fx.api.send(request);

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    // --- creating

    @Test
    void given_valid_product_when_creating_then_201_with_version_etag_location_and_the_product() {
        Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), """
                {"name":"Boot","price":"12.500","description":"Warm","categoryId":"%s","status":"published"}"""
                .formatted(FakeCatalog.BOOTS.id()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.header("ETag")).isEqualTo("\"v1\"");
        assertThat(reply.header("Location")).isEqualTo(PRODUCTS + "/d0000000-0000-4000-8000-0000000000ff");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().get("price").asText()).isEqualTo("12.500");
        assertThat(reply.json().get("status").asText()).isEqualTo("published");
        ProductDraft draft = fx.catalog.lastArgument();
        assertThat(draft).isEqualTo(new ProductDraft("Boot", null, "Warm", new BigDecimal("12.500"), null,
                FakeCatalog.BOOTS.id(), "published"));
    }

    @Test
    void given_price_as_a_json_number_when_creating_then_the_exact_decimal_reaches_the_use_case() {
        Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(),
                "{\"name\":\"Boot\",\"price\":0.100,\"currency\":\"KWD\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        ProductDraft draft = fx.catalog.lastArgument();
        // Through a double this would be 0.1000000000000000055511151231257827.
        assertThat(draft.price().toPlainString()).isEqualTo("0.100");
        assertThat(reply.json().get("price").asText()).isEqualTo("0.100");
    }

    @Test
    void given_price_as_a_json_integer_or_exponent_when_creating_then_a_plain_decimal_reaches_the_use_case() {
        fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"A\",\"price\":1200,\"currency\":\"JPY\"}");
        ProductDraft integer = fx.catalog.lastArgument();
        fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"A\",\"price\":1.2E+3,\"currency\":\"JPY\"}");
        ProductDraft exponent = fx.catalog.lastArgument();

        assertThat(integer.price().toPlainString()).isEqualTo("1200");
        assertThat(exponent.price().toPlainString()).isEqualTo("1200");
    }

    @Test
    void given_price_of_the_wrong_json_type_when_creating_then_400_naming_price_and_no_call() {
        for (String price : List.of("true", "{}", "[1]", "\"12,50\"", "\"1e3\"", "\"\"", "null")) {
            Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"Boot\",\"price\":" + price + "}");

            assertValidationProblem(reply, "price");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_name_as_a_number_when_creating_then_400_naming_name_and_no_call() {
        Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":5,\"price\":\"1\"}");

        JsonNode problem = assertValidationProblem(reply, "name");
        assertThat(problem.get("detail").asText()).isEqualTo("name must be a string");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_category_id_as_a_number_or_not_a_uuid_when_creating_then_400_naming_category_id_and_no_call() {
        for (String categoryId : List.of("7", "\"shoes\"")) {
            Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(),
                    "{\"name\":\"Boot\",\"price\":\"1\",\"categoryId\":" + categoryId + "}");

            assertValidationProblem(reply, "categoryId");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_missing_name_or_price_when_creating_a_product_then_400_naming_it_and_no_call() {
        Reply noName = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"price\":\"1\"}");
        Reply noPrice = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"Boot\"}");

        assertThat(assertValidationProblem(noName, "name").get("detail").asText()).isEqualTo("name is required");
        assertThat(assertValidationProblem(noPrice, "price").get("detail").asText()).isEqualTo("price is required");
        assertThat(noName.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_unknown_field_when_creating_then_400_naming_it_and_no_call() {
        Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"Boot\",\"price\":\"1\",\"sku\":1}");

        JsonNode problem = assertValidationProblem(reply, "sku");
        assertThat(problem.get("detail").asText()).isEqualTo("sku is not a known field");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_body_over_the_limit_when_creating_then_413_and_no_call() {
        String big = "{\"name\":\"Boot\",\"price\":\"1\",\"description\":\"" + "x".repeat(70 * 1024) + "\"}";

        Reply reply = fx.api.send(fx.withBearer(PRODUCTS, fx.aliceInAcme())
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_taken_slug_when_creating_then_409_naming_slug() {
        fx.catalog.failNextWith(new ConflictException("slug-taken", "slug", "slug boot is already taken"));

        Reply reply = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"Boot\",\"price\":\"1\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("field").asText()).isEqualTo("slug");
    }

    @Test
    void given_category_with_only_a_name_when_creating_then_201_and_optional_members_arrive_as_null() {
        Reply reply = fx.sendJson("POST", CATEGORIES, fx.aliceInAcme(), "{\"name\":\"Hats\",\"parentId\":null}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.header("ETag")).isEqualTo("\"v1\"");
        assertThat(reply.json().get("slug").asText()).isEqualTo("hats");
        assertThat((CategoryDraft) fx.catalog.lastArgument()).isEqualTo(new CategoryDraft("Hats", null, null, null));
    }

    @Test
    void given_position_that_is_not_an_integer_when_creating_a_category_then_400_naming_position_and_no_call() {
        for (String position : List.of("1.5", "\"1\"", "99999999999")) {
            Reply reply = fx.sendJson("POST", CATEGORIES, fx.aliceInAcme(),
                    "{\"name\":\"Hats\",\"position\":" + position + "}");

            assertValidationProblem(reply, "position");
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    // --- merge patch

    @Test
    void given_merge_patch_when_patching_a_product_then_absent_keeps_and_null_clears() {
        Reply reply = patch(BOOT, "application/merge-patch+json", null,
                "{\"price\":\"13\",\"description\":null,\"currency\":null,\"categoryId\":null}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        ProductPatch patch = fx.catalog.lastArgument();
        assertThat(patch).isEqualTo(new ProductPatch(Change.keep(), Change.keep(), Change.to(null),
                Change.to(new BigDecimal("13")), Change.to(null), Change.to(null), Change.keep()));
        assertThat(reply.json().get("description").isNull()).isTrue();
        assertThat(reply.json().get("categoryId").isNull()).isTrue();
        assertThat(reply.json().get("price").asText()).isEqualTo("13.000");
        assertThat(reply.header("ETag")).isEqualTo("\"v4\"");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void given_plain_json_content_type_when_patching_then_it_is_accepted_too() {
        Reply reply = patch(BOOT, "application/json", null, "{\"name\":\"Big boot\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("name").asText()).isEqualTo("Big boot");
    }

    @Test
    void given_null_for_a_field_that_cannot_be_cleared_when_patching_then_400_naming_it_and_no_call() {
        for (String field : List.of("name", "price", "status", "slug")) {
            Reply reply = patch(BOOT, "application/merge-patch+json", null, "{\"" + field + "\":null}");

            assertValidationProblem(reply, field);
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_merge_patch_when_patching_a_category_then_null_parent_makes_it_a_root() {
        Reply reply = patch(CATEGORIES + "/" + FakeCatalog.BOOTS.id(), "application/merge-patch+json", null,
                "{\"parentId\":null,\"position\":4}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat((CategoryPatch) fx.catalog.lastArgument()).isEqualTo(
                new CategoryPatch(Change.keep(), Change.keep(), Change.to(null), Change.to(4)));
        assertThat(reply.json().get("parentId").isNull()).isTrue();
        assertThat(reply.header("ETag")).isEqualTo("\"v2\"");
    }

    @Test
    void given_new_parent_when_patching_a_category_then_the_parent_id_arrives_parsed() {
        String parent = FakeCatalog.SHOES.id().toString();

        patch(SHOES, "application/merge-patch+json", null, "{\"parentId\":\"" + parent + "\"}");

        CategoryPatch patch = fx.catalog.lastArgument();
        assertThat(patch.parentId()).isEqualTo(Change.to(CategoryId.parse(parent)));
    }

    @Test
    void given_wrong_json_types_when_patching_then_400_naming_the_field_and_no_call() {
        List<String[]> cases = List.of(
                new String[] {"{\"price\":true}", "price"},
                new String[] {"{\"name\":5}", "name"},
                new String[] {"{\"categoryId\":7}", "categoryId"},
                new String[] {"{\"description\":[]}", "description"},
                new String[] {"{\"color\":\"red\"}", "color"});

        for (String[] c : cases) {
            Reply reply = patch(BOOT, "application/merge-patch+json", null, c[0]);

            assertValidationProblem(reply, c[1]);
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    // --- If-Match

    @Test
    void given_current_version_in_if_match_when_patching_then_the_version_is_expected_and_the_new_etag_returned() {
        Reply reply = patch(BOOT, "application/merge-patch+json", "\"v3\"", "{\"name\":\"Boot 2\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(fx.catalog.expectedVersions).containsExactly(OptionalLong.of(3));
        assertThat(reply.header("ETag")).isEqualTo("\"v4\"");
    }

    @Test
    void given_stale_if_match_when_patching_then_412_precondition_failed() {
        Reply reply = patch(BOOT, "application/merge-patch+json", "\"v2\"", "{\"name\":\"Boot 2\"}");

        assertThat(reply.status()).isEqualTo(412);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.json().get("type").asText()).endsWith("problems/precondition-failed");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(fx.catalog.expectedVersions).containsExactly(OptionalLong.of(2));
    }

    @Test
    void given_if_match_star_when_patching_then_any_version_is_accepted() {
        Reply reply = patch(BOOT, "application/merge-patch+json", "*", "{\"name\":\"Boot 2\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(fx.catalog.expectedVersions).containsExactly(OptionalLong.empty());
    }

    @Test
    void given_if_match_that_is_no_tag_of_ours_when_patching_or_deleting_then_412_and_no_call() {
        for (String ifMatch : List.of("v3", "W/\"v3\"", "\"3\"", "\"v03\"", "\"v3\", \"v4\"", "\"v99999999999999999999\"")) {
            Reply patched = patch(BOOT, "application/merge-patch+json", ifMatch, "{\"name\":\"x\"}");
            Reply deleted = fx.api.send(fx.withBearer(SHOES, fx.aliceInAcme()).header("If-Match", ifMatch).DELETE());

            assertThat(patched.status()).as(ifMatch).isEqualTo(412);
            assertThat(patched.json().get("type").asText()).endsWith("problems/precondition-failed");
            assertThat(deleted.status()).as(ifMatch).isEqualTo(412);
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    // --- deleting

    @Test
    void given_product_when_deleting_with_its_version_then_204_no_store() {
        Reply reply = fx.api.send(fx.withBearer(BOOT, fx.aliceInAcme()).header("If-Match", "\"v3\"").DELETE());

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(fx.catalog.calls).containsExactly("deleteProduct:" + FakeCatalog.BOOT.id());
        assertThat(fx.catalog.expectedVersions).containsExactly(OptionalLong.of(3));
    }

    @Test
    void given_stale_version_when_deleting_a_product_then_412() {
        Reply reply = fx.api.send(fx.withBearer(BOOT, fx.aliceInAcme()).header("If-Match", "\"v1\"").DELETE());

        assertThat(reply.status()).isEqualTo(412);
    }

    @Test
    void given_cascade_detach_when_deleting_a_category_then_the_use_case_is_told_to_detach() {
        Reply plain = fx.api.send(fx.withBearer(SHOES, fx.aliceInAcme()).DELETE());
        Reply detach = fx.api.send(fx.withBearer(SHOES + "?cascade=detach", fx.aliceInAcme()).DELETE());

        assertThat(plain.status()).isEqualTo(204);
        assertThat(detach.status()).isEqualTo(204);
        assertThat(fx.catalog.calls).containsExactly("deleteCategory:" + FakeCatalog.SHOES.id() + ":detach=false",
                "deleteCategory:" + FakeCatalog.SHOES.id() + ":detach=true");
    }

    @Test
    void given_category_with_products_when_deleting_without_cascade_then_409() {
        fx.catalog.failNextWith(
                new ConflictException("category-not-empty", null, "category shoes has products; use cascade=detach"));

        Reply reply = fx.api.send(fx.withBearer(SHOES, fx.aliceInAcme()).DELETE());

        assertThat(reply.status()).isEqualTo(409);
    }

    @Test
    void given_unknown_cascade_when_deleting_a_category_then_400_naming_cascade_and_no_call() {
        Reply reply = fx.api.send(fx.withBearer(SHOES + "?cascade=delete", fx.aliceInAcme()).DELETE());

        assertValidationProblem(reply, "cascade");
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_price_with_a_huge_exponent_when_creating_or_patching_then_400_naming_price_within_a_second() {
        // Once reached setScale(0) before any range check: 1e10000000 alone took seconds and filled the heap.
        for (String price : List.of("1e100000000", "1E+999999999", "1e-100000000", "-1e100000000")) {
            long start = System.nanoTime();
            Reply created = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"x\",\"price\":" + price + "}");
            Reply patched = patch(BOOT, "application/merge-patch+json", null, "{\"price\":" + price + "}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("price " + price + ": two 400s in " + millis + " ms");

            assertValidationProblem(created, "price");
            assertValidationProblem(patched, "price");
            // The issue asks 100 ms; a second keeps a wide margin on a loaded 2-core machine and still fails the
            // unbounded path by orders of magnitude.
            assertThat(millis).as("milliseconds for " + price).isLessThan(1_000);
        }
        assertThat(fx.catalog.calls).isEmpty();
    }

    @Test
    void given_nul_or_escape_in_a_product_name_or_description_when_creating_then_400_naming_it_and_no_call() {
        Reply name = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(), "{\"name\":\"Bo\\u0000ot\",\"price\":\"1\"}");
        Reply description = fx.sendJson("POST", PRODUCTS, fx.aliceInAcme(),
                "{\"name\":\"Boot\",\"price\":\"1\",\"description\":\"\\u001b[31mred\"}");

        assertValidationProblem(name, "name");
        assertValidationProblem(description, "description");
        assertThat(fx.catalog.calls).isEmpty();
    }

    // ---

    private static Reply patch(String path, String contentType, String ifMatch, String json) {
        HttpRequest.Builder request = fx.withBearer(path, fx.aliceInAcme()).header("Content-Type", contentType);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return fx.api.send(request.method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonNode assertValidationProblem(Reply reply, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).endsWith("problems/validation-failed");
        assertThat(problem.get("field").asText()).as(reply.body()).isEqualTo(field);
        assertThat(problem.has("members")).isFalse();
        return problem;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
