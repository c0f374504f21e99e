package io.saasplatform.application.service;

import static io.saasplatform.application.service.CatalogFixture.product;
import static io.saasplatform.application.service.CatalogFixture.productIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryDraft;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.service.CatalogFixture.CategoryChanges;
import io.saasplatform.application.service.CatalogFixture.ProductChanges;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StorefrontServiceTest {
    private static final OptionalLong ANY_VERSION = OptionalLong.empty();

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final CatalogFixture fixture = new CatalogFixture();
    private final CatalogService catalog =
            new CatalogService(fixture.unitOfWork, fixture.memberships, fixture.tenants, fixture.catalog, clock);
    private final StorefrontService storefront =
            new StorefrontService(fixture.unitOfWork, fixture.tenants, fixture.catalog);

    @Test
    void given_products_in_every_status_when_browsing_the_shop_then_only_published_ones() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        catalog.createProduct(owner, product("Draft", "1", "draft"));
        catalog.createProduct(owner, product("Live", "1", "published"));
        catalog.createProduct(owner, product("Old", "1", "archived"));

        assertThat(names(storefront.products("acme", ProductListRequest.defaults()))).containsExactly("Live");
    }

    @Test
    void given_status_filter_in_the_request_when_browsing_then_ignored_and_still_only_published() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        catalog.createProduct(owner, product("Draft", "1", "draft"));
        catalog.createProduct(owner, product("Live", "1", "published"));

        ProductListRequest asksForDrafts = new ProductListRequest(null, null, null, null, null, null, null, "draft");

        assertThat(names(storefront.products("acme", asksForDrafts))).containsExactly("Live");
    }

    @Test
    void given_two_shops_when_browsing_one_then_only_its_products_and_categories() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "KWD");
        catalog.createCategory(shopA, new CategoryDraft("Teas", null, null, null));
        catalog.createCategory(shopB, new CategoryDraft("Coffees", null, null, null));
        catalog.createProduct(shopA, product("Tea", "1.5", "published"));
        catalog.createProduct(shopB, product("Coffee", "2.125", "published"));

        assertThat(names(storefront.products("shop-a", ProductListRequest.defaults()))).containsExactly("Tea");
        assertThat(storefront.categories("shop-a")).extracting(Category::name).containsExactly("Teas");
        assertThat(names(storefront.products("shop-b", ProductListRequest.defaults()))).containsExactly("Coffee");
        assertNotFound(() -> storefront.product("shop-a", "coffee"), "product");
    }

    @Test
    void given_shops_with_different_currencies_when_browsing_then_prices_in_each_shops_currency() {
        Actor kwd = fixture.ownerOfShop("souq", "KWD");
        Actor jpy = fixture.ownerOfShop("mise", "JPY");
        catalog.createProduct(kwd, product("Dates", "12.5", "published"));
        catalog.createProduct(jpy, product("Tea", "1200", "published"));

        PricedProduct dates = storefront.product("souq", "dates");
        PricedProduct tea = storefront.product("mise", "tea");

        assertThat(dates.price().formatted()).isEqualTo("12.500");
        assertThat(dates.effectiveCurrency().value()).isEqualTo("KWD");
        assertThat(tea.price().formatted()).isEqualTo("1200");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"nowhere", "Not A Slug", "-acme", "../acme"})
    void given_unknown_or_malformed_shop_when_browsing_then_shop_not_found(String shop) {
        fixture.ownerOfShop("acme", "USD");

        assertNotFound(() -> storefront.categories(shop), "shop");
        assertNotFound(() -> storefront.products(shop, ProductListRequest.defaults()), "shop");
        assertNotFound(() -> storefront.product(shop, "tea"), "shop");
    }

    @Test
    void given_unknown_shop_later_opened_when_browsing_again_then_found() {
        assertNotFound(() -> storefront.categories("late"), "shop");

        fixture.ownerOfShop("late", "USD");

        assertThat(storefront.categories("late")).isEmpty();
    }

    @Test
    void given_shop_already_resolved_when_browsing_again_then_the_directory_is_not_asked_again() {
        fixture.ownerOfShop("acme", "USD");
        AtomicInteger lookups = new AtomicInteger();
        StorefrontService counting = new StorefrontService(fixture.unitOfWork, countingSlugLookups(lookups),
                fixture.catalog);

        counting.categories("acme");
        counting.products("acme", ProductListRequest.defaults());
        counting.categories("acme");

        assertThat(lookups).hasValue(1);
    }

    @Test
    void given_a_full_shop_cache_when_another_shop_is_found_then_the_least_recently_used_one_is_dropped() {
        fixture.ownerOfShop("shop-a", "USD");
        fixture.ownerOfShop("shop-b", "USD");
        fixture.ownerOfShop("shop-c", "USD");
        AtomicInteger lookups = new AtomicInteger();
        StorefrontService twoShops = new StorefrontService(fixture.unitOfWork, countingSlugLookups(lookups),
                fixture.catalog, 2);

        twoShops.categories("shop-a");
        twoShops.categories("shop-b");
        twoShops.categories("shop-a");
        twoShops.categories("shop-c");
        assertThat(lookups).as("a, b and c each looked up once").hasValue(3);

        twoShops.categories("shop-a");
        assertThat(lookups).as("a was used after b: still cached").hasValue(3);
        twoShops.categories("shop-b");
        assertThat(lookups).as("b was the least recently used: dropped, looked up again").hasValue(4);
    }

    @Test
    void given_a_full_cache_of_recently_used_shops_when_another_is_found_then_the_eviction_examines_a_bounded_number() {
        int size = 100;
        for (int i = 0; i <= size; i++) {
            fixture.ownerOfShop("shop-" + i, "USD");
        }
        StorefrontService cache = new StorefrontService(fixture.unitOfWork, fixture.tenants, fixture.catalog, size);
        for (int i = 0; i < size; i++) {
            cache.categories("shop-" + i);
        }
        for (int i = 0; i < size; i++) {
            cache.categories("shop-" + i); // every entry recently used: the worst case for the hand
        }

        cache.categories("shop-" + size);

        assertThat(cache.lastEvictionProbes()).isBetween(1, StorefrontService.MAX_EVICTION_PROBES);
    }

    @Test
    void given_a_cached_shop_whose_row_is_gone_when_browsing_then_shop_not_found_whatever_the_request_and_resolved_anew() {
        fixture.ownerOfShop("acme", "USD");
        AtomicInteger lookups = new AtomicInteger();
        AtomicBoolean gone = new AtomicBoolean();
        StorefrontService vanishing = new StorefrontService(fixture.unitOfWork,
                vanishingRows(countingSlugLookups(lookups), gone), fixture.catalog);
        vanishing.products("acme", ProductListRequest.defaults());

        gone.set(true);

        assertNotFound(() -> vanishing.products("acme", ProductListRequest.defaults()), "shop");
        assertNotFound(() -> vanishing.products("acme",
                new ProductListRequest(null, null, null, null, "random", null, null, null)), "shop");
        assertNotFound(() -> vanishing.products("acme", inCategory("teas")), "shop");
        assertNotFound(() -> vanishing.categories("acme"), "shop");
        assertThat(lookups).as("dropped from the cache when not found: looked up again by each later request")
                .hasValue(4);
    }

    @Test
    void given_published_product_when_reading_it_by_slug_then_found_and_draft_is_not() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        catalog.createProduct(owner, product("Tea", "1.5", "published"));
        catalog.createProduct(owner, product("Secret", "1", "draft"));

        assertThat(storefront.product("acme", "tea").product().name()).isEqualTo("Tea");
        assertNotFound(() -> storefront.product("acme", "secret"), "product");
        assertNotFound(() -> storefront.product("acme", "nothing"), "product");
        assertNotFound(() -> storefront.product("acme", "Not A Slug"), "product");
    }

    @Test
    void given_renamed_product_slug_when_reading_by_the_old_slug_then_moved_to_the_new_one() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct tea = catalog.createProduct(owner, product("Tea", "1.5", "published"));
        catalog.updateProduct(owner, tea.product().id(), new ProductChanges().slug("green-tea").patch(), ANY_VERSION);

        assertThatThrownBy(() -> storefront.product("acme", "tea"))
                .isInstanceOfSatisfying(SlugMovedException.class, e -> {
                    assertThat(e.field()).isEqualTo("productSlug");
                    assertThat(e.currentSlug()).isEqualTo(Slug.of("green-tea"));
                });
        assertThat(storefront.product("acme", "green-tea").product().id()).isEqualTo(tea.product().id());
    }

    @Test
    void given_renamed_product_that_is_no_longer_published_when_reading_by_the_old_slug_then_not_found() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct tea = catalog.createProduct(owner, product("Tea", "1.5", "published"));
        catalog.updateProduct(owner, tea.product().id(),
                new ProductChanges().slug("secret-tea").status("draft").patch(), ANY_VERSION);

        assertNotFound(() -> storefront.product("acme", "tea"), "product");
    }

    @Test
    void given_old_slug_reused_by_another_product_when_reading_it_then_the_live_product_wins() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct tea = catalog.createProduct(owner, product("Tea", "1.5", "published"));
        catalog.updateProduct(owner, tea.product().id(), new ProductChanges().slug("green-tea").patch(), ANY_VERSION);
        catalog.createProduct(owner, product("Tea", "2", "published"));

        assertThat(storefront.product("acme", "tea").price().formatted()).isEqualTo("2.00");
    }

    @Test
    void given_category_slug_when_browsing_products_then_only_that_categorys_products() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = catalog.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        catalog.createProduct(owner, productIn(teas.id(), "Sencha", "1", "published"));
        catalog.createProduct(owner, productIn(teas.id(), "Unreleased", "1", "draft"));
        catalog.createProduct(owner, product("Mug", "1", "published"));

        assertThat(names(storefront.products("acme", inCategory("teas")))).containsExactly("Sencha");
    }

    @Test
    void given_renamed_category_slug_when_browsing_by_the_old_slug_then_moved_to_the_new_one() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = catalog.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        catalog.updateCategory(owner, teas.id(), new CategoryChanges().slug("all-teas").patch(), ANY_VERSION);

        assertThatThrownBy(() -> storefront.products("acme", inCategory("teas")))
                .isInstanceOfSatisfying(SlugMovedException.class, e -> {
                    assertThat(e.field()).isEqualTo("category");
                    assertThat(e.currentSlug()).isEqualTo(Slug.of("all-teas"));
                });
    }

    @Test
    void given_unknown_category_when_browsing_products_then_empty_page() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        catalog.createProduct(owner, product("Mug", "1", "published"));

        Page<PricedProduct> page = storefront.products("acme", inCategory("coffees"));

        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
        // A value no category slug can take is the client's mistake: 400 naming the parameter, not an empty page.
        assertThatThrownBy(() -> storefront.products("acme", inCategory("Not A Slug")))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("category"));
    }

    @Test
    void given_categories_when_listing_them_then_flat_list_by_position_with_parent_ids() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = catalog.createCategory(owner, new CategoryDraft("Teas", null, null, 1));
        Category coffees = catalog.createCategory(owner, new CategoryDraft("Coffees", null, null, 0));
        Category green = catalog.createCategory(owner, new CategoryDraft("Green", null, teas.id(), 0));

        List<Category> categories = storefront.categories("acme");

        assertThat(categories).containsExactly(coffees, green, teas);
        assertThat(categories.get(1).parentId()).contains(teas.id());
    }

    @Test
    void given_many_published_products_when_paging_the_storefront_then_every_product_once() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        for (int i = 0; i < 7; i++) {
            catalog.createProduct(owner, product("Tea " + i, "1." + i, "published"));
            catalog.createProduct(owner, product("Hidden " + i, "1", "draft"));
            clock.advance(Duration.ofSeconds(1));
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<PricedProduct> page = storefront.products("acme",
                    new ProductListRequest(null, null, null, null, "-price", 3, cursor, null));
            seen.addAll(names(page));
            cursor = page.nextCursor().orElse(null);
        } while (cursor != null);

        assertThat(seen).containsExactly("Tea 6", "Tea 5", "Tea 4", "Tea 3", "Tea 2", "Tea 1", "Tea 0");
    }

    @Test
    void given_invalid_listing_parameters_when_browsing_then_refused_naming_the_field() {
        fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> storefront.products("acme",
                new ProductListRequest(null, null, null, null, "random", null, null, null)), "sort");
        assertRefused(() -> storefront.products("acme",
                new ProductListRequest(null, null, null, null, null, 0, null, null)), "limit");
        assertRefused(() -> storefront.products("acme",
                new ProductListRequest(null, null, null, null, null, null, "not-a-cursor", null)), "cursor");
    }

    // --- helpers

    private TenantRepository countingSlugLookups(AtomicInteger lookups) {
        return new ForwardingTenantRepository(fixture.tenants) {
            @Override
            public Optional<Tenant> findBySlug(Slug slug) {
                lookups.incrementAndGet();
                return super.findBySlug(slug);
            }
        };
    }

    /** The tenant rows of {@code real}, read by id, vanish once {@code gone} is set (the slug lookup still finds them). */
    private static TenantRepository vanishingRows(TenantRepository real, AtomicBoolean gone) {
        return new ForwardingTenantRepository(real) {
            @Override
            public Optional<Tenant> findById(TenantId id) {
                return gone.get() ? Optional.empty() : super.findById(id);
            }

            @Override
            public Optional<Tenant> findByIdForShare(TenantId id) {
                return findById(id);
            }

            @Override
            public Optional<Tenant> findByIdForUpdate(TenantId id) {
                return findById(id);
            }
        };
    }

    private static ProductListRequest inCategory(String category) {
        return new ProductListRequest(category, null, null, null, null, null, null, null);
    }

    private static List<String> names(Page<PricedProduct> page) {
        return page.items().stream().map(p -> p.product().name()).toList();
    }

    private static void assertNotFound(ThrowingCallable call, String resource) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo(resource));
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
