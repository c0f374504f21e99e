package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Product;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The catalog as it appears on the wire: the dashboard's full view and the storefront's public one. Ids are canonical
 * UUID strings, prices strings formatted to the effective currency's minor units (KWD "12.500", USD "12.50", JPY
 * "1200"), so no client ever parses a price into a binary float.
 */
final class CatalogJson {
    private CatalogJson() {}

    record CategoryJson(
            String id, String parentId, String name, String slug, int position, Instant createdAt, Instant updatedAt) {
        static CategoryJson of(Category category) {
            return new CategoryJson(category.id().toString(), category.parentId().map(CategoryId::toString).orElse(null),
                    category.name(), category.slug().value(), category.position(), category.createdAt(),
                    category.updatedAt());
        }
    }

    /** {@code currency} is the product's own (null: it inherits the tenant's); {@code effectiveCurrency} prices it. */
    record ProductJson(
            String id,
            String name,
            String slug,
            String description,
            String categoryId,
            String price,
            String currency,
            String effectiveCurrency,
            String status,
            Instant createdAt,
            Instant updatedAt,
            List<ImageJson> images) {
        static ProductJson of(PricedProduct priced) {
            Product product = priced.product();
            return new ProductJson(product.id().toString(), product.name(), product.slug().value(),
                    product.description().orElse(null), product.categoryId().map(CategoryId::toString).orElse(null),
                    priced.price().formatted(), product.currency().map(CurrencyCode::value).orElse(null),
                    priced.effectiveCurrency().value(), product.status().wireName(), product.createdAt(),
                    product.updatedAt(), ImageJson.of(priced.images()));
        }
    }

    /** A product image: the URL the public reads it from, its pixel size and its alternative text. */
    record ImageJson(String id, String url, int width, int height, String alt) {
        static List<ImageJson> of(List<ProductImage> images) {
            if (images.isEmpty()) {
                // Most products of a page: no stream for nothing.
                return List.of();
            }
            return images.stream()
                    .map(i -> new ImageJson(i.id().toString(), i.url().toString(), i.width(), i.height(), i.alt()))
                    .toList();
        }
    }

    /** No timestamps, versions or status: a shop's visitors see what is for sale, not how it is managed. */
    record StorefrontCategoryJson(String id, String parentId, String name, String slug, int position) {
        static StorefrontCategoryJson of(Category category) {
            return new StorefrontCategoryJson(category.id().toString(),
                    category.parentId().map(CategoryId::toString).orElse(null), category.name(),
                    category.slug().value(), category.position());
        }
    }

    /** {@code currency} is always the effective one: a visitor never needs to know it was inherited. */
    record StorefrontProductJson(
            String id, String name, String slug, String description, String categoryId, String price, String currency,
            List<ImageJson> images) {
        static StorefrontProductJson of(PricedProduct priced) {
            Product product = priced.product();
            return new StorefrontProductJson(product.id().toString(), product.name(), product.slug().value(),
                    product.description().orElse(null), product.categoryId().map(CategoryId::toString).orElse(null),
                    priced.price().formatted(), priced.effectiveCurrency().value(), ImageJson.of(priced.images()));
        }
    }

    record Items<T>(List<T> items) {}

    record PageJson<T>(List<T> items, String nextCursor) {
        static <S, T> PageJson<T> of(Page<S> page, Function<S, T> toJson) {
            return new PageJson<>(page.items().stream().map(toJson).toList(), page.nextCursor().orElse(null));
        }
    }
}
