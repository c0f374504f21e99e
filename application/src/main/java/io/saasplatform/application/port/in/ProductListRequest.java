package io.saasplatform.application.port.in;

import java.math.BigDecimal;

/**
 * Incoming-port value: a product listing request as the client sent it; every field may be null (defaults apply).
 * The service validates and names the offending field: {@code category} (a category slug), {@code minPrice},
 * {@code maxPrice}, {@code q}, {@code sort} ({@code name}, {@code price}, {@code -price}, {@code newest}; default
 * {@code newest}), {@code limit} (1–100, default 20), {@code cursor} (opaque, from a previous page; only valid with the
 * same sort), {@code status} (dashboard only: {@code draft}, {@code published}, {@code archived}; default all).
 */
public record ProductListRequest(
        String category,
        BigDecimal minPrice,
        BigDecimal maxPrice,
        String q,
        String sort,
        Integer limit,
        String cursor,
        String status) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static ProductListRequest defaults() {
        return new ProductListRequest(null, null, null, null, null, null, null, null);
    }
}
