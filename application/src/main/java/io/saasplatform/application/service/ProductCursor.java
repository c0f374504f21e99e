package io.saasplatform.application.service;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The opaque cursor of product listings: base64url of {@code 1:<sort>:<id>:<value>} followed by a CRC-32 of it.
 *
 * <p>The checksum catches truncated and garbled cursors; it is not a signature and need not be. A cursor only names a
 * position in the caller's own listing (row-level security applies to whatever it points at), so a forged one can at
 * most skip rows the caller may read anyway. A cursor is bound to its sort: the keyset of one order means nothing in
 * another.
 */
final class ProductCursor {
    static final String FIELD = "cursor";
    private static final String VERSION = "1";
    private static final int MAX_LENGTH = 1024;
    private static final int CHECKSUM_BYTES = 4;
    private static final Pattern PRICE = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})?");

    private ProductCursor() {}

    /** The cursor of the position right after {@code last} in {@code sort}'s order. */
    static String after(Product last, ProductSort sort) {
        return encode(sort, keysetOf(last, sort));
    }

    /** The keyset of {@code product} in {@code sort}'s order, as the repository port defines it. */
    static Keyset keysetOf(Product product, ProductSort sort) {
        String value = switch (sort) {
            case NAME -> product.name();
            case PRICE, PRICE_DESC -> product.price().toPlainString();
            case NEWEST -> product.createdAt().toString();
        };
        return new Keyset(value, product.id());
    }

    static String encode(ProductSort sort, Keyset keyset) {
        byte[] payload = String.join(":", VERSION, sort.name(), keyset.id().toString(), keyset.value())
                .getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(payload, payload.length + CHECKSUM_BYTES);
        ByteBuffer.wrap(token, payload.length, CHECKSUM_BYTES).putInt((int) crc(payload));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * The keyset a cursor names; an {@link InvalidValueException} on {@code cursor} when it is malformed, damaged, of
     * another version or of a listing with another sort.
     */
    static Keyset decode(String cursor, ProductSort expectedSort) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (token.length <= CHECKSUM_BYTES) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOf(token, token.length - CHECKSUM_BYTES);
        int checksum = ByteBuffer.wrap(token, payload.length, CHECKSUM_BYTES).getInt();
        if (checksum != (int) crc(payload)) {
            throw invalid();
        }
        String[] parts = utf8(payload).split(":", 4);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw invalid();
        }
        if (!expectedSort.name().equals(parts[1])) {
            throw new InvalidValueException(
                    FIELD, "cursor belongs to a listing with another sort; start again without it");
        }
        String value = parts[3];
        if (!validValue(value, expectedSort)) {
            throw invalid();
        }
        try {
            return new Keyset(value, ProductId.parse(parts[2], FIELD));
        } catch (InvalidValueException e) {
            throw invalid();
        }
    }

    private static boolean validValue(String value, ProductSort sort) {
        return switch (sort) {
            case NAME -> !value.isBlank() && value.length() <= Product.MAX_NAME_LENGTH;
            case PRICE, PRICE_DESC -> PRICE.matcher(value).matches();
            case NEWEST -> isInstant(value);
        };
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw invalid();
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static InvalidValueException invalid() {
        return new InvalidValueException(FIELD, "cursor is not a cursor of this listing; start again without it");
    }
}
