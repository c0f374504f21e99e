package io.saasplatform.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Domain entity: a product in a tenant's catalog.
 *
 * <p>{@code price} is exact (at most 3 decimals, stored as {@code NUMERIC(12,3)}); {@code currency} is optional and
 * falls back to the tenant's default currency at read time ({@link #priceIn}). {@code version} increases on every
 * change and backs optimistic concurrency (the HTTP ETag).
 */
public record Product(
        ProductId id,
        Optional<CategoryId> categoryId,
        String name,
        Slug slug,
        Optional<String> description,
        BigDecimal price,
        Optional<CurrencyCode> currency,
        ProductStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;

    public Product {
        InvalidValueException.requirePresent(id, "id");
        categoryId = categoryId == null ? Optional.empty() : categoryId;
        name = Names.valid(name, "name", MAX_NAME_LENGTH);
        InvalidValueException.requirePresent(slug, "slug");
        description = description == null ? Optional.empty() : description.map(String::strip).filter(d -> !d.isEmpty());
        description.ifPresent(d -> InvalidValueException.require(
                d.length() <= MAX_DESCRIPTION_LENGTH,
                "description",
                "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters"));
        currency = currency == null ? Optional.empty() : currency;
        InvalidValueException.requirePresent(status, "status");
        InvalidValueException.requirePresent(createdAt, "createdAt");
        InvalidValueException.requirePresent(updatedAt, "updatedAt");
        // Sign, range and the 3-decimal storage limit; the currency's own minor units are checked by priceIn.
        price = Money.checkedAmount(price);
    }

    /** A new product with a fresh identity, version 1. */
    public static Product create(
            Optional<CategoryId> categoryId,
            String name,
            Slug slug,
            Optional<String> description,
            BigDecimal price,
            Optional<CurrencyCode> currency,
            ProductStatus status,
            Instant now) {
        return new Product(
                ProductId.random(), categoryId, name, slug, description, price, currency, status, 1, now, now);
    }

    /** The currency this product is sold in: its own, else the tenant's default. */
    public CurrencyCode effectiveCurrency(CurrencyCode tenantDefault) {
        return currency.orElse(tenantDefault);
    }

    /**
     * The price in the effective currency, formatted to its minor units; an {@link InvalidValueException} on
     * {@code price} when the amount has more decimals than that currency allows.
     */
    public Money priceIn(CurrencyCode tenantDefault) {
        return Money.of(price, effectiveCurrency(tenantDefault));
    }

    public Product withDescription(Optional<String> newDescription, Instant now) {
        return new Product(
                id, categoryId, name, slug, newDescription, price, currency, status, version, createdAt, now);
    }

    public Product changed(
            Optional<CategoryId> categoryId,
            String name,
            Slug slug,
            Optional<String> description,
            BigDecimal price,
            Optional<CurrencyCode> currency,
            ProductStatus status,
            Instant now) {
        return new Product(id, categoryId, name, slug, description, price, currency, status, version, createdAt, now);
    }
}
