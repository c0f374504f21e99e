package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code Link: <…>; rel="next"} (RFC 8288) on keyset pages: the request's own path and query, filters and sort
 * included, with {@code cursor} set to the page's {@code nextCursor}. A relative reference, resolved against the
 * request's URI, so it holds behind any proxy that keeps paths. Absent on the last page.
 */
final class KeysetLinks {
    private KeysetLinks() {}

    /** Adds the next link when there is a next page; appended, so other links (deprecation) stay. */
    static void next(Context ctx, Optional<String> nextCursor) {
        nextCursor.ifPresent(cursor -> ctx.res().addHeader("Link",
                "<" + ctx.path() + "?" + StorefrontRoutes.withParameter(ctx.queryString(), "cursor", cursor)
                        + ">; rel=\"next\""));
    }
}
