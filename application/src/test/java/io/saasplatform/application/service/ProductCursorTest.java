package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProductCursorTest {
    private static final ProductId ID = ProductId.parse("123e4567-e89b-12d3-a456-426614174000");
    private static final byte[] SECRET = "a platform secret of thirty-two bytes!".getBytes(StandardCharsets.UTF_8);
    private static final ProductCursor CURSORS = new ProductCursor(SECRET);

    static Stream<Arguments> keysets() {
        return Stream.of(
                Arguments.of(ProductSort.NAME, "Green Tea"),
                // Names may contain the separator, non-ASCII text and line breaks: the value is the last field.
                Arguments.of(ProductSort.NAME, "Tea: Sencha: 100 g"),
                Arguments.of(ProductSort.NAME, "Crème brûlée 🍮\nlimited"),
                Arguments.of(ProductSort.PRICE, "12.5"),
                Arguments.of(ProductSort.PRICE, "0"),
                Arguments.of(ProductSort.PRICE_DESC, "999999999.999"),
                Arguments.of(ProductSort.NEWEST, "2030-01-15T10:00:00.123456Z"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("keysets")
    void given_keyset_when_encoding_and_decoding_with_same_sort_then_same_keyset(ProductSort sort, String value) {
        Keyset keyset = new Keyset(value, ID);

        String cursor = CURSORS.encode(sort, keyset);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(CURSORS.decode(cursor, sort)).isEqualTo(keyset);
    }

    @ParameterizedTest
    @EnumSource(ProductSort.class)
    void given_product_when_taking_its_keyset_then_the_value_the_port_defines(ProductSort sort) {
        Product product = new Product(ID, Optional.empty(), "Tea", Slug.of("tea"), Optional.empty(),
                new BigDecimal("12.500"), Optional.empty(), ProductStatus.PUBLISHED, 1,
                Instant.parse("2030-01-15T10:00:00.123456Z"), Instant.parse("2030-01-15T10:00:00.123456Z"));

        Keyset keyset = ProductCursor.keysetOf(product, sort);

        String expected = switch (sort) {
            case NAME -> "Tea";
            case PRICE, PRICE_DESC -> "12.5";
            case NEWEST -> "2030-01-15T10:00:00.123456Z";
        };
        assertThat(keyset).isEqualTo(new Keyset(expected, ID));
        assertThat(CURSORS.decode(CURSORS.after(product, sort), sort)).isEqualTo(keyset);
    }

    @Test
    void given_cursor_of_name_listing_when_decoding_for_price_listing_then_refused_naming_cursor() {
        String cursor = CURSORS.encode(ProductSort.NAME, new Keyset("Tea", ID));

        assertRefusedAsCursor(() -> CURSORS.decode(cursor, ProductSort.PRICE));
        assertRefusedAsCursor(() -> CURSORS.decode(cursor, ProductSort.NEWEST));
    }

    @Test
    void given_cursor_of_price_listing_when_decoding_for_descending_price_then_refused_naming_cursor() {
        String cursor = CURSORS.encode(ProductSort.PRICE, new Keyset("12.5", ID));

        assertRefusedAsCursor(() -> CURSORS.decode(cursor, ProductSort.PRICE_DESC));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "not a cursor", "%%%", "AAAA", "AAAAAAAAAAAAAAAAAAAA", "eyJpZCI6MX0"})
    void given_garbage_when_decoding_then_refused_naming_cursor(String garbage) {
        assertRefusedAsCursor(() -> CURSORS.decode(garbage, ProductSort.NAME));
    }

    @Test
    void given_truncated_cursor_when_decoding_then_refused_naming_cursor() {
        String cursor = CURSORS.encode(ProductSort.NAME, new Keyset("A rather long product name", ID));

        for (int length = 0; length < cursor.length(); length++) {
            String truncated = cursor.substring(0, length);
            assertRefusedAsCursor(() -> CURSORS.decode(truncated, ProductSort.NAME));
        }
    }

    @Test
    void given_cursor_with_one_character_changed_when_decoding_then_refused_naming_cursor() {
        Keyset keyset = new Keyset("12.5", ID);
        String cursor = CURSORS.encode(ProductSort.PRICE, keyset);

        for (int i = 0; i < cursor.length(); i++) {
            char replacement = cursor.charAt(i) == 'A' ? 'B' : 'A';
            String tampered = cursor.substring(0, i) + replacement + cursor.substring(i + 1);
            try {
                // The last character may carry only padding bits; then nothing was changed.
                assertThat(CURSORS.decode(tampered, ProductSort.PRICE)).isEqualTo(keyset);
            } catch (InvalidValueException e) {
                assertThat(e.field()).isEqualTo("cursor");
            }
        }
    }

    @Test
    void given_well_formed_payload_without_checksum_when_decoding_then_refused_naming_cursor() {
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("1:NAME:" + ID + ":Tea").getBytes(StandardCharsets.UTF_8));

        assertRefusedAsCursor(() -> CURSORS.decode(forged, ProductSort.NAME));
    }

    @Test
    void given_cursor_forged_with_a_valid_crc_and_an_extreme_instant_when_decoding_then_refused_naming_cursor() {
        // A CRC is no signature: anyone could compute it, and this instant overflows OffsetDateTime and PostgreSQL.
        byte[] payload = ("1:NEWEST:" + ID + ":+1000000000-01-01T00:00:00Z").getBytes(StandardCharsets.UTF_8);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(payload);
        byte[] token = java.util.Arrays.copyOf(payload, payload.length + 4);
        java.nio.ByteBuffer.wrap(token, payload.length, 4).putInt((int) crc.getValue());
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(token);

        assertRefusedAsCursor(() -> CURSORS.decode(forged, ProductSort.NEWEST));
    }

    @Test
    void given_cursor_signed_under_another_secret_when_decoding_then_refused_naming_cursor() {
        ProductCursor otherPlatform = new ProductCursor("another secret, also thirty-two bytes".getBytes(StandardCharsets.UTF_8));
        String cursor = otherPlatform.encode(ProductSort.NAME, new Keyset("Tea", ID));

        assertRefusedAsCursor(() -> CURSORS.decode(cursor, ProductSort.NAME));
    }

    @Test
    void given_cursor_of_another_node_with_the_same_secret_when_decoding_then_accepted() {
        Keyset keyset = new Keyset("Tea", ID);
        String cursor = new ProductCursor(SECRET.clone()).encode(ProductSort.NAME, keyset);

        assertThat(CURSORS.decode(cursor, ProductSort.NAME)).isEqualTo(keyset);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
    void given_correctly_signed_cursor_with_an_instant_out_of_range_when_decoding_then_refused(String instant) {
        String cursor = CURSORS.encode(ProductSort.NEWEST, new Keyset(instant, ID));

        assertRefusedAsCursor(() -> CURSORS.decode(cursor, ProductSort.NEWEST));
    }

    @Test
    void given_overlong_cursor_when_decoding_then_refused_without_decoding() {
        String cursor = CURSORS.encode(ProductSort.NAME, new Keyset("x".repeat(200), ID));
        assertThat(CURSORS.decode(cursor, ProductSort.NAME).value()).hasSize(200);

        assertRefusedAsCursor(() -> CURSORS.decode("A".repeat(2_000), ProductSort.NAME));
    }

    @Test
    void given_keyset_value_that_no_product_can_have_when_decoding_then_refused_naming_cursor() {
        assertRefusedAsCursor(() -> CURSORS.decode(
                CURSORS.encode(ProductSort.PRICE, new Keyset("-1", ID)), ProductSort.PRICE));
        assertRefusedAsCursor(() -> CURSORS.decode(
                CURSORS.encode(ProductSort.NEWEST, new Keyset("yesterday", ID)), ProductSort.NEWEST));
        assertRefusedAsCursor(() -> CURSORS.decode(
                CURSORS.encode(ProductSort.NAME, new Keyset(" ", ID)), ProductSort.NAME));
    }

    private static void assertRefusedAsCursor(ThrowingCallable decoding) {
        assertThatThrownBy(decoding)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("cursor"))
                .hasMessageContaining("cursor");
    }
}
