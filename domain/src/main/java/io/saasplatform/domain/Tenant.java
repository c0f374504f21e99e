package io.saasplatform.domain;

/** Domain entity: a tenant (a shop) with its unique slug, display name and default currency. */
public record Tenant(TenantId id, Slug slug, String name, CurrencyCode defaultCurrency) {
    public static final int MAX_NAME_LENGTH = 200;

    public Tenant {
        InvalidValueException.requirePresent(id, "id");
        InvalidValueException.requirePresent(slug, "slug");
        InvalidValueException.requirePresent(defaultCurrency, "defaultCurrency");
        name = validName(name);
    }

    /** A new tenant with a fresh identity. */
    public static Tenant open(Slug slug, String name, CurrencyCode defaultCurrency) {
        return new Tenant(TenantId.random(), slug, name, defaultCurrency);
    }

    public Tenant renamed(String newName) {
        return new Tenant(id, slug, newName, defaultCurrency);
    }

    public Tenant withDefaultCurrency(CurrencyCode currency) {
        return new Tenant(id, slug, name, currency);
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
