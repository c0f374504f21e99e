package io.saasplatform.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Domain entity: a tenant (a shop) with its unique slug, display name and default currency; {@code createdAt} and
 * {@code updatedAt} are set by the store (null on a tenant not yet stored or changed since it was read).
 */
public record Tenant(
        TenantId id, Slug slug, String name, CurrencyCode defaultCurrency, Instant createdAt, Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public Tenant {
        InvalidValueException.requirePresent(id, "id");
        InvalidValueException.requirePresent(slug, "slug");
        InvalidValueException.requirePresent(defaultCurrency, "defaultCurrency");
        name = validName(name);
    }

    /** A tenant as the domain builds it, before the store has given it its timestamps. */
    public Tenant(TenantId id, Slug slug, String name, CurrencyCode defaultCurrency) {
        this(id, slug, name, defaultCurrency, null, null);
    }

    /** A new tenant with a fresh identity. */
    public static Tenant open(Slug slug, String name, CurrencyCode defaultCurrency) {
        return new Tenant(TenantId.random(), slug, name, defaultCurrency);
    }

    /** The store's timestamps on this tenant. */
    public Tenant stored(Instant created, Instant updated) {
        return new Tenant(id, slug, name, defaultCurrency, created, updated);
    }

    public Tenant renamed(String newName) {
        return new Tenant(id, slug, newName, defaultCurrency, createdAt, null);
    }

    public Tenant withDefaultCurrency(CurrencyCode currency) {
        return new Tenant(id, slug, name, currency, createdAt, null);
    }

    /** Equal by identity and state: the timestamps are the store's bookkeeping, so a tenant read back equals the one written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tenant that && id.equals(that.id) && slug.equals(that.slug) && name.equals(that.name)
                && defaultCurrency.equals(that.defaultCurrency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, slug, name, defaultCurrency);
    }

    private static String validName(String name) {
        InvalidValueException.requirePresent(name, "name");
        String trimmed = name.strip();
        InvalidValueException.require(!trimmed.isEmpty(), "name", "name must not be blank");
        InvalidValueException.require(
                trimmed.length() <= MAX_NAME_LENGTH, "name", "name must be at most 200 characters");
        return trimmed;
    }
}
