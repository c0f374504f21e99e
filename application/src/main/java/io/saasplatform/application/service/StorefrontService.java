package io.saasplatform.application.service;

import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Read;
import io.saasplatform.application.port.out.CatalogRepository.TenantPage;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Application service: the public storefront of a shop, read as that shop's tenant (the same row-level security as a
 * dashboard request) and showing published products only.
 */
public final class StorefrontService implements StorefrontUseCase {
    /** Bounds the memory of the shop cache; the least recently used shops are dropped first. */
    static final int MAX_CACHED_SHOPS = 10_000;
    /** Entries one eviction may examine: the bound on what a cache miss costs beyond its lookup. */
    static final int MAX_EVICTION_PROBES = 16;

    private final UnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final CatalogRepository catalog;
    /**
     * Shop slug (as the client sent it) → tenant. A tenant's slug never changes ({@link TenantRepository#update}
     * writes only the name and the default currency, and no use case renames a slug) and tenants are never deleted,
     * so an entry cannot go stale. Only found shops are cached: a shop opened later must not stay unknown, and a text
     * that is a key here was a valid slug when it was put. Lock-free on the hot path (every storefront request reads
     * it); see {@link #remember} for the bound.
     */
    private final ConcurrentHashMap<String, CachedShop> shops = new ConcurrentHashMap<>();
    private final int maxCachedShops;
    /** The CLOCK hand: cached slugs in insertion order, recently used ones passed over once. */
    private final ConcurrentLinkedQueue<String> hand = new ConcurrentLinkedQueue<>();
    private volatile int lastEvictionProbes;
    private final ProductCursor cursors;
    private ProductImages images = ProductImages.none();
    private ShopFaces faces = ShopFaces.none();
    private TenantReads reads;

    /**
     * @param cursorSecret the platform secret ({@code SECRET_KEY}); listing cursors are signed with a key derived from
     *     it, so every node accepts the cursors of every other
     */
    public StorefrontService(
            UnitOfWork unitOfWork, TenantRepository tenants, CatalogRepository catalog, byte[] cursorSecret) {
        this(unitOfWork, tenants, catalog, MAX_CACHED_SHOPS, new ProductCursor(cursorSecret));
    }

    /** Cursors signed with a random key: valid within this process only (tests, a single local node). */
    public StorefrontService(UnitOfWork unitOfWork, TenantRepository tenants, CatalogRepository catalog) {
        this(unitOfWork, tenants, catalog, MAX_CACHED_SHOPS, ProductCursor.withRandomKey());
    }

    /** For tests: a smaller shop cache. */
    StorefrontService(UnitOfWork unitOfWork, TenantRepository tenants, CatalogRepository catalog, int maxCachedShops) {
        this(unitOfWork, tenants, catalog, maxCachedShops, ProductCursor.withRandomKey());
    }

    private StorefrontService(UnitOfWork unitOfWork, TenantRepository tenants, CatalogRepository catalog,
            int maxCachedShops, ProductCursor cursors) {
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        if (maxCachedShops < 1) {
            throw new IllegalArgumentException("maxCachedShops must be positive");
        }
        this.maxCachedShops = maxCachedShops;
        this.reads = TenantReads.sequential(tenants, catalog);
    }

    /**
     * The same storefront, with each product carrying its images: one more statement in the read-only unit of work of
     * a page or a product (not a new transaction).
     */
    public StorefrontService withProductImages(ProductImages productImages) {
        StorefrontService copy = copy();
        copy.images = Objects.requireNonNull(productImages, "productImages");
        return copy;
    }

    /**
     * The same storefront, with each page ({@link #front}, {@link #productWithShop}) carrying its shop's face: one more
     * statement in the page's read (not a unit of work of its own). The JSON reads ({@link #products},
     * {@link #product}, {@link #categories}) do not read it.
     */
    public StorefrontService withShopFaces(ShopFaces shopFaces) {
        StorefrontService copy = copy();
        copy.faces = Objects.requireNonNull(shopFaces, "shopFaces");
        return copy;
    }

    /**
     * The same storefront, reading a shop's row together with what a request reads through {@code tenantReads} (one
     * round trip where the adapter fuses them, ADR 0009); by default one after the other through the repositories.
     */
    public StorefrontService withTenantReads(TenantReads tenantReads) {
        StorefrontService copy = copy();
        copy.reads = Objects.requireNonNull(tenantReads, "tenantReads");
        return copy;
    }

    private StorefrontService copy() {
        StorefrontService copy = new StorefrontService(unitOfWork, tenants, catalog, maxCachedShops, cursors);
        copy.images = images;
        copy.faces = faces;
        copy.reads = reads;
        return copy;
    }

    /** What a page's read brings along: its products' images and its shop's face, when this storefront shows them. */
    private TenantReads.Along pageAlong() {
        return new TenantReads.Along(images.wanted(), faces.wanted());
    }

    @Override
    public List<Category> categories(String shopSlug) {
        return inShop(shopSlug, (tenantId, shopMissing) -> {
            TenantReads.Fused<List<Category>> read = reads.read(tenantId, Optional.empty(), new Read.Categories());
            read.tenant().orElseThrow(shopMissing);
            return read.value();
        });
    }

    @Override
    public Page<PricedProduct> products(String shopSlug, ProductListRequest request) {
        return inShop(shopSlug, (tenantId, shopMissing) -> {
            ProductListing.Criteria criteria;
            try {
                criteria = ProductListing.parse(request, true, cursors);
            } catch (InvalidValueException invalid) {
                // An unknown shop is not found whatever the request says.
                tenants.findById(tenantId).orElseThrow(shopMissing);
                throw invalid;
            }
            if (criteria.category().isEmpty()) {
                // The common page: the shop's row (its default currency prices the products) and the products' images
                // come with it.
                TenantReads.Fused<List<Product>> read = reads.read(tenantId, Optional.empty(),
                        new Read.Products(criteria.query(Optional.empty())), images.wanted());
                Tenant tenant = read.tenant().orElseThrow(shopMissing);
                return images.attach(tenantId,
                        ProductListing.page(read.value(), criteria, tenant.defaultCurrency(), cursors), read.images());
            }
            Optional<Slug> slug = criteria.categorySlug();
            if (slug.isEmpty()) {
                // No category can have this slug (parse refuses one, so this is defensive): nothing listed.
                tenants.findById(tenantId).orElseThrow(shopMissing);
                return ProductListing.empty();
            }
            // The shop's row, the category and the page narrowed to it (the slug resolved inside the page's own
            // statement) in one read.
            TenantReads.Fused<TenantReads.CategoryPage> read = reads.read(tenantId, Optional.empty(),
                    new Read.ProductsInCategory(slug.get(), criteria.query(Optional.empty())), images.wanted());
            Tenant tenant = read.tenant().orElseThrow(shopMissing);
            if (read.value().category().isEmpty()) {
                Optional<Slug> moved = catalog.currentCategorySlugFor(slug.get());
                if (moved.isPresent()) {
                    throw new SlugMovedException("category", moved.get());
                }
                // An unknown category lists nothing rather than failing: links to removed categories stay harmless.
                return ProductListing.empty();
            }
            return images.attach(tenantId, ProductListing.page(
                    read.value().products(), criteria, tenant.defaultCurrency(), cursors), read.images());
        });
    }

    @Override
    public ShopFront front(String shopSlug, ProductListRequest request) {
        return inShop(shopSlug, (tenantId, shopMissing) -> {
            ProductListing.Criteria criteria = ProductListing.parse(request, true, cursors);
            Optional<Slug> slug = criteria.categorySlug();
            if (criteria.category().isPresent() && slug.isEmpty()) {
                // No category can have this slug (parse refuses one, so this is defensive): nothing listed.
                Tenant tenant = tenants.findById(tenantId).orElseThrow(shopMissing);
                return new ShopFront(tenant, faces.of(tenant), catalog.listCategories(), ProductListing.empty());
            }
            // The page in one read: the shop's row, its face, its categories, its first products (narrowed to the
            // category, its slug resolved inside the page's own statement) and their images (the product cards show
            // each one's first), as the JSON listing reads the row and the products.
            TenantReads.Fused<TenantReads.FrontPage> read = reads.read(tenantId, Optional.empty(),
                    new Read.Front(slug, criteria.query(Optional.empty())), pageAlong());
            Tenant tenant = read.tenant().orElseThrow(shopMissing);
            List<Category> categories = read.value().categories();
            if (slug.isPresent() && categories.stream().noneMatch(c -> c.slug().equals(slug.get()))) {
                Optional<Slug> moved = catalog.currentCategorySlugFor(slug.get());
                if (moved.isPresent()) {
                    throw new SlugMovedException("category", moved.get());
                }
                // An unknown category lists nothing rather than failing: links to removed categories stay harmless.
                return new ShopFront(tenant, faces.of(tenant, read.face()), categories, ProductListing.empty());
            }
            Page<PricedProduct> page = ProductListing.page(read.value().products(), criteria,
                    tenant.defaultCurrency(), cursors);
            return new ShopFront(tenant, faces.of(tenant, read.face()), categories,
                    images.attach(tenantId, page, read.images()));
        });
    }

    @Override
    public PricedProduct product(String shopSlug, String productSlug) {
        // The JSON product: no face.
        return productWithShop(shopSlug, productSlug, new TenantReads.Along(images.wanted(), false)).product();
    }

    @Override
    public ShopProduct productWithShop(String shopSlug, String productSlug) {
        return productWithShop(shopSlug, productSlug, pageAlong());
    }

    private ShopProduct productWithShop(String shopSlug, String productSlug, TenantReads.Along along) {
        return inShop(shopSlug, (tenantId, shopMissing) -> {
            Slug slug = slugOrNull(productSlug);
            if (slug == null) {
                // An unknown shop is not found whatever the product slug says.
                tenants.findById(tenantId).orElseThrow(shopMissing);
                throw new NotFoundException("product");
            }
            TenantReads.Fused<Optional<Product>> read =
                    reads.read(tenantId, Optional.empty(), new Read.ProductBySlug(slug), along);
            Tenant tenant = read.tenant().orElseThrow(shopMissing);
            Optional<Product> live = read.value();
            if (live.isPresent()) {
                return published(live)
                        .map(p -> new ShopProduct(tenant, along.face() ? faces.of(tenant, read.face())
                                        : Optional.empty(),
                                images.attach(tenant.id(), PricedProduct.of(p, tenant.defaultCurrency()),
                                        read.images())))
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

    /**
     * Resolves the shop, then runs {@code work} in one read-only unit of work as its tenant. The work reads the
     * tenant's row itself, and throws what {@code shopMissing} supplies when the row is not there.
     */
    private <T> T inShop(String shopSlug, ShopWork<T> work) {
        TenantId tenantId = cached(shopSlug);
        if (tenantId == null) {
            Slug slug = slugOrNull(shopSlug);
            if (slug == null) {
                throw new NotFoundException("shop");
            }
            tenantId = unitOfWork.withoutTenant(() -> tenants.findBySlug(slug))
                    .map(Tenant::id)
                    .orElseThrow(() -> new NotFoundException("shop"));
            remember(shopSlug, tenantId);
        }
        TenantId bound = tenantId;
        // Every storefront request only reads: no transaction around it, one round trip per statement (ADR 0009).
        return unitOfWork.readInTenant(bound, () -> work.run(bound, () -> {
            shops.remove(shopSlug);
            return new NotFoundException("shop");
        }));
    }

    private TenantId cached(String shopSlug) {
        CachedShop shop = shopSlug == null ? null : shops.get(shopSlug);
        if (shop == null) {
            return null;
        }
        shop.referenced = true;
        return shop.tenant;
    }

    /**
     * Caches a found shop. Beyond the bound, one entry goes, chosen by the CLOCK approximation of least recently used:
     * the hand passes over recently used entries once (clearing their mark) and drops the first unmarked one, and gives
     * up after {@link #MAX_EVICTION_PROBES} probes by dropping the entry under the hand. A miss therefore costs a
     * bounded number of steps however large the cache, where a scan for the oldest entry cost up to 10,000.
     */
    private void remember(String shopSlug, TenantId tenant) {
        if (shops.putIfAbsent(shopSlug, new CachedShop(tenant)) == null) {
            hand.offer(shopSlug);
        }
        while (shops.size() > maxCachedShops && evictOne()) {
            // one entry per round; more only if concurrent misses overfilled it
        }
    }

    /** Drops one entry; false when the hand found nothing to drop (the queue ran dry). */
    private boolean evictOne() {
        int probes = 0;
        String key;
        try {
            while ((key = hand.poll()) != null) {
                probes++;
                CachedShop shop = shops.get(key);
                if (shop == null) {
                    continue; // already dropped (its tenant row went away)
                }
                if (shop.referenced && probes < MAX_EVICTION_PROBES) {
                    shop.referenced = false;
                    hand.offer(key);
                    continue;
                }
                shops.remove(key, shop);
                return true;
            }
            return false;
        } finally {
            lastEvictionProbes = probes;
        }
    }

    /** How many entries the last eviction examined: for tests. */
    int lastEvictionProbes() {
        return lastEvictionProbes;
    }

    /** The work of a storefront request, inside the shop's unit of work. */
    @FunctionalInterface
    private interface ShopWork<T> {
        T run(TenantId tenant, Supplier<NotFoundException> shopMissing);
    }

    private static final class CachedShop {
        final TenantId tenant;
        // Plain, unsynchronised writes: an approximate recency is all the eviction needs.
        boolean referenced;

        CachedShop(TenantId tenant) {
            this.tenant = tenant;
        }
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
