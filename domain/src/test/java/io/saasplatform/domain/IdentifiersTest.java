package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** TenantId, UserId, ProductId and CategoryId share one parsing rule: the canonical 8-4-4-4-12 hexadecimal form only. */
class IdentifiersTest {
    private static final String CANONICAL = "123e4567-e89b-12d3-a456-426614174000";

    @Test
    void given_canonical_uuid_when_parsing_tenant_id_then_same_uuid() {
        assertThat(TenantId.parse(CANONICAL).value()).isEqualTo(UUID.fromString(CANONICAL));
    }

    @Test
    void given_canonical_uuid_when_parsing_user_id_then_same_uuid() {
        assertThat(UserId.parse(CANONICAL).value()).isEqualTo(UUID.fromString(CANONICAL));
    }

    // RFC 9562: hex digits are case-insensitive on input.
    @Test
    void given_uppercase_canonical_uuid_when_parsing_then_equal_to_lowercase() {
        String upper = CANONICAL.toUpperCase(Locale.ROOT);

        assertThat(TenantId.parse(upper)).isEqualTo(TenantId.parse(CANONICAL));
        assertThat(UserId.parse(upper)).isEqualTo(UserId.parse(CANONICAL));
    }

    @Test
    void given_random_ids_when_printing_and_parsing_back_then_equal() {
        TenantId tenant = TenantId.random();
        UserId user = UserId.random();

        assertThat(TenantId.parse(tenant.toString())).isEqualTo(tenant);
        assertThat(UserId.parse(user.toString())).isEqualTo(user);
        assertThat(TenantId.random()).isNotEqualTo(tenant);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "1-1-1-1-1",
        "123e4567e89b12d3a456426614174000",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        " 123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426614174000 ",
        "123e4567-e89b-12d3-a456-42661417400",
        "123e4567-e89b-12d3-a456-4266141740000",
        "g23e4567-e89b-12d3-a456-426614174000",
        "123e4567_e89b_12d3_a456_426614174000",
        "123e4567-e89b-12d3-a456-426614174000\n",
        "not-a-uuid",
    })
    void given_non_canonical_text_when_parsing_ids_then_refused_naming_the_id(String text) {
        assertRefused(() -> TenantId.parse(text), "tenantId");
        assertRefused(() -> UserId.parse(text), "userId");
        assertRefused(() -> ProductId.parse(text), "productId");
        assertRefused(() -> CategoryId.parse(text), "categoryId");
    }

    @Test
    void given_missing_uuid_when_creating_ids_then_refused_naming_the_id() {
        assertRefused(() -> new TenantId(null), "tenantId");
        assertRefused(() -> new UserId(null), "userId");
        assertRefused(() -> new ProductId(null), "productId");
        assertRefused(() -> new CategoryId(null), "categoryId");
    }

    @Test
    void given_canonical_uuid_when_parsing_catalog_ids_then_same_uuid_and_round_trip() {
        assertThat(ProductId.parse(CANONICAL).value()).isEqualTo(UUID.fromString(CANONICAL));
        assertThat(CategoryId.parse(CANONICAL).value()).isEqualTo(UUID.fromString(CANONICAL));
        ProductId product = ProductId.random();
        CategoryId category = CategoryId.random();
        assertThat(ProductId.parse(product.toString())).isEqualTo(product);
        assertThat(CategoryId.parse(category.toString())).isEqualTo(category);
    }

    // A path id and a body id are reported under the name the client used.
    @Test
    void given_malformed_text_when_parsing_catalog_ids_for_a_named_field_then_refused_naming_that_field() {
        assertRefused(() -> ProductId.parse("42", "id"), "id");
        assertRefused(() -> CategoryId.parse("teas", "parentId"), "parentId");
    }
}
