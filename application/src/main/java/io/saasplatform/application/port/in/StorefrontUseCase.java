package io.saasplatform.application.port.in;

import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.Tenant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Incoming port: the public, read-only storefront of a shop, addressed by the shop's slug. Only published products are
 * visible. The shop is resolved from its slug and its data read as that tenant, under the same row-level security as
 * an authenticated request. An unknown shop is {@link NotFoundException} ("shop"); a renamed product or category slug
 * is {@link SlugMovedException}.
 */
public interface StorefrontUseCase {
    /** The shop's categories, ordered by position then name, each with its parent id (a flat tree). */
    List<Category> categories(String shopSlug);

    /** A page of published products; {@link ProductListRequest#status()} is ignored. */
    Page<PricedProduct> products(String shopSlug, ProductListRequest request);

    /**
     * Everything a shop's front page shows, read in one unit of work: the shop's row, its face, its categories and a
     * page of published products ({@link ProductListRequest#category()} narrows it as in {@link #products}; an unknown
     * category gives an empty page, a renamed one {@link SlugMovedException}).
     */
    ShopFront front(String shopSlug, ProductListRequest request);

    /**
     * Incoming-port value: a shop, its public face (empty when the storefront is served without its configuration:
     * the shop is then shown by its name), its category tree (flat, ordered as {@link #categories}) and a product page.
     */
    record ShopFront(Tenant shop, Optional<ShopFace> face, List<Category> categories, Page<PricedProduct> products) {
        public ShopFront {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(face, "face");
            categories = List.copyOf(categories);
            Objects.requireNonNull(products, "products");
        }

        /** Without a face. */
        public ShopFront(Tenant shop, List<Category> categories, Page<PricedProduct> products) {
            this(shop, Optional.empty(), categories, products);
        }
    }

    /** {@link #product} with the shop's row and face it was read with: what a product page shows. */
    ShopProduct productWithShop(String shopSlug, String productSlug);

    /** Incoming-port value: a published product, its shop and the shop's face (empty as in {@link ShopFront}). */
    record ShopProduct(Tenant shop, Optional<ShopFace> face, PricedProduct product) {
        public ShopProduct {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(face, "face");
            Objects.requireNonNull(product, "product");
        }

        /** Without a face. */
        public ShopProduct(Tenant shop, PricedProduct product) {
            this(shop, Optional.empty(), product);
        }
    }

    /** A published product by slug; {@link NotFoundException} ("product") when absent or not published. */
    PricedProduct product(String shopSlug, String productSlug);
}
