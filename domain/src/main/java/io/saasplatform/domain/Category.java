package io.saasplatform.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * Domain entity: a node in a tenant's category tree. {@code version} increases on every change and backs optimistic
 * concurrency (the HTTP ETag).
 */
public record Category(
        CategoryId id,
        Optional<CategoryId> parentId,
        String name,
        Slug slug,
        int position,
        long version,
        Instant createdAt,
        Instant updatedAt) {
    public static final int MAX_NAME_LENGTH = 200;

    public Category {
        InvalidValueException.requirePresent(id, "id");
        parentId = parentId == null ? Optional.empty() : parentId;
        InvalidValueException.requirePresent(slug, "slug");
        InvalidValueException.requirePresent(createdAt, "createdAt");
        InvalidValueException.requirePresent(updatedAt, "updatedAt");
        name = Names.valid(name, "name", MAX_NAME_LENGTH);
        InvalidValueException.require(position >= 0, "position", "position must not be negative");
        InvalidValueException.require(
                parentId.map(p -> !p.equals(id)).orElse(true), "parentId", "parentId must not be the category itself");
    }

    /** A new category with a fresh identity, version 1. */
    public static Category create(Optional<CategoryId> parentId, String name, Slug slug, int position, Instant now) {
        return new Category(CategoryId.random(), parentId, name, slug, position, 1, now, now);
    }

    public Category changed(Optional<CategoryId> parentId, String name, Slug slug, int position, Instant now) {
        return new Category(id, parentId, name, slug, position, version, createdAt, now);
    }
}
