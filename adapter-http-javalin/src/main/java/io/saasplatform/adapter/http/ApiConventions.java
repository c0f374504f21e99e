package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-cutting HTTP conventions that apply before any handler: the dated {@code Api-Version}, CORS for the public
 * storefront (and nothing else), and the announcement of deprecated behaviour ({@code Deprecation}, RFC 9745;
 * {@code Sunset}, RFC 8594).
 */
final class ApiConventions {
    static final String API_VERSION = "Api-Version";
    /** The version this server speaks; the only one so far. Dated: the day its contract was fixed. */
    static final String CURRENT_VERSION = "2026-12-01";
    static final Set<String> SUPPORTED_VERSIONS = Set.of(CURRENT_VERSION);
    static final String STOREFRONT = "/storefront/";
    static final String EXPOSED_HEADERS = "ETag, Location, Retry-After, X-Request-Id, Api-Version, Deprecation, Sunset, Link";
    static final String ALLOWED_REQUEST_HEADERS = "if-none-match, api-version, traceparent, x-request-id";
    static final String PREFLIGHT_MAX_AGE_SECONDS = "600";
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");
    private static final Pattern VERSION = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /**
     * A deprecated behaviour: since when ({@code Deprecation}), until when it still works ({@code Sunset}), and where
     * it is explained ({@code Link; rel="deprecation"}).
     */
    record Deprecation(Instant since, Instant sunset, String link) {
        /**
         * Prices sent as JSON numbers: parsed exactly, but a client that builds them from binary floats loses cents
         * before they leave it. Send decimal strings; numbers will be refused after the sunset.
         */
        static final Deprecation NUMERIC_PRICES = new Deprecation(Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2027-06-01T00:00:00Z"), "/docs/api.md#deprecations");

        /** Adds the three headers to the response. */
        void announce(Context ctx) {
            ctx.header("Deprecation", "@" + since.getEpochSecond());
            ctx.header("Sunset", DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(sunset));
            ctx.res().addHeader("Link", "<" + link + ">; rel=\"deprecation\"; type=\"text/markdown\"");
        }
    }

    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;

    /**
     * @param allowedOrigins origins ({@code https://shop.example.com}) whose pages may call the storefront from a
     *     browser; {@code *} allows any (the storefront is public and takes no credentials); empty allows none
     */
    ApiConventions(List<String> allowedOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        boolean any = false;
        for (String origin : Objects.requireNonNull(allowedOrigins, "allowedOrigins")) {
            if (origin.equals("*")) {
                any = true;
            } else if (ORIGIN.matcher(origin).matches()) {
                origins.add(origin.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException(
                        "an allowed origin must be scheme://host[:port] without path or *, was " + origin);
            }
        }
        this.allowedOrigins = Collections.unmodifiableSet(origins);
        this.anyOrigin = any;
    }

    /**
     * Runs before every handler: answers the version, refuses an unknown one, adds CORS headers on the storefront and
     * answers its preflight requests. Returns false when the request has been answered (a preflight).
     */
    boolean apply(Context ctx) {
        ctx.header(API_VERSION, CURRENT_VERSION);
        String asked = ctx.header(API_VERSION);
        if (asked != null && !(VERSION.matcher(asked.strip()).matches()
                && SUPPORTED_VERSIONS.contains(asked.strip()))) {
            throw ProblemException.withCode(ProblemType.BAD_REQUEST, "unsupported-api-version", API_VERSION,
                    "Api-Version " + abbreviate(asked) + " is not supported; supported: " + CURRENT_VERSION
                            + " (or send none for the current one)");
        }
        if (!ctx.path().startsWith(STOREFRONT)) {
            return true;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        boolean allowed = origin != null && (anyOrigin || allowedOrigins.contains(origin.toLowerCase(Locale.ROOT)));
        if (allowed) {
            ctx.header("Access-Control-Allow-Origin", anyOrigin ? "*" : origin);
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        boolean preflight = ctx.method().name().equals("OPTIONS")
                && ctx.header("Access-Control-Request-Method") != null;
        if (!preflight) {
            return true;
        }
        ctx.header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!allowed) {
            throw ProblemException.withCode(ProblemType.FORBIDDEN, "cors-origin-refused", "Origin",
                    "This origin may not call the storefront from a browser");
        }
        ctx.header("Access-Control-Allow-Methods", "GET, HEAD");
        ctx.header("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS);
        ctx.header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
        return false;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 32 ? printable.substring(0, 32) + "…" : printable;
    }
}
