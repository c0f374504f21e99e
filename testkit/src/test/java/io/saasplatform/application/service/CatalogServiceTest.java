package io.saasplatform.application.service;

import static io.saasplatform.application.service.CatalogFixture.product;
import static io.saasplatform.application.service.CatalogFixture.productIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryDraft;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.service.CatalogFixture.CategoryChanges;
import io.saasplatform.application.service.CatalogFixture.ProductChanges;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogServiceTest {
    private static final OptionalLong ANY_VERSION = OptionalLong.empty();

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-15T10:00:00.123456789Z"));
    private final CatalogFixture fixture = new CatalogFixture();
    private final InMemoryUnitOfWork unitOfWork = fixture.unitOfWork;
    private final InMemoryCatalogRepository catalog = fixture.catalog;
    private final CatalogService service = serviceOver(catalog);

    // --- money

    static Stream<Arguments> payable_prices() {
        return Stream.of(
                Arguments.of("USD", null, "12.5", "12.50", "USD"),
                Arguments.of("USD", null, "12.50", "12.50", "USD"),
                Arguments.of("USD", null, "0", "0.00", "USD"),
                Arguments.of("KWD", null, "12.345", "12.345", "KWD"),
                Arguments.of("KWD", null, "12.5", "12.500", "KWD"),
                Arguments.of("USD", "KWD", "12.345", "12.345", "KWD"),
                Arguments.of("JPY", null, "1200", "1200", "JPY"),
                Arguments.of("KWD", "JPY", "1200.000", "1200", "JPY"),
                Arguments.of("JPY", "USD", "999999999.99", "999999999.99", "USD"),
                Arguments.of("KWD", null, "999999999.999", "999999999.999", "KWD"));
    }

    @ParameterizedTest(name = "{2} with own currency <{1}> in a {0} shop is {3} {4}")
    @MethodSource("payable_prices")
    void given_price_payable_in_effective_currency_when_creating_product_then_stored_and_formatted_to_its_minor_units(
            String shopCurrency, String ownCurrency, String price, String formatted, String effective) {
        Actor owner = fixture.ownerOfShop("acme", shopCurrency);

        PricedProduct created = service.createProduct(
                owner, new ProductDraft("Tea", null, null, new BigDecimal(price), ownCurrency, null, null));

        assertThat(created.price().formatted()).isEqualTo(formatted);
        assertThat(created.effectiveCurrency()).isEqualTo(CurrencyCode.of(effective));
        assertThat(created.product().currency()).isEqualTo(Optional.ofNullable(ownCurrency).map(CurrencyCode::of));
        assertThat(service.getProduct(owner, created.product().id())).isEqualTo(created);
    }

    static Stream<Arguments> unpayable_prices() {
        return Stream.of(
                Arguments.of("USD", null, "12.345"),
                Arguments.of("JPY", null, "1200.5"),
                Arguments.of("JPY", null, "0.01"),
                Arguments.of("KWD", "USD", "1.005"),
                Arguments.of("USD", "JPY", "10.5"),
                Arguments.of("KWD", null, "1.0005"),
                Arguments.of("USD", null, "-0.01"),
                Arguments.of("KWD", null, "1000000000"),
                Arguments.of("KWD", null, "999999999.9991"));
    }

    @ParameterizedTest(name = "{2} with own currency <{1}> in a {0} shop is refused")
    @MethodSource("unpayable_prices")
    void given_price_not_payable_in_effective_currency_when_creating_product_then_refused_naming_price_and_nothing_stored(
            String shopCurrency, String ownCurrency, String price) {
        Actor owner = fixture.ownerOfShop("acme", shopCurrency);

        assertRefused(() -> service.createProduct(
                owner, new ProductDraft("Tea", null, null, new BigDecimal(price), ownCurrency, null, null)), "price");

        assertThat(catalog.allProducts()).isEmpty();
    }

    @Test
    void given_missing_price_when_creating_product_then_refused_naming_price() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createProduct(owner, new ProductDraft("Tea", null, null, null, null, null, null)),
                "price");
    }

    @Test
    void given_product_without_own_currency_when_created_in_kwd_shop_then_it_inherits_kwd() {
        Actor owner = fixture.ownerOfShop("acme", "KWD");

        PricedProduct created = service.createProduct(owner, product("Dates", "2.125"));

        assertThat(created.product().currency()).isEmpty();
        assertThat(created.effectiveCurrency()).isEqualTo(CurrencyCode.of("KWD"));
        assertThat(created.price().formatted()).isEqualTo("2.125");
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "usd", "US", "", "EURO", "XAU"})
    void given_unknown_currency_when_creating_product_then_refused_naming_currency_and_nothing_stored(String currency) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createProduct(
                owner, new ProductDraft("Tea", null, null, BigDecimal.ONE, currency, null, null)), "currency");

        assertThat(catalog.allProducts()).isEmpty();
    }

    // --- other product fields

    @ParameterizedTest
    @ValueSource(strings = {"live", "DRAFT", "", "deleted"})
    void given_unknown_status_when_creating_product_then_refused_naming_status(String status) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createProduct(owner, product("Tea", "1", status)), "status");
    }

    @Test
    void given_no_status_when_creating_product_then_draft() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertThat(service.createProduct(owner, product("Tea", "1")).product().status()).isEqualTo(ProductStatus.DRAFT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Green Tea", "-tea", "tea-", "tea_1", "", "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"})
    void given_invalid_slug_when_creating_product_then_refused_naming_slug_and_nothing_stored(String slug) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createProduct(
                owner, new ProductDraft("Tea", slug, null, BigDecimal.ONE, null, null, null)), "slug");

        assertThat(catalog.allProducts()).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void given_missing_name_when_creating_product_then_refused_naming_name(String name) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createProduct(owner, new ProductDraft(name, null, null, BigDecimal.ONE, null,
                null, null)), "name");
        assertRefused(() -> service.createCategory(owner, new CategoryDraft(name, null, null, null)), "name");
    }

    @Test
    void given_description_longer_than_limit_when_creating_product_then_refused_naming_description() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        String tooLong = "d".repeat(Product.MAX_DESCRIPTION_LENGTH + 1);

        assertRefused(() -> service.createProduct(owner, new ProductDraft("Tea", null, tooLong, BigDecimal.ONE, null,
                null, null)), "description");
    }

    // --- slugs

    @Test
    void given_no_slug_when_creating_products_with_the_same_name_then_slugs_derived_from_the_name_and_numbered() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        List<String> slugs = Stream.of(1, 2, 3)
                .map(i -> service.createProduct(owner, product("Crème Brûlée!", "4.50")).product().slug().value())
                .toList();

        assertThat(slugs).containsExactly("creme-brulee", "creme-brulee-2", "creme-brulee-3");
    }

    @Test
    void given_name_without_usable_characters_when_creating_then_slug_falls_back_to_the_kind_of_thing() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertThat(service.createProduct(owner, product("日本茶", "4")).product().slug().value()).isEqualTo("product");
        assertThat(service.createProduct(owner, product("!!!", "4")).product().slug().value()).isEqualTo("product-2");
        assertThat(service.createCategory(owner, new CategoryDraft("日本茶", null, null, null)).slug().value())
                .isEqualTo("category");
    }

    @Test
    void given_taken_slug_when_creating_product_with_it_explicitly_then_conflict_on_slug_and_nothing_stored() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, new ProductDraft("Tea", "tea", null, BigDecimal.ONE, null, null, null));

        assertThatThrownBy(() -> service.createProduct(
                        owner, new ProductDraft("Other tea", "tea", null, BigDecimal.ONE, null, null, null)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));

        assertThat(catalog.allProducts()).hasSize(1);
    }

    @Test
    void given_taken_slug_when_creating_category_with_it_explicitly_then_conflict_on_slug() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createCategory(owner, new CategoryDraft("Teas", "teas", null, null));

        assertThatThrownBy(() -> service.createCategory(owner, new CategoryDraft("More teas", "teas", null, null)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));
    }

    @Test
    void given_same_slug_in_two_shops_when_creating_products_then_both_allowed() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "USD");

        service.createProduct(shopA, product("Tea", "1"));
        PricedProduct inB = service.createProduct(shopB, product("Tea", "1"));

        assertThat(inB.product().slug().value()).isEqualTo("tea");
    }

    @Test
    void given_derived_slug_taken_concurrently_when_creating_product_then_retried_with_the_next_free_slug() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, product("Tea", "1"));
        AtomicBoolean lied = new AtomicBoolean();
        // The other request inserted "tea" between our check and our insert: the check said free, the insert refuses.
        CatalogService racing = serviceOver(new ForwardingCatalogRepository(catalog) {
            @Override
            public boolean productSlugTaken(Slug slug) {
                return lied.compareAndSet(false, true) ? false : super.productSlugTaken(slug);
            }
        });

        PricedProduct created = racing.createProduct(owner, product("Tea", "2"));

        assertThat(created.product().slug().value()).isEqualTo("tea-2");
        assertThat(catalog.allProducts()).hasSize(2);
    }

    @Test
    void given_derived_slug_always_taken_concurrently_when_creating_category_then_conflict_on_slug_after_retries() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        CatalogService racing = serviceOver(new ForwardingCatalogRepository(catalog) {
            @Override
            public boolean categorySlugTaken(Slug slug) {
                return false;
            }
        });

        assertThatThrownBy(() -> racing.createCategory(owner, new CategoryDraft("Teas", null, null, null)))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));

        assertThat(catalog.allCategories()).hasSize(1);
    }

    // --- who may do what

    @Test
    void given_staff_member_when_managing_the_catalog_then_allowed() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Actor staff = fixture.memberOf(owner, Role.STAFF);

        Category category = service.createCategory(staff, new CategoryDraft("Teas", null, null, null));
        PricedProduct created = service.createProduct(staff, productIn(category.id(), "Tea", "1", "published"));
        service.updateProduct(staff, created.product().id(), new ProductChanges().price("2").patch(), ANY_VERSION);

        assertThat(service.listProducts(staff, ProductListRequest.defaults()).items())
                .extracting(p -> p.price().formatted())
                .containsExactly("2.00");
    }

    @Test
    void given_non_member_when_using_the_catalog_then_tenant_not_found_and_nothing_stored() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Actor stranger = fixture.strangerTo(owner);

        assertTenantNotFound(() -> service.createProduct(stranger, product("Tea", "1")));
        assertTenantNotFound(() -> service.createCategory(stranger, new CategoryDraft("Teas", null, null, null)));
        assertTenantNotFound(() -> service.listProducts(stranger, ProductListRequest.defaults()));
        assertTenantNotFound(() -> service.listCategories(stranger));

        assertThat(catalog.allProducts()).isEmpty();
        assertThat(catalog.allCategories()).isEmpty();
    }

    @Test
    void given_owner_of_shop_b_when_acting_on_shop_a_then_tenant_not_found() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "USD");

        assertTenantNotFound(() -> service.createProduct(new Actor(shopB.user(), shopA.tenant()), product("Tea", "1")));
        assertThat(catalog.allProducts()).isEmpty();
    }

    // --- isolation between shops

    @Test
    void given_product_of_shop_b_when_owner_of_shop_a_reads_changes_or_deletes_it_by_id_then_product_not_found() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "USD");
        PricedProduct ofB = service.createProduct(shopB, product("Tea", "1"));
        ProductId id = ofB.product().id();

        assertNotFound(() -> service.getProduct(shopA, id), "product");
        assertNotFound(() -> service.updateProduct(shopA, id, new ProductChanges().name("Hacked").patch(),
                ANY_VERSION), "product");
        assertNotFound(() -> service.deleteProduct(shopA, id, ANY_VERSION), "product");

        assertThat(service.getProduct(shopB, id)).isEqualTo(ofB);
        assertThat(service.listProducts(shopA, ProductListRequest.defaults()).items()).isEmpty();
    }

    @Test
    void given_category_of_shop_b_when_owner_of_shop_a_reads_changes_or_deletes_it_by_id_then_category_not_found() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "USD");
        Category ofB = service.createCategory(shopB, new CategoryDraft("Teas", null, null, null));

        assertNotFound(() -> service.getCategory(shopA, ofB.id()), "category");
        assertNotFound(() -> service.updateCategory(shopA, ofB.id(), new CategoryChanges().name("Hacked").patch(),
                ANY_VERSION), "category");
        assertNotFound(() -> service.deleteCategory(shopA, ofB.id(), true, ANY_VERSION), "category");

        assertThat(service.getCategory(shopB, ofB.id())).isEqualTo(ofB);
        assertThat(service.listCategories(shopA)).isEmpty();
    }

    @Test
    void given_category_of_shop_b_when_shop_a_files_a_product_or_category_under_it_then_refused_naming_the_field() {
        Actor shopA = fixture.ownerOfShop("shop-a", "USD");
        Actor shopB = fixture.ownerOfShop("shop-b", "USD");
        Category ofB = service.createCategory(shopB, new CategoryDraft("Teas", null, null, null));
        PricedProduct ofA = service.createProduct(shopA, product("Tea", "1"));

        assertRefused(() -> service.createProduct(shopA, productIn(ofB.id(), "Tea", "1", null)), "categoryId");
        assertRefused(() -> service.updateProduct(shopA, ofA.product().id(),
                new ProductChanges().categoryId(ofB.id()).patch(), ANY_VERSION), "categoryId");
        assertRefused(() -> service.createCategory(shopA, new CategoryDraft("Sub", null, ofB.id(), null)), "parentId");

        assertThat(catalog.allProducts()).hasSize(1);
        assertThat(catalog.allCategories()).hasSize(1);
    }

    // --- versions

    @Test
    void given_current_version_when_updating_product_then_changed_and_version_incremented() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct created = service.createProduct(owner, product("Tea", "1"));

        PricedProduct updated = service.updateProduct(owner, created.product().id(),
                new ProductChanges().name("Green Tea").patch(), OptionalLong.of(1));

        assertThat(updated.product().version()).isEqualTo(2);
        assertThat(updated.product().name()).isEqualTo("Green Tea");
        assertThat(service.getProduct(owner, created.product().id())).isEqualTo(updated);
    }

    @Test
    void given_stale_version_when_updating_or_deleting_then_precondition_failed_and_unchanged() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        ProductId product = service.createProduct(owner, product("Tea", "1")).product().id();
        service.updateProduct(owner, product, new ProductChanges().price("2").patch(), OptionalLong.of(1));
        CategoryId category = service.createCategory(owner, new CategoryDraft("Teas", null, null, null)).id();
        service.updateCategory(owner, category, new CategoryChanges().name("All teas").patch(), OptionalLong.of(1));
        List<Product> productsBefore = catalog.allProducts();
        List<Category> categoriesBefore = catalog.allCategories();

        assertThatThrownBy(() -> service.updateProduct(owner, product, new ProductChanges().price("3").patch(),
                OptionalLong.of(1))).isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> service.deleteProduct(owner, product, OptionalLong.of(1)))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> service.updateCategory(owner, category, new CategoryChanges().name("X").patch(),
                OptionalLong.of(1))).isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> service.deleteCategory(owner, category, false, OptionalLong.of(1)))
                .isInstanceOf(PreconditionFailedException.class);

        assertThat(catalog.allProducts()).isEqualTo(productsBefore);
        assertThat(catalog.allCategories()).isEqualTo(categoriesBefore);
    }

    @Test
    void given_change_by_someone_else_between_read_and_write_when_updating_then_precondition_failed() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        ProductId product = service.createProduct(owner, product("Tea", "1")).product().id();
        // The repository's compare-and-set finds another version than the one the service read.
        CatalogService racing = serviceOver(new ForwardingCatalogRepository(catalog) {
            @Override
            public Optional<Product> updateProduct(Product p) {
                return Optional.empty();
            }
        });

        assertThatThrownBy(() -> racing.updateProduct(owner, product, new ProductChanges().price("2").patch(),
                ANY_VERSION)).isInstanceOf(PreconditionFailedException.class);
    }

    @Test
    void given_current_version_when_deleting_product_then_gone() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        ProductId product = service.createProduct(owner, product("Tea", "1")).product().id();

        service.deleteProduct(owner, product, OptionalLong.of(1));

        assertNotFound(() -> service.getProduct(owner, product), "product");
        assertThat(catalog.allProducts()).isEmpty();
    }

    // --- changing products

    @Test
    void given_usd_product_with_cents_when_changing_only_its_currency_to_jpy_then_refused_naming_currency() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct created = service.createProduct(owner, product("Tea", "12.50"));

        assertRefused(() -> service.updateProduct(owner, created.product().id(),
                new ProductChanges().currency("JPY").patch(), ANY_VERSION), "currency");

        assertThat(service.getProduct(owner, created.product().id())).isEqualTo(created);
    }

    @Test
    void given_usd_product_when_changing_price_and_currency_to_jpy_together_then_changed() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct created = service.createProduct(owner, product("Tea", "12.50"));

        PricedProduct updated = service.updateProduct(owner, created.product().id(),
                new ProductChanges().currency("JPY").price("1200").patch(), ANY_VERSION);

        assertThat(updated.price().formatted()).isEqualTo("1200");
        assertThat(updated.effectiveCurrency()).isEqualTo(CurrencyCode.of("JPY"));
    }

    @Test
    void given_product_with_own_usd_in_jpy_shop_when_clearing_its_currency_then_refused_naming_currency() {
        Actor owner = fixture.ownerOfShop("acme", "JPY");
        PricedProduct created = service.createProduct(
                owner, new ProductDraft("Tea", null, null, new BigDecimal("12.50"), "USD", null, null));

        assertRefused(() -> service.updateProduct(owner, created.product().id(),
                new ProductChanges().currency(null).patch(), ANY_VERSION), "currency");
    }

    @Test
    void given_jpy_product_when_changing_price_to_fractional_yen_then_refused_naming_price() {
        Actor owner = fixture.ownerOfShop("acme", "JPY");
        PricedProduct created = service.createProduct(owner, product("Tea", "1200"));

        assertRefused(() -> service.updateProduct(owner, created.product().id(),
                new ProductChanges().price("1200.5").patch(), ANY_VERSION), "price");
        assertRefused(() -> service.updateProduct(owner, created.product().id(),
                new ProductChanges().price(null).patch(), ANY_VERSION), "price");
    }

    @Test
    void given_product_when_patching_some_fields_then_absent_fields_kept_and_null_clears_optional_ones() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        PricedProduct created = service.createProduct(owner,
                new ProductDraft("Tea", "tea", "Leaves.", new BigDecimal("3.50"), "KWD", teas.id(), "published"));

        Product updated = service.updateProduct(owner, created.product().id(),
                new ProductChanges().description(null).categoryId(null).status("archived").patch(), ANY_VERSION)
                .product();

        assertThat(updated.description()).isEmpty();
        assertThat(updated.categoryId()).isEmpty();
        assertThat(updated.status()).isEqualTo(ProductStatus.ARCHIVED);
        assertThat(updated.name()).isEqualTo("Tea");
        assertThat(updated.slug().value()).isEqualTo("tea");
        assertThat(updated.price()).isEqualByComparingTo("3.5");
        assertThat(updated.currency()).contains(CurrencyCode.of("KWD"));
    }

    @Test
    void given_product_when_renaming_its_slug_then_old_slug_leads_to_the_new_one() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        PricedProduct created = service.createProduct(owner, product("Tea", "1"));

        service.updateProduct(owner, created.product().id(), new ProductChanges().slug("green-tea").patch(),
                ANY_VERSION);

        assertThat(unitOfWork.inTenant(owner.tenant(), () -> catalog.currentProductSlugFor(Slug.of("tea"))))
                .contains(Slug.of("green-tea"));
    }

    @Test
    void given_slug_of_another_product_when_renaming_to_it_then_conflict_on_slug_and_unchanged() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, product("Tea", "1"));
        PricedProduct coffee = service.createProduct(owner, product("Coffee", "1"));

        assertThatThrownBy(() -> service.updateProduct(owner, coffee.product().id(),
                        new ProductChanges().slug("tea").patch(), ANY_VERSION))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));

        assertThat(service.getProduct(owner, coffee.product().id())).isEqualTo(coffee);
        assertThat(unitOfWork.inTenant(owner.tenant(), () -> catalog.currentProductSlugFor(Slug.of("coffee"))))
                .isEmpty();
    }

    @Test
    void given_clock_with_nanoseconds_when_creating_and_updating_then_timestamps_in_microseconds_and_creation_kept() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        PricedProduct created = service.createProduct(owner, product("Tea", "1"));
        clock.advance(Duration.ofMinutes(5));
        PricedProduct updated = service.updateProduct(owner, created.product().id(),
                new ProductChanges().price("2").patch(), ANY_VERSION);

        assertThat(created.product().createdAt()).isEqualTo(Instant.parse("2030-01-15T10:00:00.123456Z"));
        assertThat(updated.product().createdAt()).isEqualTo(created.product().createdAt());
        assertThat(updated.product().updatedAt()).isEqualTo(Instant.parse("2030-01-15T10:05:00.123456Z"));
    }

    // --- categories

    @Test
    void given_categories_without_position_when_creating_then_each_appended_after_its_last_sibling() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        Category coffees = service.createCategory(owner, new CategoryDraft("Coffees", null, null, null));
        Category green = service.createCategory(owner, new CategoryDraft("Green", null, teas.id(), null));
        Category cups = service.createCategory(owner, new CategoryDraft("Cups", null, null, 10));
        Category pots = service.createCategory(owner, new CategoryDraft("Pots", null, null, null));
        Category black = service.createCategory(owner, new CategoryDraft("Black", null, teas.id(), null));

        assertThat(List.of(teas, coffees, green, cups, pots, black))
                .extracting(Category::position)
                .containsExactly(0, 1, 0, 10, 11, 1);
        assertThat(green.parentId()).contains(teas.id());
        assertThat(teas.version()).isEqualTo(1);
    }

    @Test
    void given_negative_position_when_creating_category_then_refused_naming_position() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createCategory(owner, new CategoryDraft("Teas", null, null, -1)), "position");
    }

    @Test
    void given_unknown_parent_when_creating_category_then_refused_naming_parent_id_and_nothing_stored() {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.createCategory(owner, new CategoryDraft("Teas", null, CategoryId.random(), null)),
                "parentId");

        assertThat(catalog.allCategories()).isEmpty();
    }

    @Test
    void given_chain_a_b_c_when_moving_a_under_c_then_refused_naming_parent_id_and_unchanged() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category a = service.createCategory(owner, new CategoryDraft("A", null, null, null));
        Category b = service.createCategory(owner, new CategoryDraft("B", null, a.id(), null));
        Category c = service.createCategory(owner, new CategoryDraft("C", null, b.id(), null));

        assertRefused(() -> service.updateCategory(owner, a.id(), new CategoryChanges().parentId(c.id()).patch(),
                ANY_VERSION), "parentId");
        assertRefused(() -> service.updateCategory(owner, a.id(), new CategoryChanges().parentId(a.id()).patch(),
                ANY_VERSION), "parentId");

        assertThat(service.getCategory(owner, a.id())).isEqualTo(a);
    }

    @Test
    void given_cycle_only_the_repository_sees_when_moving_category_then_refused_naming_parent_id() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category a = service.createCategory(owner, new CategoryDraft("A", null, null, null));
        Category b = service.createCategory(owner, new CategoryDraft("B", null, a.id(), null));
        // A concurrent move made the cycle after our check: the repository's own check refuses it.
        CatalogService racing = serviceOver(new ForwardingCatalogRepository(catalog) {
            @Override
            public List<CategoryId> ancestorsOf(CategoryId id) {
                return List.of();
            }
        });

        assertRefused(() -> racing.updateCategory(owner, a.id(), new CategoryChanges().parentId(b.id()).patch(),
                ANY_VERSION), "parentId");
        assertThat(service.getCategory(owner, a.id())).isEqualTo(a);
    }

    @Test
    void given_child_category_when_moving_it_to_the_root_then_root_and_last_among_roots() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        service.createCategory(owner, new CategoryDraft("Coffees", null, null, null));
        Category green = service.createCategory(owner, new CategoryDraft("Green", null, teas.id(), null));

        Category moved = service.updateCategory(owner, green.id(), new CategoryChanges().parentId(null).patch(),
                OptionalLong.of(1));

        assertThat(moved.parentId()).isEmpty();
        assertThat(moved.position()).isEqualTo(2);
        assertThat(moved.version()).isEqualTo(2);
    }

    @Test
    void given_category_when_renaming_its_slug_then_old_slug_leads_to_the_new_one() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));

        Category renamed = service.updateCategory(owner, teas.id(), new CategoryChanges().slug("all-teas").patch(),
                ANY_VERSION);

        assertThat(renamed.slug().value()).isEqualTo("all-teas");
        assertThat(unitOfWork.inTenant(owner.tenant(), () -> catalog.currentCategorySlugFor(Slug.of("teas"))))
                .contains(Slug.of("all-teas"));
    }

    @Test
    void given_category_with_products_when_deleting_without_detach_then_conflict_with_counts_and_nothing_deleted() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        service.createProduct(owner, productIn(teas.id(), "Green", "1", null));
        service.createProduct(owner, productIn(teas.id(), "Black", "1", null));

        assertThatThrownBy(() -> service.deleteCategory(owner, teas.id(), false, ANY_VERSION))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).contains("2 products", "0 child categories", "cascade=detach");
                });

        assertThat(catalog.allCategories()).containsExactly(teas);
        assertThat(catalog.allProducts()).allSatisfy(p -> assertThat(p.categoryId()).contains(teas.id()));
    }

    @Test
    void given_category_with_children_when_deleting_without_detach_then_conflict_with_counts() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        service.createCategory(owner, new CategoryDraft("Green", null, teas.id(), null));

        assertThatThrownBy(() -> service.deleteCategory(owner, teas.id(), false, ANY_VERSION))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.getMessage()).contains("0 products", "1 child category"));

        assertThat(catalog.allCategories()).hasSize(2);
    }

    @Test
    void given_category_with_products_and_children_when_deleting_with_detach_then_products_uncategorised_and_children_moved_up() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category drinks = service.createCategory(owner, new CategoryDraft("Drinks", null, null, null));
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, drinks.id(), null));
        Category green = service.createCategory(owner, new CategoryDraft("Green", null, teas.id(), null));
        PricedProduct sencha = service.createProduct(owner, productIn(teas.id(), "Sencha", "1", null));

        service.deleteCategory(owner, teas.id(), true, OptionalLong.of(1));

        assertNotFound(() -> service.getCategory(owner, teas.id()), "category");
        assertThat(service.getCategory(owner, green.id()).parentId()).contains(drinks.id());
        assertThat(service.getProduct(owner, sencha.product().id()).product().categoryId()).isEmpty();
    }

    @Test
    void given_failure_after_detaching_when_deleting_category_then_nothing_detached() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        PricedProduct sencha = service.createProduct(owner, productIn(teas.id(), "Sencha", "1", null));
        CatalogService failing = serviceOver(new ForwardingCatalogRepository(catalog) {
            @Override
            public boolean deleteCategory(CategoryId id) {
                throw new IllegalStateException("connection lost");
            }
        });

        assertThatThrownBy(() -> failing.deleteCategory(owner, teas.id(), true, ANY_VERSION))
                .isInstanceOf(IllegalStateException.class);

        assertThat(service.getProduct(owner, sencha.product().id())).isEqualTo(sencha);
        assertThat(service.getCategory(owner, teas.id())).isEqualTo(teas);
    }

    @Test
    void given_empty_category_when_deleting_then_gone() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));

        service.deleteCategory(owner, teas.id(), false, ANY_VERSION);

        assertThat(service.listCategories(owner)).isEmpty();
    }

    // --- listing

    static Stream<Arguments> sorts_and_page_sizes() {
        return Stream.of(
                Arguments.of("name", 1), Arguments.of("name", 3),
                Arguments.of("price", 2), Arguments.of("price", 4),
                Arguments.of("-price", 3), Arguments.of("-price", 1),
                Arguments.of("newest", 2), Arguments.of(null, 3), Arguments.of("newest", 100));
    }

    @ParameterizedTest(name = "sort {0}, {1} per page")
    @MethodSource("sorts_and_page_sizes")
    void given_products_when_paging_through_a_sort_then_pages_concatenate_to_the_whole_order_without_gaps_or_repeats(
            String sort, int limit) {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        List<Product> products = sevenProductsWithTies(owner);

        List<Product> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<PricedProduct> page = service.listProducts(owner, listing(sort, limit, cursor));
            assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
            page.items().forEach(p -> paged.add(p.product()));
            cursor = page.nextCursor().orElse(null);
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(paged).containsExactlyElementsOf(products.stream().sorted(expectedOrder(sort)).toList());
        assertThat(pages).isEqualTo(Math.max(1, (products.size() + limit - 1) / limit));
    }

    @Test
    void given_exactly_one_full_page_when_listing_then_no_next_cursor() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, product("A", "1"));
        service.createProduct(owner, product("B", "2"));

        assertThat(service.listProducts(owner, listing("name", 2, null)).nextCursor()).isEmpty();
        assertThat(service.listProducts(owner, listing("name", 1, null)).nextCursor()).isPresent();
    }

    @Test
    void given_cursor_of_a_name_listing_when_listing_by_price_then_refused_naming_cursor() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        sevenProductsWithTies(owner);
        String byName = service.listProducts(owner, listing("name", 2, null)).nextCursor().orElseThrow();

        assertRefused(() -> service.listProducts(owner, listing("price", 2, byName)), "cursor");
        assertRefused(() -> service.listProducts(owner, listing(null, 2, byName)), "cursor");
        assertRefused(() -> service.listProducts(owner, listing("name", 2, byName + "x")), "cursor");
        assertRefused(() -> service.listProducts(owner, listing("name", 2, "garbage")), "cursor");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, 1000})
    void given_limit_outside_1_to_100_when_listing_then_refused_naming_limit(int limit) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.listProducts(owner, listing("name", limit, null)), "limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"popular", "NAME", "+price", "oldest"})
    void given_unknown_sort_when_listing_then_refused_naming_sort(String sort) {
        Actor owner = fixture.ownerOfShop("acme", "USD");

        assertRefused(() -> service.listProducts(owner, listing(sort, 10, null)), "sort");
    }

    @Test
    void given_default_request_when_listing_then_newest_first_and_twenty_per_page() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        for (int i = 0; i < 21; i++) {
            service.createProduct(owner, product("Product " + i, "1"));
            clock.advance(Duration.ofSeconds(1));
        }

        Page<PricedProduct> page = service.listProducts(owner, ProductListRequest.defaults());

        assertThat(page.items()).hasSize(ProductListRequest.DEFAULT_LIMIT);
        assertThat(page.items().getFirst().product().name()).isEqualTo("Product 20");
        assertThat(page.nextCursor()).isPresent();
    }

    @Test
    void given_products_in_every_status_when_filtering_by_status_then_only_that_status() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, product("Draft", "1", "draft"));
        service.createProduct(owner, product("Live", "1", "published"));
        service.createProduct(owner, product("Old", "1", "archived"));

        assertThat(names(service.listProducts(owner, filtered(null, null, null, null, "published"))))
                .containsExactly("Live");
        assertThat(names(service.listProducts(owner, ProductListRequest.defaults())))
                .containsExactlyInAnyOrder("Draft", "Live", "Old");
        assertRefused(() -> service.listProducts(owner, filtered(null, null, null, null, "live")), "status");
    }

    @Test
    void given_category_slug_when_listing_then_only_its_products_and_unknown_category_lists_nothing() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        Category teas = service.createCategory(owner, new CategoryDraft("Teas", null, null, null));
        service.createProduct(owner, productIn(teas.id(), "Sencha", "1", null));
        service.createProduct(owner, product("Mug", "1"));

        assertThat(names(service.listProducts(owner, filtered("teas", null, null, null, null))))
                .containsExactly("Sencha");
        Page<PricedProduct> unknown = service.listProducts(owner, filtered("coffees", null, null, null, null));
        assertThat(unknown.items()).isEmpty();
        assertThat(unknown.nextCursor()).isEmpty();
        assertThatThrownBy(() -> service.listProducts(owner, filtered("Not A Slug!", null, null, null, null)))
                .isInstanceOf(InvalidValueException.class)
                .satisfies(e -> assertThat(((InvalidValueException) e).field()).isEqualTo("category"));
    }

    @Test
    void given_price_bounds_and_text_when_listing_then_inclusive_bounds_and_case_insensitive_text() {
        Actor owner = fixture.ownerOfShop("acme", "USD");
        service.createProduct(owner, product("Green Tea", "1.50"));
        service.createProduct(owner, new ProductDraft("Mug", null, "For TEA lovers", new BigDecimal("3"), null, null,
                null));
        service.createProduct(owner, product("Coffee", "3"));
        service.createProduct(owner, product("Teapot", "9.99"));

        assertThat(names(service.listProducts(owner, filtered(null, "1.5", "3", null, null))))
                .containsExactlyInAnyOrder("Green Tea", "Mug", "Coffee");
        assertThat(names(service.listProducts(owner, filtered(null, null, null, "  tea ", null))))
                .containsExactlyInAnyOrder("Green Tea", "Mug", "Teapot");
        assertRefused(() -> service.listProducts(owner, filtered(null, "5", "3", null, null)), "maxPrice");
        assertRefused(() -> service.listProducts(owner, filtered(null, "-1", null, null, null)), "minPrice");
        assertRefused(() -> service.listProducts(owner, filtered(null, null, null, "q".repeat(201), null)), "q");
    }

    // --- helpers

    private CatalogService serviceOver(CatalogRepository repository) {
        return new CatalogService(unitOfWork, fixture.memberships, fixture.tenants, repository, clock);
    }

    /** Seven products with equal names, prices and creation instants, so that only the ids break ties. */
    private List<Product> sevenProductsWithTies(Actor owner) {
        List<Product> products = new ArrayList<>();
        String[][] rows = {
            {"Tea", "3.00"}, {"Banana", "1.50"}, {"Tea", "3.00"}, {"Date", "7.25"}, {"Elder", "1.50"}, {"Fig", "0"},
            {"Grape", "3.00"}
        };
        for (int i = 0; i < rows.length; i++) {
            products.add(service.createProduct(owner, product(rows[i][0], rows[i][1])).product());
            if (i % 2 == 1) {
                clock.advance(Duration.ofSeconds(1));
            }
        }
        return products;
    }

    /** The orders the port defines, written independently of the fake: ids compare as canonical text. */
    private static Comparator<Product> expectedOrder(String sort) {
        Comparator<Product> byId = Comparator.comparing(p -> p.id().value().toString());
        return switch (sort == null ? "newest" : sort) {
            case "name" -> Comparator.comparing(Product::name).thenComparing(byId);
            case "price" -> Comparator.comparing(Product::price).thenComparing(byId);
            case "-price" -> Comparator.comparing(Product::price).thenComparing(byId).reversed();
            default -> Comparator.comparing(Product::createdAt).thenComparing(byId).reversed();
        };
    }

    private static ProductListRequest listing(String sort, Integer limit, String cursor) {
        return new ProductListRequest(null, null, null, null, sort, limit, cursor, null);
    }

    private static ProductListRequest filtered(String category, String min, String max, String q, String status) {
        return new ProductListRequest(category, min == null ? null : new BigDecimal(min),
                max == null ? null : new BigDecimal(max), q, null, 100, null, status);
    }

    private static List<String> names(Page<PricedProduct> page) {
        return page.items().stream().map(p -> p.product().name()).toList();
    }

    private static void assertRefused(ThrowingCallable call, String field) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(field);
    }

    private static void assertNotFound(ThrowingCallable call, String resource) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo(resource));
    }

    private static void assertTenantNotFound(ThrowingCallable call) {
        assertNotFound(call, "tenant");
    }
}
