package io.saasplatform.domain;

import java.util.UUID;

/** Domain value: the identity of a product (unique across tenants; a tenant only ever sees its own). */
public record ProductId(UUID value) {
    public ProductId {
        InvalidValueException.requirePresent(value, "productId");
    }

    public static ProductId random() {
        return new ProductId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; anything else is an {@link InvalidValueException} on {@code field}. */
    public static ProductId parse(String text, String field) {
        return new ProductId(Uuids.parse(text, field));
    }

    public static ProductId parse(String text) {
        return parse(text, "productId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
