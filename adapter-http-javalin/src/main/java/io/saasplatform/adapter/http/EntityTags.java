package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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

    private EntityTags() {}

    /** The strong tag of a resource version: {@code "v3"}. */
    static String ofVersion(long version) {
        return "\"v" + version + "\"";
    }

    /**
     * The version the client expects from {@code If-Match}: empty when there is no header or it is {@code *} (any
     * current representation), else the version of its {@code "v<n>"} tag. Anything else (a weak tag, a list, a tag
     * this API never sent) cannot match any current version, so it is answered 412 at once.
     */
    static OptionalLong expectedVersion(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders("If-Match"));
        if (headers.isEmpty()) {
            return OptionalLong.empty();
        }
        String value = String.join(",", headers).strip();
        if (value.equals("*")) {
            return OptionalLong.empty();
        }
        Matcher tag = VERSION_TAG.matcher(value);
        if (!tag.matches()) {
            throw new ProblemException(ProblemType.PRECONDITION_FAILED, IF_MATCH_DETAIL);
        }
        return OptionalLong.of(Long.parseLong(tag.group(1)));
    }

    /** A weak tag derived from the response body: equal bytes, equal tag; 128 bits of SHA-256 are plenty. */
    static String weakOf(byte[] body) {
        byte[] digest = Arrays.copyOf(sha256(body), WEAK_TAG_BYTES);
        return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + "\"";
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

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
