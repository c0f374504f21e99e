package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP entity tags (RFC 9110 section 8.8.3): strong version tags {@code "v3"} for dashboard resources, checked against
 * {@code If-Match} for optimistic concurrency, and weak content tags for storefront responses, checked against
 * {@code If-None-Match} for revalidation.
 */
final class EntityTags {
    static final String IF_MATCH_DETAIL =
            "If-Match must be a single entity tag from an ETag header, like \"v3\", or *";
    // No leading zeros: "v03" is a different opaque tag from "v3", so it can never match strongly.
    private static final Pattern VERSION_TAG = Pattern.compile("\"v(0|[1-9][0-9]{0,17})\"");
    private static final int WEAK_TAG_BYTES = 16;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The documented bounds of the conditional headers: far above any tag this API sends, or a short list of them. */
    static final int MAX_IF_MATCH_LENGTH = 64;
    static final int MAX_IF_NONE_MATCH_LENGTH = 1_024;

    private EntityTags() {}

    /** The {@code If-None-Match} header, or null; longer than documented is a 400 naming it. */
    static String ifNoneMatch(Context ctx) {
        return RequestBounds.atMost("If-None-Match", ctx.header("If-None-Match"), MAX_IF_NONE_MATCH_LENGTH);
    }

    /** The strong tag of a resource version: {@code "v3"}. */
    static String ofVersion(long version) {
        return "\"v" + version + "\"";
    }

    /**
     * The version the client expects from {@code If-Match}: empty when there is no header or it is {@code *} (any
     * current representation), else the version of its {@code "v<n>"} tag. Anything else (a weak tag, a list, a tag
     * this API never sent) cannot match any current version, so it is answered 412 at once; a value longer than the
     * documented bound is not a tag at all (400).
     */
    static OptionalLong expectedVersion(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("If-Match"));
        if (headers.isEmpty()) {
            return OptionalLong.empty();
        }
        String value = RequestBounds.atMost("If-Match", String.join(",", headers), MAX_IF_MATCH_LENGTH).strip();
        if (value.equals("*")) {
            return OptionalLong.empty();
        }
        Matcher tag = VERSION_TAG.matcher(value);
        if (!tag.matches()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, IF_MATCH_DETAIL);
        }
        return OptionalLong.of(Long.parseLong(tag.group(1)));
    }

    /**
     * A weak tag derived from the response body: equal bytes, equal tag. 128 bits of MurmurHash3 (x64, 128-bit): a weak
     * validator needs no cryptographic hash (nobody gains by forging one, and a shop can only collide with its own
     * pages), and this one costs a fraction of SHA-256 on every storefront answer.
     */
    static String weakOf(byte[] body) {
        return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(murmur3(body)) + "\"";
    }

    /**
     * Whether an {@code If-None-Match} value (a list of tags, or {@code *}) matches {@code etag} by the weak
     * comparison RFC 9110 prescribes for it: the {@code W/} prefixes are ignored.
     */
    static boolean noneMatchHits(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String wanted = opaque(etag);
        // Our tags are base64url in quotes, free of commas, so splitting on commas is exact for them.
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** MurmurHash3_x64_128 with seed 0 (Austin Appleby's reference algorithm), as 16 bytes. */
    static byte[] murmur3(byte[] data) {
        long h1 = 0;
        long h2 = 0;
        int blocks = data.length / 16;
        for (int i = 0; i < blocks; i++) {
            long k1 = (long) LITTLE_ENDIAN_LONG.get(data, i * 16);
            long k2 = (long) LITTLE_ENDIAN_LONG.get(data, i * 16 + 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * 16;
        int remaining = data.length - tail;
        long k1 = 0;
        long k2 = 0;
        for (int i = remaining - 1; i >= 8; i--) {
            k2 = (k2 << 8) | (data[tail + i] & 0xffL);
        }
        for (int i = Math.min(remaining, 8) - 1; i >= 0; i--) {
            k1 = (k1 << 8) | (data[tail + i] & 0xffL);
        }
        if (remaining > 8) {
            h2 ^= mixK2(k2);
        }
        if (remaining > 0) {
            h1 ^= mixK1(k1);
        }
        h1 ^= data.length;
        h2 ^= data.length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        h2 += h1;
        byte[] digest = new byte[WEAK_TAG_BYTES];
        LITTLE_ENDIAN_LONG.set(digest, 0, h1);
        LITTLE_ENDIAN_LONG.set(digest, 8, h2);
        return digest;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * 0x87c37b91114253d5L, 31) * 0x4cf5ad432745937fL;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * 0x4cf5ad432745937fL, 33) * 0x87c37b91114253d5L;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
