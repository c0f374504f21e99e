package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.bootstrap.RunningPlatform.RawJson;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalog and storefront over HTTP against the real platform: real PostgreSQL with row-level security, real Redis,
 * the mock identity provider. Each test opens its own shops, so no test depends on another's data.
 */
class CatalogEndToEndTest {
    private static final int MAX_BODY_BYTES = 4096;
    private static final String VALIDATION_FAILED = "tag:saasplatform.io,2026:problems/validation-failed";
    private static final Set<String> STOREFRONT_PRODUCT_FIELDS =
            Set.of("id", "name", "slug", "description", "categoryId", "price", "currency", "images");
    private static final AtomicInteger SHOPS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;

    @BeforeAll
    static void startPlatform() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of("MAX_BODY_BYTES", Integer.toString(MAX_BODY_BYTES)));
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @BeforeEach
    void resetSignInRateLimits() {
        // Sign-in is rate limited per address (10 a minute) and every test signs in from 127.0.0.1.
        TestRedis.flushAll();
    }

    /** A shop of its own for one test, with a slug no other test uses. */
    private record Shop(String slug, String token, UUID id) {}

    private static Shop newShop(String currency) {
        int n = SHOPS.incrementAndGet();
        String slug = "shop-" + n + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String token = platform.ownerOfNewShop("owner" + n + "@example.com", slug, currency);
        return new Shop(slug, token, platform.tenantId(token));
    }

    private static JsonNode created(Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.body();
    }

    private static JsonNode createProduct(Shop shop, Map<String, Object> body) {
        return created(platform.post("/tenants/me/products", shop.token(), body));
    }

    private static Map<String, Object> product(String name, Object price, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("price", price);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    private static long productRows(Shop shop) {
        return platform.queryLong("SELECT count(*) FROM products WHERE tenant_id = ?", shop.id());
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.isProblem()).as("content type of %s", response).isTrue();
        assertThat(response.body().get("status").asInt()).isEqualTo(status);
    }

    @Test
    void given_string_and_number_prices_when_creating_products_then_formatted_to_effective_currency_minor_units() {
        Shop shop = newShop("KWD");
        JsonNode mugs = created(platform.post("/tenants/me/categories", shop.token(), Map.of("name", "Mugs")));
        assertThat(mugs.get("slug").asText()).isEqualTo("mugs");

        JsonNode inheritsKwd = createProduct(shop, product("Tea glass", "12.5", "categoryId", mugs.get("id").asText()));
        JsonNode kwdNumber = createProduct(shop, product("Coffee cup", 7.25));
        JsonNode usd = createProduct(shop, product("Travel mug", "12.50", "currency", "USD"));
        JsonNode usdNumber = createProduct(shop, product("Espresso cup", 12.5, "currency", "USD"));
        JsonNode jpy = createProduct(shop, product("Matcha bowl", "1200", "currency", "JPY"));

        assertThat(inheritsKwd.get("price").asText()).isEqualTo("12.500");
        assertThat(inheritsKwd.get("currency").isNull()).isTrue();
        assertThat(inheritsKwd.get("effectiveCurrency").asText()).isEqualTo("KWD");
        assertThat(inheritsKwd.get("categoryId").asText()).isEqualTo(mugs.get("id").asText());
        assertThat(inheritsKwd.get("status").asText()).isEqualTo("draft");
        assertThat(kwdNumber.get("price").asText()).isEqualTo("7.250");
        assertThat(usd.get("price").asText()).isEqualTo("12.50");
        assertThat(usd.get("currency").asText()).isEqualTo("USD");
        assertThat(usdNumber.get("price").asText()).isEqualTo("12.50");
        assertThat(jpy.get("price").asText()).isEqualTo("1200");
        assertThat(jpy.get("effectiveCurrency").asText()).isEqualTo("JPY");

        Response read = platform.get("/tenants/me/products/" + usd.get("id").asText(), shop.token());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("ETag")).hasValue("\"v1\"");
        assertThat(read.body().get("price").asText()).isEqualTo("12.50");
        assertThat(productRows(shop)).isEqualTo(5);
        assertThat(platform.queryLong("SELECT count(*) FROM products WHERE tenant_id = ? AND price = 12.5",
                shop.id())).isEqualTo(3);
    }

    static Stream<Arguments> invalid_products() {
        return Stream.of(
                Arguments.of("three decimals in USD", Map.of("name", "Mug", "price", "12.345", "currency", "USD"),
                        "price"),
                Arguments.of("three decimals in USD as a number",
                        Map.of("name", "Mug", "price", 12.345, "currency", "USD"), "price"),
                Arguments.of("decimals in JPY", Map.of("name", "Mug", "price", "1200.5", "currency", "JPY"),
                        "price"),
                Arguments.of("unknown currency", Map.of("name", "Mug", "price", "1.000", "currency", "XYZ"),
                        "currency"),
                Arguments.of("bad slug", Map.of("name", "Mug", "price", "1.000", "slug", "Not A Slug!"), "slug"),
                Arguments.of("missing name", Map.of("price", "1.000"), "name"),
                Arguments.of("blank name", Map.of("name", "  ", "price", "1.000"), "name"),
                Arguments.of("missing price", Map.of("name", "Mug"), "price"),
                Arguments.of("name of the wrong type", Map.of("name", 42, "price", "1.000"), "name"),
                Arguments.of("price of the wrong type", Map.of("name", "Mug", "price", true), "price"),
                Arguments.of("price that is not a number", Map.of("name", "Mug", "price", "twelve"), "price"),
                Arguments.of("negative price", Map.of("name", "Mug", "price", "-1"), "price"),
                Arguments.of("categoryId of the wrong type", Map.of("name", "Mug", "price", "1", "categoryId", 7),
                        "categoryId"),
                Arguments.of("unknown category", Map.of("name", "Mug", "price", "1", "categoryId",
                        UUID.randomUUID().toString()), "categoryId"),
                Arguments.of("unknown status", Map.of("name", "Mug", "price", "1", "status", "sold"), "status"),
                Arguments.of("unknown member", Map.of("name", "Mug", "price", "1", "colour", "blue"), "colour"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid_products")
    void given_invalid_product_when_creating_then_400_problem_naming_the_field_and_no_row_written(
            String description, Map<String, Object> body, String field) {
        Shop shop = newShop("KWD");
        long before = productRows(shop);

        Response response = platform.post("/tenants/me/products", shop.token(), body);

        assertProblem(response, 400);
        assertThat(response.text("/type")).isEqualTo(VALIDATION_FAILED);
        assertThat(response.text("/field")).as("%s", response).isEqualTo(field);
        assertThat(productRows(shop)).isEqualTo(before).isZero();
    }

    @Test
    void given_malformed_json_when_creating_product_then_400_problem_and_no_row_written() {
        Shop shop = newShop("KWD");

        Response response = platform.post("/tenants/me/products", shop.token(), new RawJson("{\"name\": \"Mug\","));

        assertProblem(response, 400);
        assertThat(productRows(shop)).isZero();
    }

    @Test
    void given_body_over_the_limit_when_creating_product_then_413_problem_and_no_row_written() {
        Shop shop = newShop("KWD");
        String description = "x".repeat(MAX_BODY_BYTES * 2);

        Response response = platform.post("/tenants/me/products", shop.token(),
                product("Huge", "1.000", "description", description));

        assertProblem(response, 413);
        assertThat(response.text("/type")).endsWith("content-too-large");
        assertThat(productRows(shop)).isZero();
    }

    @Test
    void given_token_of_tenant_b_when_touching_products_and_categories_of_tenant_a_then_404_and_unchanged() {
        Shop a = newShop("KWD");
        Shop b = newShop("KWD");
        JsonNode category = created(platform.post("/tenants/me/categories", a.token(), Map.of("name", "Bowls")));
        String categoryId = category.get("id").asText();
        String productId = createProduct(a, product("Rice bowl", "2.000", "categoryId", categoryId))
                .get("id").asText();

        assertProblem(platform.get("/tenants/me/products/" + productId, b.token()), 404);
        assertProblem(platform.patch("/tenants/me/products/" + productId, b.token(), Map.of("name", "Stolen")), 404);
        assertProblem(platform.delete("/tenants/me/products/" + productId, b.token()), 404);
        assertProblem(platform.get("/tenants/me/categories/" + categoryId, b.token()), 404);
        assertProblem(platform.delete("/tenants/me/categories/" + categoryId, b.token()), 404);
        // Attaching one's own product to another tenant's category id is refused as an unknown category.
        Response foreignCategory = platform.post("/tenants/me/products", b.token(),
                product("Intruder", "1.000", "categoryId", categoryId));
        assertProblem(foreignCategory, 400);
        assertThat(foreignCategory.text("/field")).isEqualTo("categoryId");

        assertThat(platform.get("/tenants/me/products", b.token()).body().get("items")).isEmpty();
        Response unchanged = platform.get("/tenants/me/products/" + productId, a.token());
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.text("/name")).isEqualTo("Rice bowl");
        assertThat(unchanged.header("ETag")).hasValue("\"v1\"");
        assertThat(platform.get("/tenants/me/categories/" + categoryId, a.token()).status()).isEqualTo(200);
        assertThat(productRows(b)).isZero();
    }

    @Test
    void given_stale_if_match_when_patching_or_deleting_product_then_412_and_unchanged() {
        Shop shop = newShop("KWD");
        String id = createProduct(shop, product("Jug", "4.000")).get("id").asText();
        String path = "/tenants/me/products/" + id;
        assertThat(platform.get(path, shop.token()).header("ETag")).hasValue("\"v1\"");

        Response renamed = platform.patch(path, shop.token(), Map.of("name", "Water jug"), "If-Match", "\"v1\"");
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        assertThat(renamed.header("ETag")).hasValue("\"v2\"");

        Response stalePatch = platform.patch(path, shop.token(), Map.of("name", "Lost update"), "If-Match", "\"v1\"");
        assertProblem(stalePatch, 412);
        assertThat(stalePatch.text("/type")).endsWith("precondition-failed");
        assertProblem(platform.patch(path, shop.token(), Map.of("name", "Lost"), "If-Match", "W/\"v2\""), 412);
        assertProblem(platform.delete(path, shop.token(), "If-Match", "\"v1\""), 412);

        Response current = platform.get(path, shop.token());
        assertThat(current.text("/name")).isEqualTo("Water jug");
        assertThat(current.header("ETag")).hasValue("\"v2\"");
        assertThat(platform.delete(path, shop.token(), "If-Match", "\"v2\"").status()).isEqualTo(204);
        assertThat(productRows(shop)).isZero();
    }

    @Test
    void given_anonymous_visitor_when_browsing_storefront_then_only_published_products_of_that_shop_formatted() {
        Shop shop = newShop("KWD");
        Shop other = newShop("KWD");
        createProduct(shop, product("Published kwd", "3.5", "status", "published", "slug", "published-kwd"));
        createProduct(shop, product("Published usd", "12.5", "currency", "USD", "status", "published",
                "slug", "published-usd"));
        createProduct(shop, product("Still a draft", "1.000", "slug", "draft-one"));
        createProduct(shop, product("Archived", "1.000", "status", "archived", "slug", "archived-one"));
        createProduct(other, product("Other shop", "9.000", "status", "published", "slug", "other-shop"));

        Response page = platform.get("/storefront/" + shop.slug() + "/products", null);

        assertThat(page.status()).as("%s", page).isEqualTo(200);
        Map<String, JsonNode> bySlug = new HashMap<>();
        page.body().get("items").forEach(item -> bySlug.put(item.get("slug").asText(), item));
        assertThat(bySlug.keySet()).containsExactlyInAnyOrder("published-kwd", "published-usd");
        assertThat(bySlug.get("published-kwd").get("price").asText()).isEqualTo("3.500");
        assertThat(bySlug.get("published-kwd").get("currency").asText()).isEqualTo("KWD");
        assertThat(bySlug.get("published-usd").get("price").asText()).isEqualTo("12.50");
        assertThat(bySlug.get("published-usd").get("currency").asText()).isEqualTo("USD");
        List<String> fields = new ArrayList<>();
        bySlug.get("published-kwd").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrderElementsOf(STOREFRONT_PRODUCT_FIELDS);
        assertThat(page.body().get("nextCursor").isNull()).isTrue();

        String prefix = "/storefront/" + shop.slug() + "/products/";
        assertThat(platform.get(prefix + "published-usd", null).text("/price")).isEqualTo("12.50");
        assertProblem(platform.get(prefix + "draft-one", null), 404);
        assertProblem(platform.get(prefix + "archived-one", null), 404);
        assertProblem(platform.get(prefix + "other-shop", null), 404);
        assertProblem(platform.get("/storefront/no-such-shop-" + UUID.randomUUID() + "/products", null), 404);
    }

    @Test
    void given_storefront_etag_when_revalidating_then_304_until_the_content_changes() {
        Shop shop = newShop("KWD");
        createProduct(shop, product("Teapot", "8.000", "status", "published"));
        String path = "/storefront/" + shop.slug() + "/products";

        Response first = platform.get(path, null);
        String etag = first.header("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");
        assertThat(first.header("Cache-Control")).hasValue("public, max-age=60");

        Response revalidated = platform.get(path, null, "If-None-Match", etag);
        assertThat(revalidated.status()).isEqualTo(304);
        assertThat(revalidated.raw().body()).isEmpty();
        assertThat(revalidated.header("ETag")).hasValue(etag);

        createProduct(shop, product("Sugar bowl", "2.000", "status", "published"));
        Response changed = platform.get(path, null, "If-None-Match", etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).get().isNotEqualTo(etag);
        assertThat(changed.body().get("items")).hasSize(2);
    }

    static Stream<Arguments> invalid_storefront_queries() {
        return Stream.of(
                Arguments.of("cursor=garbage", "cursor"),
                Arguments.of("limit=0", "limit"),
                Arguments.of("limit=101", "limit"),
                Arguments.of("limit=ten", "limit"),
                Arguments.of("sort=cheapest", "sort"),
                Arguments.of("minPrice=abc", "minPrice"),
                Arguments.of("minPrice=5&maxPrice=1", "maxPrice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid_storefront_queries")
    void given_invalid_storefront_query_when_listing_then_400_problem_naming_the_parameter(String query, String field) {
        Shop shop = newShop("KWD");

        Response response = platform.get("/storefront/" + shop.slug() + "/products?" + query, null);

        assertProblem(response, 400);
        assertThat(response.text("/field")).isEqualTo(field);
    }

    @Test
    void given_cursor_of_another_sort_when_listing_then_400_naming_cursor() {
        Shop shop = newShop("KWD");
        publishNumbered(shop, 3);
        String cursor = storefrontPage(shop, "limit=1&sort=name", null).get("nextCursor").asText();

        Response response = platform.get("/storefront/" + shop.slug() + "/products?limit=1&sort=price&cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8), null);

        assertProblem(response, 400);
        assertThat(response.text("/field")).isEqualTo("cursor");
    }

    @Test
    void given_search_text_with_like_wildcards_when_listing_then_they_match_literally() {
        Shop shop = newShop("KWD");
        createProduct(shop, product("100% cotton towel", "2.000", "status", "published"));
        createProduct(shop, product("Linen towel", "3.000", "status", "published"));

        JsonNode percent = storefrontPage(shop, "q=%25", null);
        JsonNode underscore = storefrontPage(shop, "q=_", null);

        assertThat(percent.get("items")).hasSize(1);
        assertThat(percent.at("/items/0/name").asText()).isEqualTo("100% cotton towel");
        assertThat(underscore.get("items")).isEmpty();
    }

    @Test
    void given_twenty_concurrent_patches_with_the_same_if_match_then_exactly_one_wins() throws Exception {
        Shop shop = newShop("KWD");
        String path = "/tenants/me/products/" + createProduct(shop, product("Vase", "9.000")).get("id").asText();
        CountDownLatch go = new CountDownLatch(1);
        List<Response> responses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "Vase " + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return platform.patch(path, shop.token(), Map.of("name", name), "If-Match", "\"v1\"");
                }));
            }
            go.countDown();
            for (var future : futures) {
                responses.add(future.get());
            }
        }

        List<Response> won = responses.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200).hasSize(19).allMatch(r -> r.status() == 412);
        Response current = platform.get(path, shop.token());
        assertThat(current.header("ETag")).hasValue("\"v2\"");
        assertThat(current.text("/name")).isEqualTo(won.getFirst().text("/name"));
    }

    @Test
    void given_45_published_products_when_paging_by_10_then_every_product_exactly_once() {
        Shop shop = newShop("KWD");
        Set<String> all = publishNumbered(shop, 45);
        // A draft never shows, however the pages fall.
        createProduct(shop, product("Item draft", "1.000"));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = storefrontPage(shop, "limit=10", cursor);
            sizes.add(page.get("items").size());
            page.get("items").forEach(item -> seen.add(item.get("id").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null && sizes.size() < 10);

        assertThat(sizes).containsExactly(10, 10, 10, 10, 5);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void given_products_inserted_between_page_fetches_when_paging_then_no_duplicates_and_no_originals_missed() {
        Shop shop = newShop("KWD");
        Set<String> originals = publishNumbered(shop, 45);

        for (String sort : List.of("name", "newest", "price")) {
            List<String> seen = new ArrayList<>();
            Set<String> inserted = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonNode page = storefrontPage(shop, "limit=10&sort=" + sort, cursor);
                page.get("items").forEach(item -> seen.add(item.get("id").asText()));
                cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
                pages++;
                // Between the pages others keep selling: new products at both ends of every order.
                inserted.add(createProduct(shop, product("Aaa new " + sort + pages, "0.001", "status", "published"))
                        .get("id").asText());
                inserted.add(createProduct(shop, product("Zzz new " + sort + pages, "999.000", "status",
                        "published")).get("id").asText());
            } while (cursor != null && pages < 20);

            assertThat(seen).as("sort=%s", sort).doesNotHaveDuplicates().containsAll(originals);
            assertThat(inserted).as("sort=%s", sort).containsAll(
                    seen.stream().filter(id -> !originals.contains(id)).toList());
            originals.addAll(inserted);
        }
    }

    @Test
    void given_renamed_slugs_when_visiting_old_storefront_urls_then_308_to_the_new_ones() {
        Shop shop = newShop("KWD");
        JsonNode category = created(platform.post("/tenants/me/categories", shop.token(),
                Map.of("name", "Mugs", "slug", "mugs")));
        String productId = createProduct(shop, product("Blue mug", "5.000", "slug", "blue-mug", "status",
                "published", "categoryId", category.get("id").asText())).get("id").asText();

        assertThat(platform.patch("/tenants/me/products/" + productId, shop.token(), Map.of("slug", "cobalt-mug"))
                .status()).isEqualTo(200);
        assertThat(platform.patch("/tenants/me/categories/" + category.get("id").asText(), shop.token(),
                Map.of("slug", "cups")).status()).isEqualTo(200);

        String base = "/storefront/" + shop.slug() + "/products";
        Response oldProduct = platform.get(base + "/blue-mug", null);
        assertThat(oldProduct.status()).isEqualTo(308);
        assertThat(oldProduct.header("Location")).hasValue(base + "/cobalt-mug");
        assertThat(platform.get(base + "/cobalt-mug", null).text("/id")).isEqualTo(productId);

        Response oldCategory = platform.get(base + "?category=mugs&limit=5", null);
        assertThat(oldCategory.status()).isEqualTo(308);
        assertThat(oldCategory.header("Location")).hasValue(base + "?category=cups&limit=5");
        Response newCategory = platform.get(oldCategory.header("Location").orElseThrow(), null);
        assertThat(newCategory.body().at("/items/0/id").asText()).isEqualTo(productId);
    }

    @Test
    void given_category_with_products_when_deleting_then_409_unless_detached_and_products_lose_their_category() {
        Shop shop = newShop("KWD");
        String categoryId = created(platform.post("/tenants/me/categories", shop.token(), Map.of("name", "Plates")))
                .get("id").asText();
        String productId = createProduct(shop, product("Dinner plate", "6.000", "categoryId", categoryId))
                .get("id").asText();
        String path = "/tenants/me/categories/" + categoryId;

        Response refused = platform.delete(path, shop.token());
        assertProblem(refused, 409);
        Response unknownCascade = platform.delete(path + "?cascade=everything", shop.token());
        assertProblem(unknownCascade, 400);
        assertThat(unknownCascade.text("/field")).isEqualTo("cascade");
        assertThat(platform.get("/tenants/me/products/" + productId, shop.token()).text("/categoryId"))
                .isEqualTo(categoryId);

        assertThat(platform.delete(path + "?cascade=detach", shop.token()).status()).isEqualTo(204);

        assertProblem(platform.get(path, shop.token()), 404);
        assertThat(platform.get("/tenants/me/products/" + productId, shop.token()).body().get("categoryId").isNull())
                .isTrue();
        assertThat(platform.queryLong("SELECT count(*) FROM products WHERE id = ? AND category_id IS NULL",
                UUID.fromString(productId))).isEqualTo(1);
    }

    @Test
    void given_inheriting_product_with_three_decimals_when_changing_default_to_usd_then_409_until_it_has_own_currency() {
        Shop shop = newShop("KWD");
        String fine = createProduct(shop, product("Saffron", "12.345")).get("id").asText();
        String coarse = createProduct(shop, product("Salt", "5.1")).get("id").asText();

        Response refused = platform.patch("/tenants/me", shop.token(), Map.of("defaultCurrency", "USD"));
        assertProblem(refused, 409);
        assertThat(refused.text("/field")).isEqualTo("defaultCurrency");
        assertThat(platform.get("/tenants/me", shop.token()).text("/defaultCurrency")).isEqualTo("KWD");

        Response ownCurrency = platform.patch("/tenants/me/products/" + fine, shop.token(), Map.of("currency", "KWD"));
        assertThat(ownCurrency.status()).as("%s", ownCurrency).isEqualTo(200);
        Response changed = platform.patch("/tenants/me", shop.token(), Map.of("defaultCurrency", "USD"));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.text("/defaultCurrency")).isEqualTo("USD");

        JsonNode saffron = platform.get("/tenants/me/products/" + fine, shop.token()).body();
        assertThat(saffron.get("price").asText()).isEqualTo("12.345");
        assertThat(saffron.get("effectiveCurrency").asText()).isEqualTo("KWD");
        JsonNode salt = platform.get("/tenants/me/products/" + coarse, shop.token()).body();
        assertThat(salt.get("price").asText()).isEqualTo("5.10");
        assertThat(salt.get("effectiveCurrency").asText()).isEqualTo("USD");
    }

    /** Publishes "Item 01" … with distinct prices; returns their ids. */
    private static Set<String> publishNumbered(Shop shop, int count) {
        Set<String> ids = new HashSet<>();
        IntStream.rangeClosed(1, count).forEach(i -> ids.add(createProduct(shop,
                product("Item %02d".formatted(i), "%d.%03d".formatted(i, i), "status", "published"))
                .get("id").asText()));
        return ids;
    }

    private static JsonNode storefrontPage(Shop shop, String query, String cursor) {
        String path = "/storefront/" + shop.slug() + "/products?" + query
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor,
                        StandardCharsets.UTF_8));
        Response page = platform.get(path, null);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return page.body();
    }
}
