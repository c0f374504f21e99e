package io.saasplatform.application.port.in;

import io.saasplatform.domain.Category;
import java.util.List;

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

    /** A published product by slug; {@link NotFoundException} ("product") when absent or not published. */
    PricedProduct product(String shopSlug, String productSlug);
}
