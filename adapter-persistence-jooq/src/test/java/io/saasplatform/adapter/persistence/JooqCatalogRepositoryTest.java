package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.CatalogRepositoryContract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.CatalogRepository.SlugTakenException;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the jOOQ catalog adds to the port contract: PostgreSQL's precision, its foreign keys, error translation. */
class JooqCatalogRepositoryTest {
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static final Instant NOW = Instant.parse("2026-11-02T09:30:00Z");

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Test
    void given_instants_with_nanoseconds_when_stored_then_read_back_as_whole_microseconds_and_usable_as_keysets() {
        TenantId tenant = newTenant();
        Instant nanos = Instant.parse("2026-11-02T09:30:00.123456789Z");
        Product older = product("older", nanos.minusNanos(1_000));
        Product newer = product("newer", nanos);
        run(tenant, () -> {
            catalog().insertProduct(older);
            catalog().insertProduct(newer);
        });

        Product stored = in(tenant, () -> catalog().findProduct(newer.id())).orElseThrow();
        Keyset keyset = CatalogRepositoryContract.keysetOf(stored, ProductSort.NEWEST);
        List<Product> after = in(tenant, () -> catalog().findProducts(newest(Optional.of(keyset))));

        assertThat(stored.createdAt()).as("truncated, not rounded up to .123457").isEqualTo(
                Instant.parse("2026-11-02T09:30:00.123456Z"));
        assertThat(keyset.value()).isEqualTo("2026-11-02T09:30:00.123456Z");
        assertThat(after).extracting(Product::id).containsExactly(older.id());
    }

    @ParameterizedTest
    @CsvSource({"PRICE, abc", "PRICE, 1.2345", "PRICE, -1", "PRICE_DESC, 1e3x", "NEWEST, yesterday",
        "NEWEST, 2026-11-02"})
    void given_a_keyset_value_that_does_not_fit_the_sort_when_listing_then_invalid_value_on_cursor(
            ProductSort sort, String value) {
        TenantId tenant = newTenant();
        ProductQuery query = new ProductQuery(EnumSet.of(ProductStatus.PUBLISHED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), sort, 10, Optional.of(new Keyset(value, ProductId.random())));

        assertThatThrownBy(() -> in(tenant, () -> catalog().findProducts(query)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    @Test
    void given_nul_in_the_search_text_when_listing_then_postgresqls_data_exception_is_an_invalid_value_not_an_error() {
        // SQLState 22021: PostgreSQL refuses NUL in text. Reached only if the edge lets one through.
        TenantId tenant = newTenant();
        ProductQuery query = new ProductQuery(EnumSet.of(ProductStatus.PUBLISHED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("te\u0000a"), ProductSort.NAME, 10, Optional.empty());

        assertThatThrownBy(() -> in(tenant, () -> catalog().findProducts(query)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void given_a_keyset_instant_beyond_postgresqls_range_when_listing_then_an_invalid_value_not_an_error() {
        // SQLState 22008: Java's Instant reaches year 1000000000, PostgreSQL's timestamptz stops at 294276.
        TenantId tenant = newTenant();
        ProductQuery query = newest(Optional.of(new Keyset("+1000000-01-01T00:00:00Z", ProductId.random())));

        assertThatThrownBy(() -> in(tenant, () -> catalog().findProducts(query)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void given_nul_in_a_product_name_when_inserting_then_an_invalid_value_and_nothing_written() {
        TenantId tenant = newTenant();
        Product bad = product("bad", NOW);
        Product withNul = new Product(bad.id(), bad.categoryId(), "Bo\u0000ot", bad.slug(), bad.description(),
                bad.price(), bad.currency(), bad.status(), bad.version(), bad.createdAt(), bad.updatedAt());

        assertThatThrownBy(() -> run(tenant, () -> catalog().insertProduct(withNul)))
                .isInstanceOf(InvalidValueException.class);
        assertThat(in(tenant, () -> catalog().findProduct(bad.id()))).isEmpty();
    }

    @Test
    void given_a_category_with_children_when_deleting_it_without_detaching_then_the_database_refuses() {
        TenantId tenant = newTenant();
        Category parent = Category.create(Optional.empty(), "Parent", Slug.of("parent"), 0, NOW);
        Category child = Category.create(Optional.of(parent.id()), "Child", Slug.of("child"), 0, NOW);
        run(tenant, () -> {
            catalog().insertCategory(parent);
            catalog().insertCategory(child);
        });

        assertThatThrownBy(() -> in(tenant, () -> catalog().deleteCategory(parent.id())))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e ->
                        assertThat(e.constraint()).isEqualTo("categories_parent_fkey"));
        assertThat(in(tenant, () -> catalog().findCategory(child.id()))).contains(child);
    }

    @Test
    void given_a_category_with_products_when_deleting_it_without_detaching_then_its_products_are_left_without_one() {
        TenantId tenant = newTenant();
        Category category = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, NOW);
        Product product = product("lamp", NOW).changed(Optional.of(category.id()), "Lamp", Slug.of("lamp"),
                Optional.empty(), BigDecimal.ONE, Optional.empty(), ProductStatus.PUBLISHED, NOW);
        run(tenant, () -> {
            catalog().insertCategory(category);
            catalog().insertProduct(product);
        });

        assertThat(in(tenant, () -> catalog().deleteCategory(category.id()))).isTrue();

        assertThat(in(tenant, () -> catalog().findProduct(product.id()))).hasValueSatisfying(p ->
                assertThat(p.categoryId()).isEmpty());
    }

    @Test
    void given_an_existing_id_when_inserting_another_category_with_it_then_a_constraint_violation_not_slug_taken() {
        TenantId tenant = newTenant();
        Category category = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, NOW);
        run(tenant, () -> catalog().insertCategory(category));
        Category sameId = new Category(category.id(), Optional.empty(), "Other", Slug.of("other"), 0, 1, NOW, NOW);

        assertThatThrownBy(() -> run(tenant, () -> catalog().insertCategory(sameId)))
                .isInstanceOfSatisfying(ConstraintViolationException.class, e ->
                        assertThat(e.constraint()).isEqualTo("categories_pkey"))
                .isNotInstanceOf(SlugTakenException.class);
    }

    @Test
    void given_price_bounds_beyond_any_stored_price_when_listing_then_no_overflow() {
        TenantId tenant = newTenant();
        run(tenant, () -> catalog().insertProduct(product("lamp", NOW)));
        ProductQuery huge = new ProductQuery(EnumSet.of(ProductStatus.PUBLISHED), Optional.empty(),
                Optional.of(new BigDecimal("1e30")), Optional.of(new BigDecimal("1e31")), Optional.empty(),
                ProductSort.PRICE, 10, Optional.empty());
        ProductQuery wide = new ProductQuery(EnumSet.of(ProductStatus.PUBLISHED), Optional.empty(),
                Optional.of(new BigDecimal("-1e30")), Optional.of(new BigDecimal("1e30")), Optional.empty(),
                ProductSort.PRICE, 10, Optional.empty());

        assertThat(in(tenant, () -> catalog().findProducts(huge))).isEmpty();
        assertThat(in(tenant, () -> catalog().findProducts(wide))).hasSize(1);
    }

    @Test
    void given_a_tenant_other_than_the_bound_one_when_reading_it_with_a_page_then_refused() {
        TenantId bound = newTenant();
        TenantId other = newTenant();

        assertThatThrownBy(() -> in(bound, () -> catalog().findTenantWithProducts(
                        FIXTURE.adapter().tenants(), other, newest(Optional.empty()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(other.toString());
    }

    private static ProductQuery newest(Optional<Keyset> after) {
        return new ProductQuery(EnumSet.of(ProductStatus.PUBLISHED), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ProductSort.NEWEST, 10, after);
    }

    private static Product product(String slug, Instant createdAt) {
        return Product.create(Optional.empty(), "Product " + slug, Slug.of(slug), Optional.empty(), BigDecimal.ONE,
                Optional.empty(), ProductStatus.PUBLISHED, createdAt);
    }

    private static CatalogRepository catalog() {
        return FIXTURE.adapter().catalog();
    }

    private static TenantId newTenant() {
        Tenant tenant = Tenant.open(Slug.of("catalog-" + UUID.randomUUID().toString().substring(0, 13)), "Shop",
                CurrencyCode.of("KWD"));
        run(tenant.id(), () -> FIXTURE.adapter().tenants().insert(tenant));
        return tenant.id();
    }

    private static <T> T in(TenantId tenant, java.util.function.Supplier<T> work) {
        return FIXTURE.adapter().unitOfWork().inTenant(tenant, work);
    }

    private static void run(TenantId tenant, Runnable work) {
        FIXTURE.adapter().unitOfWork().runInTenant(tenant, work);
    }
}
