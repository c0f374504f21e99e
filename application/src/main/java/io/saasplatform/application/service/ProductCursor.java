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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opaque cursor of product listings: base64url of {@code 2:<sort>:<id>:<value>} followed by the first 16 bytes of
 * its HMAC-SHA256 under a key derived from the platform secret.
 *
 * <p>A cursor only names a position in the caller's own listing (row-level security applies to whatever it points
 * at), but its value reaches the database as a keyset bound: the MAC makes a forged or altered cursor a 400 before
 * anything is parsed, and the value is range-checked as well (an instant beyond year 9999 overflows both
 * {@code OffsetDateTime} and PostgreSQL). Every node derives the same key from {@code SECRET_KEY}, so a cursor from
 * one node works on another. A cursor is bound to its sort: the keyset of one order means nothing in another.
 */
final class ProductCursor {
    static final String FIELD = "cursor";
    private static final String MAC = "HmacSHA256";
    private static final String VERSION = "2";
    private static final int MAX_LENGTH = 1024;
    private static final int MAC_BYTES = 16;
    private static final Pattern PRICE = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,3})?");
    private static final byte[] KEY_LABEL = "product-cursor".getBytes(StandardCharsets.US_ASCII);
    /** Creation times are the server's clock: anything outside these years was never written by it. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final SecretKeySpec key;
    /**
     * Initialised with {@link #key} once and cloned for each cursor: looking the algorithm up and keying a new
     * {@code Mac} was about 2 % of a storefront page's CPU. Never used itself, so no two threads share its state.
     */
    private final Mac keyed;

    /** @param secret the platform secret; the MAC key is derived from it, so the secret itself never signs. */
    ProductCursor(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, MAC), KEY_LABEL), MAC);
        this.keyed = keyed(key);
    }

    /** A cursor codec with a random key: cursors work within this process only (tests, single embedded node). */
    static ProductCursor withRandomKey() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new ProductCursor(secret);
    }

    /** The cursor of the position right after {@code last} in {@code sort}'s order. */
    String after(Product last, ProductSort sort) {
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

    String encode(ProductSort sort, Keyset keyset) {
        byte[] payload = String.join(":", VERSION, sort.name(), keyset.id().toString(), keyset.value())
                .getBytes(StandardCharsets.UTF_8);
        byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
        System.arraycopy(mac(payload), 0, token, payload.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * The keyset a cursor names; an {@link InvalidValueException} on {@code cursor} when it is malformed, damaged, of
     * another version or of a listing with another sort.
     */
    Keyset decode(String cursor, ProductSort expectedSort) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (token.length <= MAC_BYTES) {
            throw invalid();
        }
        byte[] payload = Arrays.copyOf(token, token.length - MAC_BYTES);
        byte[] presented = Arrays.copyOfRange(token, payload.length, token.length);
        if (!MessageDigest.isEqual(presented, Arrays.copyOf(mac(payload), MAC_BYTES))) {
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
            Instant instant = Instant.parse(value);
            return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
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

    private byte[] mac(byte[] payload) {
        try {
            return ((Mac) keyed.clone()).doFinal(payload);
        } catch (CloneNotSupportedException e) {
            // A provider whose Mac cannot be cloned: key a new one each time.
            return hmac(key, payload);
        }
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        return keyed(key).doFinal(data);
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static InvalidValueException invalid() {
        return new InvalidValueException(FIELD, "cursor is not a cursor of this listing; start again without it");
    }
}
