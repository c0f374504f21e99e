package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.saasplatform.adapter.http.CatalogJson.Items;
import io.saasplatform.adapter.http.CatalogJson.PageJson;
import io.saasplatform.adapter.http.CatalogJson.StorefrontCategoryJson;
import io.saasplatform.adapter.http.CatalogJson.StorefrontProductJson;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.in.StorefrontUseCase;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The public storefront of a shop: anonymous and read-only. Answers are cacheable by anyone for a minute
 * ({@code Cache-Control: public, max-age=60}) and carry a weak ETag of their bytes, so a client or CDN revalidates
 * with {@code If-None-Match} and gets 304 without a body. A renamed slug answers 308 to where it lives now.
 */
final class StorefrontRoutes implements RouteGroup {
    static final String CACHE_CONTROL = "public, max-age=60";

    private final StorefrontUseCase storefront;
    private final ObjectMapper mapper;

    StorefrontRoutes(StorefrontUseCase storefront, ObjectMapper mapper) {
        this.storefront = storefront;
        this.mapper = mapper;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/storefront/{slug}/categories", ctx -> cacheable(ctx, new Items<>(
                storefront.categories(ctx.pathParam("slug")).stream().map(StorefrontCategoryJson::of).toList())));
        routes.get("/storefront/{slug}/products", ctx -> {
            String shop = ctx.pathParam("slug");
            try {
                var page = storefront.products(shop, ProductListQuery.from(ctx, false));
                KeysetLinks.next(ctx, page.nextCursor());
                cacheable(ctx, PageJson.of(page, StorefrontProductJson::of));
            } catch (SlugMovedException moved) {
                String query = withParameter(ctx.queryString(), "category", moved.currentSlug().value());
                movedPermanently(ctx, productsPath(shop) + "?" + query);
            }
        });
        routes.get("/storefront/{slug}/products/{productSlug}", ctx -> {
            String shop = ctx.pathParam("slug");
            try {
                cacheable(ctx, StorefrontProductJson.of(storefront.product(shop, ctx.pathParam("productSlug"))));
            } catch (SlugMovedException moved) {
                movedPermanently(ctx, productsPath(shop) + "/" + segment(moved.currentSlug().value()));
            }
        });
    }

    private void cacheable(Context ctx, Object body) throws JsonProcessingException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        String etag = EntityTags.weakOf(bytes);
        // Javalin gzips larger bodies for clients that ask; a shared cache must not hand those bytes to others.
        ctx.header("ETag", etag).header("Cache-Control", CACHE_CONTROL).header("Vary", "Origin, Accept-Encoding");
        if (EntityTags.noneMatchHits(EntityTags.ifNoneMatch(ctx), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes);
    }

    /**
     * 308, not 301: the method and query survive the redirect. No body; the new address is the answer. Cached like
     * the page it points to, since a slug's move is as stable as the page itself.
     */
    private static void movedPermanently(Context ctx, String location) {
        ctx.status(308).header("Location", location).header("Cache-Control", CACHE_CONTROL);
    }

    private static String productsPath(String shop) {
        return "/storefront/" + segment(shop) + "/products";
    }

    /**
     * {@code query} with the first {@code name} parameter's value replaced (appended if absent) and any repeats of it
     * dropped; every other parameter is kept byte for byte, encoding and order included.
     */
    static String withParameter(String query, String name, String value) {
        List<String> kept = new ArrayList<>();
        boolean replaced = false;
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (decodedName(pair).equals(name)) {
                if (!replaced) {
                    kept.add(encode(name) + "=" + encode(value));
                    replaced = true;
                }
                continue;
            }
            kept.add(pair);
        }
        if (!replaced) {
            kept.add(encode(name) + "=" + encode(value));
        }
        return String.join("&", kept);
    }

    private static String decodedName(String pair) {
        String raw = pair.split("=", 2)[0];
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape cannot spell the name we look for; keep the pair as it came.
            return raw;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A path segment: form encoding writes a space as '+', which in a path would be a literal plus. */
    private static String segment(String text) {
        return encode(text).replace("+", "%20");
    }
}
