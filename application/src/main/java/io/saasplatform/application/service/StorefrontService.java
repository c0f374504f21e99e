package io.saasplatform.application.service;

import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Application service: the public storefront of a shop, read as that shop's tenant (the same row-level security as a
 * dashboard request) and showing published products only.
 */
public final class StorefrontService implements StorefrontUseCase {
    /** Bounds the memory of the shop cache; the least recently used shops are dropped first. */
    static final int MAX_CACHED_SHOPS = 10_000;

    private final UnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final CatalogRepository catalog;
    /**
     * Shop slug → tenant. A tenant's slug never changes ({@link TenantRepository#update} writes only the name and the
     * default currency, and no use case renames a slug) and tenants are never deleted, so an entry cannot go stale.
     * Only found shops are cached: a shop opened later must not stay unknown.
     */
    private final Map<Slug, TenantId> shops = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Slug, TenantId> eldest) {
            return size() > MAX_CACHED_SHOPS;
        }
    });

    public StorefrontService(UnitOfWork unitOfWork, TenantRepository tenants, CatalogRepository catalog) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public List<Category> categories(String shopSlug) {
        return inShop(shopSlug, tenant -> catalog.listCategories());
    }

    @Override
    public Page<PricedProduct> products(String shopSlug, ProductListRequest request) {
        return inShop(shopSlug, tenant -> {
            ProductListing.Criteria criteria = ProductListing.parse(request, true);
            Optional<CategoryId> category = Optional.empty();
            if (criteria.category().isPresent()) {
                Optional<Slug> slug = criteria.categorySlug();
                Optional<Category> live = slug.flatMap(catalog::findCategoryBySlug);
                if (live.isEmpty()) {
                    Optional<Slug> moved = slug.flatMap(catalog::currentCategorySlugFor);
                    if (moved.isPresent()) {
                        throw new SlugMovedException("category", moved.get());
                    }
                    // An unknown category lists nothing rather than failing: links to removed categories stay harmless.
                    return ProductListing.empty();
                }
                category = Optional.of(live.get().id());
            }
            return ProductListing.page(catalog, criteria, category, tenant.defaultCurrency());
        });
    }

    @Override
    public PricedProduct product(String shopSlug, String productSlug) {
        return inShop(shopSlug, tenant -> {
            Slug slug = slugOrNull(productSlug);
            if (slug == null) {
                throw new NotFoundException("product");
            }
            Optional<Product> live = catalog.findProductBySlug(slug);
            if (live.isPresent()) {
                return published(live)
                        .map(p -> PricedProduct.of(p, tenant.defaultCurrency()))
                        .orElseThrow(() -> new NotFoundException("product"));
            }
            // Redirect only to a product the visitor may see: an old slug must not reveal a draft's new one.
            Optional<Slug> moved = catalog.currentProductSlugFor(slug);
            if (moved.isPresent() && published(moved.flatMap(catalog::findProductBySlug)).isPresent()) {
                throw new SlugMovedException("productSlug", moved.get());
            }
            throw new NotFoundException("product");
        });
    }

    /** Resolves the shop, then runs {@code work} in one unit of work as its tenant. */
    private <T> T inShop(String shopSlug, Function<Tenant, T> work) {
        Slug slug = slugOrNull(shopSlug);
        if (slug == null) {
            throw new NotFoundException("shop");
        }
        TenantId id = shops.get(slug);
        if (id == null) {
            id = unitOfWork.withoutTenant(() -> tenants.findBySlug(slug))
                    .map(Tenant::id)
                    .orElseThrow(() -> new NotFoundException("shop"));
            shops.put(slug, id);
        }
        TenantId tenantId = id;
        return unitOfWork.inTenant(tenantId, () -> {
            Tenant tenant = tenants.findById(tenantId).orElseThrow(() -> {
                shops.remove(slug);
                return new NotFoundException("shop");
            });
            return work.apply(tenant);
        });
    }

    private static Optional<Product> published(Optional<Product> product) {
        return product.filter(p -> p.status() == ProductStatus.PUBLISHED);
    }

    private static Slug slugOrNull(String text) {
        try {
            return Slug.of(text);
        } catch (InvalidValueException e) {
            return null;
        }
    }
}
