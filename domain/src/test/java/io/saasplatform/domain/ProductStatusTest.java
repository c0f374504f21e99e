package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductStatusTest {

    @ParameterizedTest
    @CsvSource({"draft, DRAFT", "published, PUBLISHED", "archived, ARCHIVED"})
    void given_wire_name_when_parsing_status_then_status(String text, ProductStatus status) {
        assertThat(ProductStatus.parse(text)).isEqualTo(status);
        assertThat(status.wireName()).isEqualTo(text);
    }

    @ParameterizedTest
    @EnumSource(ProductStatus.class)
    void given_status_when_parsing_its_wire_name_then_same_status(ProductStatus status) {
        assertThat(ProductStatus.parse(status.wireName())).isEqualTo(status);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"DRAFT", "Published", " draft", "draft ", "deleted", "live"})
    void given_unknown_wire_name_when_parsing_status_then_refused_naming_status(String text) {
        assertRefused(() -> ProductStatus.parse(text), "status");
    }
}
