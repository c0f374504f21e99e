package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CategoryTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final Slug SLUG = Slug.of("teas");

    @Test
    void given_valid_fields_when_creating_category_then_version_one_and_fresh_identity() {
        Category first = Category.create(Optional.empty(), " Teas ", SLUG, 0, NOW);
        Category second = Category.create(Optional.empty(), "Teas", SLUG, 0, NOW);

        assertThat(first.name()).isEqualTo("Teas");
        assertThat(first.version()).isEqualTo(1);
        assertThat(first.parentId()).isEmpty();
        assertThat(first.createdAt()).isEqualTo(NOW).isEqualTo(first.updatedAt());
        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void given_missing_or_blank_name_when_creating_category_then_refused_naming_name(String name) {
        assertRefused(() -> Category.create(Optional.empty(), name, SLUG, 0, NOW), "name");
    }

    @Test
    void given_name_longer_than_200_characters_when_creating_category_then_refused_naming_name() {
        assertThat(Category.create(Optional.empty(), "x".repeat(200), SLUG, 0, NOW).name()).hasSize(200);
        assertRefused(() -> Category.create(Optional.empty(), "x".repeat(201), SLUG, 0, NOW), "name");
    }

    @Test
    void given_negative_position_when_creating_category_then_refused_naming_position() {
        assertRefused(() -> Category.create(Optional.empty(), "Teas", SLUG, -1, NOW), "position");
    }

    @Test
    void given_missing_slug_when_creating_category_then_refused_naming_slug() {
        assertRefused(() -> Category.create(Optional.empty(), "Teas", null, 0, NOW), "slug");
    }

    @Test
    void given_category_when_made_its_own_parent_then_refused_naming_parent_id() {
        Category category = Category.create(Optional.empty(), "Teas", SLUG, 0, NOW);

        assertRefused(
                () -> category.changed(Optional.of(category.id()), "Teas", SLUG, 0, NOW), "parentId");
    }

    @Test
    void given_category_when_changing_then_identity_version_and_creation_kept() {
        Category category = Category.create(Optional.empty(), "Teas", SLUG, 0, NOW);
        CategoryId parent = CategoryId.random();
        Instant later = NOW.plusSeconds(5);

        Category changed = category.changed(Optional.of(parent), "Green teas", Slug.of("green-teas"), 3, later);

        assertThat(changed)
                .isEqualTo(new Category(category.id(), Optional.of(parent), "Green teas", Slug.of("green-teas"), 3,
                        category.version(), NOW, later));
    }

    @Test
    void given_null_parent_when_constructing_category_then_root() {
        assertThat(new Category(CategoryId.random(), null, "Teas", SLUG, 0, 1, NOW, NOW).parentId()).isEmpty();
    }
}
