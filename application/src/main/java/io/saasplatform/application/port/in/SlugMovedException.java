package io.saasplatform.application.port.in;

import io.saasplatform.domain.Slug;

/**
 * Use-case outcome: a storefront slug was renamed; {@link #currentSlug()} names the resource now (HTTP 308).
 * {@link #field()} says which slug moved: {@code productSlug} or {@code category}.
 */
public final class SlugMovedException extends RuntimeException {
    private final String field;
    private final Slug currentSlug;

    public SlugMovedException(String field, Slug currentSlug) {
        super(field + " moved to " + currentSlug);
        this.field = field;
        this.currentSlug = currentSlug;
    }

    public String field() {
        return field;
    }

    public Slug currentSlug() {
        return currentSlug;
    }
}
