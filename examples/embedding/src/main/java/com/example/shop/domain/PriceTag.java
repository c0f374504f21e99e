package com.example.shop.domain;

import java.util.Objects;

/**
 * Domain (example): what a shelf label shows for one product, the embedder's own value type next to the platform's.
 *
 * @param productName the product's name
 * @param price the price with its currency, formatted to the currency's minor units, e.g. {@code "4.250 KWD"}
 */
public record PriceTag(String productName, String price) {
    /**
     * Checks the values.
     *
     * @param productName the product's name
     * @param price the formatted price
     */
    public PriceTag {
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(price, "price");
        if (productName.isBlank()) {
            throw new IllegalArgumentException("productName must not be blank");
        }
    }

    /** @return one line of a printed storefront: the name, padded, then the price */
    public String line() {
        return String.format("%-24s %12s", productName, price);
    }
}
