package io.saasplatform.domain;

import java.util.UUID;

/** Domain value: the identity of a tenant (a shop). */
public record TenantId(UUID value) {
    public TenantId {
        InvalidValueException.requirePresent(value, "tenantId");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; anything else is an {@link InvalidValueException} on {@code tenantId}. */
    public static TenantId parse(String text) {
        return new TenantId(Uuids.parse(text, "tenantId"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
