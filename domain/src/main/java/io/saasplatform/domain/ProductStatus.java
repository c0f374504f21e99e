package io.saasplatform.domain;

import java.util.Locale;

/** Domain value: a product's lifecycle; only {@link #PUBLISHED} products appear in the storefront. */
public enum ProductStatus {
    DRAFT,
    PUBLISHED,
    ARCHIVED;

    /** The lowercase wire name: {@code draft}, {@code published}, {@code archived}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProductStatus parse(String text) {
        if (text != null) {
            for (ProductStatus status : values()) {
                if (status.wireName().equals(text)) {
                    return status;
                }
            }
        }
        throw new InvalidValueException("status", "status must be one of draft, published, archived");
    }
}
