package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Slug SLUG = Slug.of("tea");

    @Test
    void given_valid_fields_when_creating_product_then_version_one_and_fresh_identity() {
        Product first = product("12.50", Optional.empty());
        Product second = product("12.50", Optional.empty());

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.createdAt()).isEqualTo(NOW);
        assertThat(first.updatedAt()).isEqualTo(NOW);
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    // The effective currency decides the decimals: KWD 3, USD 2, JPY 0.
    @ParameterizedTest(name = "{0} with own currency <{1}> in a {2} shop is {3} {4}")
    @CsvSource({
        "12.5,     KWD,  USD, 12.500, KWD",
        "12.345,   KWD,  USD, 12.345, KWD",
        "12.5,     USD,  KWD, 12.50,  USD",
        "12.5,        ,  KWD, 12.500, KWD",
        "12.5,        ,  USD, 12.50,  USD",
        "1200,     JPY,  KWD, 1200,   JPY",
        "1200.000,    ,  JPY, 1200,   JPY",
        "0,           ,  JPY, 0,      JPY",
    })
    void given_price_when_pricing_in_effective_currency_then_formatted_to_its_minor_units(
            String price, String own, String tenantDefault, String formatted, String effective) {
        Product product = product(price, Optional.ofNullable(own).map(CurrencyCode::of));

        Money money = product.priceIn(CurrencyCode.of(tenantDefault));

        assertThat(money.formatted()).isEqualTo(formatted);
        assertThat(money.currency()).isEqualTo(CurrencyCode.of(effective));
        assertThat(product.effectiveCurrency(CurrencyCode.of(tenantDefault))).isEqualTo(CurrencyCode.of(effective));
    }

    @ParameterizedTest(name = "{0} with own currency <{1}> in a {2} shop is refused")
    @CsvSource({
        "12.345, USD, KWD",
        "12.345,    , USD",
        "1200.5, JPY, KWD",
        "1200.5,    , JPY",
        "0.01,      , JPY",
    })
    void given_price_finer_than_effective_currency_when_pricing_then_refused_naming_price(
            String price, String own, String tenantDefault) {
        Product product = product(price, Optional.ofNullable(own).map(CurrencyCode::of));

        assertRefused(() -> product.priceIn(CurrencyCode.of(tenantDefault)), "price");
    }

    @Test
    void given_price_with_trailing_zeros_when_creating_product_then_stored_without_them() {
        assertThat(product("12.500", Optional.empty()).price()).isEqualTo(new BigDecimal("12.5"));
        assertThat(product("1200.000", Optional.empty()).price()).isEqualTo(new BigDecimal("1200"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1000000000", "999999999.9991", "12.3456", "0.0001"})
    void given_price_outside_storage_rules_when_creating_product_then_refused_naming_price(String price) {
        assertRefused(() -> product(price, Optional.empty()), "price");
    }

    @Test
    void given_missing_price_when_creating_product_then_refused_naming_price() {
        assertRefused(
                () -> Product.create(Optional.empty(), "Tea", SLUG, Optional.empty(), null, Optional.empty(),
                        ProductStatus.DRAFT, NOW),
                "price");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void given_missing_or_blank_name_when_creating_product_then_refused_naming_name(String name) {
        assertRefused(() -> withName(name), "name");
    }

    @Test
    void given_name_of_200_characters_when_creating_product_then_accepted_and_201_refused() {
        assertThat(withName("x".repeat(Product.MAX_NAME_LENGTH)).name()).hasSize(200);
        assertRefused(() -> withName("x".repeat(Product.MAX_NAME_LENGTH + 1)), "name");
    }

    @Test
    void given_name_with_surrounding_whitespace_when_creating_product_then_stripped() {
        assertThat(withName("  Green Tea \t").name()).isEqualTo("Green Tea");
    }

    @Test
    void given_description_when_creating_product_then_stripped_and_blank_means_none() {
        assertThat(withDescription("  Fresh leaves. ").description()).contains("Fresh leaves.");
        assertThat(withDescription("   ").description()).isEmpty();
        assertThat(withDescription("d".repeat(Product.MAX_DESCRIPTION_LENGTH)).description()).isPresent();
    }

    @Test
    void given_description_longer_than_limit_when_creating_product_then_refused_naming_description() {
        assertRefused(() -> withDescription("d".repeat(Product.MAX_DESCRIPTION_LENGTH + 1)), "description");
    }

    @Test
    void given_missing_slug_or_status_when_creating_product_then_refused_naming_the_field() {
        assertRefused(
                () -> Product.create(Optional.empty(), "Tea", null, Optional.empty(), BigDecimal.ONE,
                        Optional.empty(), ProductStatus.DRAFT, NOW),
                "slug");
        assertRefused(
                () -> Product.create(Optional.empty(), "Tea", SLUG, Optional.empty(), BigDecimal.ONE,
                        Optional.empty(), null, NOW),
                "status");
    }

    @Test
    void given_null_optionals_when_constructing_product_then_read_as_empty() {
        Product product = new Product(ProductId.random(), null, "Tea", SLUG, null, BigDecimal.ONE, null,
                ProductStatus.DRAFT, 1, NOW, NOW);

        assertThat(product.categoryId()).isEmpty();
        assertThat(product.description()).isEmpty();
        assertThat(product.currency()).isEmpty();
    }

    @Test
    void given_product_when_changing_then_identity_version_and_creation_kept() {
        Product product = product("12.50", Optional.empty());
        Instant later = NOW.plusSeconds(60);
        CategoryId category = CategoryId.random();

        Product changed = product.changed(Optional.of(category), "Black Tea", Slug.of("black-tea"),
                Optional.of("Strong."), new BigDecimal("3.25"), Optional.of(CurrencyCode.of("KWD")),
                ProductStatus.PUBLISHED, later);

        assertThat(changed.id()).isEqualTo(product.id());
        assertThat(changed.version()).isEqualTo(product.version());
        assertThat(changed.createdAt()).isEqualTo(NOW);
        assertThat(changed.updatedAt()).isEqualTo(later);
        assertThat(changed.categoryId()).contains(category);
        assertThat(changed.status()).isEqualTo(ProductStatus.PUBLISHED);
    }

    @Test
    void given_product_when_replacing_description_then_only_description_and_update_time_change() {
        Product product = withDescription("Old.");
        Instant later = NOW.plusSeconds(60);

        Product changed = product.withDescription(Optional.of("New."), later);

        assertThat(changed).isEqualTo(new Product(product.id(), product.categoryId(), product.name(), product.slug(),
                Optional.of("New."), product.price(), product.currency(), product.status(), product.version(),
                product.createdAt(), later));
    }

    private static Product product(String price, Optional<CurrencyCode> currency) {
        return Product.create(Optional.empty(), "Tea", SLUG, Optional.empty(), new BigDecimal(price), currency,
                ProductStatus.DRAFT, NOW);
    }

    private static Product withName(String name) {
        return Product.create(Optional.empty(), name, SLUG, Optional.empty(), BigDecimal.ONE, Optional.empty(),
                ProductStatus.DRAFT, NOW);
    }

    private static Product withDescription(String description) {
        return Product.create(Optional.empty(), "Tea", SLUG, Optional.of(description), BigDecimal.ONE,
                Optional.empty(), ProductStatus.DRAFT, NOW);
    }
}
