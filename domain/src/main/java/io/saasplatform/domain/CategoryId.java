package io.saasplatform.domain;

import java.util.UUID;

/** Domain value: the identity of a category (unique across tenants; a tenant only ever sees its own). */
public record CategoryId(UUID value) {
    public CategoryId {
        InvalidValueException.requirePresent(value, "categoryId");
    }

    public static CategoryId random() {
        return new CategoryId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; anything else is an {@link InvalidValueException} on {@code field}. */
    public static CategoryId parse(String text, String field) {
        return new CategoryId(Uuids.parse(text, field));
    }

    public static CategoryId parse(String text) {
        return parse(text, "categoryId");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
