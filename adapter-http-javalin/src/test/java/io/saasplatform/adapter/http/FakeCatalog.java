package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The catalog and storefront ports as a scripted fake over a fixed catalog of {@link FakeUseCases#ACME} (default
 * currency KWD): records every call and its arguments, and refuses stale versions as the real service does.
 */
final class FakeCatalog implements CatalogUseCase, StorefrontUseCase {
    static final CurrencyCode KWD = CurrencyCode.of("KWD");
    static final Instant CREATED = Instant.parse("2026-05-01T08:00:00Z");
    static final Instant NOW = FakeUseCases.NOW;
    static final Category SHOES = new Category(CategoryId.parse("c0000000-0000-4000-8000-000000000001"),
            Optional.empty(), "Shoes", Slug.of("shoes"), 0, 3, CREATED, NOW);
    static final Category BOOTS = new Category(CategoryId.parse("c0000000-0000-4000-8000-000000000002"),
            Optional.of(SHOES.id()), "Boots", Slug.of("boots"), 1, 1, CREATED, CREATED);
    /** Inherits the tenant's KWD: three decimals. */
    static final Product BOOT = new Product(ProductId.parse("d0000000-0000-4000-8000-000000000001"),
            Optional.of(BOOTS.id()), "Boot", Slug.of("boot"), Optional.of("A sturdy boot"), new BigDecimal("12.5"),
            Optional.empty(), ProductStatus.PUBLISHED, 3, CREATED, NOW);
    /** Own currency USD: two decimals. */
    static final Product SANDAL = new Product(ProductId.parse("d0000000-0000-4000-8000-000000000002"),
            Optional.empty(), "Sandal", Slug.of("sandal"), Optional.empty(), new BigDecimal("12.5"),
            Optional.of(CurrencyCode.of("USD")), ProductStatus.DRAFT, 1, CREATED, CREATED);
    /** Own currency JPY: no decimals. */
    static final Product CLOG = new Product(ProductId.parse("d0000000-0000-4000-8000-000000000003"),
            Optional.empty(), "Clog", Slug.of("clog"), Optional.empty(), new BigDecimal("1200"),
            Optional.of(CurrencyCode.of("JPY")), ProductStatus.ARCHIVED, 1, CREATED, CREATED);
    static final String NEXT_CURSOR = "opaque-cursor-2";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Object> arguments = new CopyOnWriteArrayList<>();
    final List<OptionalLong> expectedVersions = new CopyOnWriteArrayList<>();
    /** The images the storefront's front page and product page show for {@link #BOOT}. */
    volatile List<ProductImage> bootImages = List.of();
    /** The face the storefront's pages read with their content; empty: the pages ask the configuration for it. */
    volatile Optional<StorefrontConfigUseCase.ShopFace> face = Optional.empty();
    private volatile RuntimeException failure;
    private volatile java.util.concurrent.CountDownLatch entered;
    private volatile java.util.concurrent.CountDownLatch release;

    static PricedProduct priced(Product product) {
        return PricedProduct.of(product, KWD);
    }

    /** The next call throws this instead of answering. */
    void failNextWith(RuntimeException e) {
        failure = e;
    }

    /** The next call signals {@code entered}, then waits for {@code release} before it answers. */
    void holdNextCall(java.util.concurrent.CountDownLatch entered, java.util.concurrent.CountDownLatch release) {
        this.release = release;
        this.entered = entered;
    }

    void reset() {
        entered = null;
        release = null;
        calls.clear();
        arguments.clear();
        expectedVersions.clear();
        failure = null;
        bootImages = List.of();
        face = Optional.empty();
    }

    /** The single argument the last call received besides actor, id and version. */
    @SuppressWarnings("unchecked")
    <T> T lastArgument() {
        return (T) arguments.getLast();
    }

    private void enter(String call) {
        calls.add(call);
        java.util.concurrent.CountDownLatch signal = entered;
        if (signal != null) {
            entered = null;
            signal.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        RuntimeException pending = failure;
        if (pending != null) {
            failure = null;
            throw pending;
        }
    }

    private void enter(String call, Actor actor) {
        enter(call);
        if (!actor.tenant().equals(FakeUseCases.ACME.id())) {
            throw new NotFoundException("tenant");
        }
    }

    private static void checkVersion(OptionalLong expected, long current, String resource) {
        if (expected.isPresent() && expected.getAsLong() != current) {
            throw new PreconditionFailedException(resource);
        }
    }

    // --- CatalogUseCase

    @Override
    public List<Category> listCategories(Actor actor) {
        enter("listCategories", actor);
        return List.of(SHOES, BOOTS);
    }

    @Override
    public Category createCategory(Actor actor, CategoryDraft draft) {
        enter("createCategory", actor);
        arguments.add(draft);
        Slug slug = draft.slug() == null ? Slug.derive(draft.name(), "category") : Slug.of(draft.slug());
        return new Category(CategoryId.parse("c0000000-0000-4000-8000-0000000000ff"),
                Optional.ofNullable(draft.parentId()), draft.name(), slug,
                draft.position() == null ? 2 : draft.position(), 1, NOW, NOW);
    }

    @Override
    public Category getCategory(Actor actor, CategoryId id) {
        enter("getCategory:" + id, actor);
        return category(id);
    }

    @Override
    public Category updateCategory(Actor actor, CategoryId id, CategoryPatch patch, OptionalLong expectedVersion) {
        enter("updateCategory:" + id, actor);
        arguments.add(patch);
        expectedVersions.add(expectedVersion);
        Category current = category(id);
        checkVersion(expectedVersion, current.version(), "category");
        return new Category(id, patch.parentId().applyToOptional(current.parentId(), c -> c),
                patch.name().applyTo(current.name()), patch.slug().isSet() ? Slug.of(patch.slug().applyTo(null))
                        : current.slug(), patch.position().applyTo(current.position()), current.version() + 1,
                current.createdAt(), NOW);
    }

    @Override
    public void deleteCategory(Actor actor, CategoryId id, boolean detach, OptionalLong expectedVersion) {
        enter("deleteCategory:" + id + ":detach=" + detach, actor);
        expectedVersions.add(expectedVersion);
        checkVersion(expectedVersion, category(id).version(), "category");
    }

    @Override
    public Page<PricedProduct> listProducts(Actor actor, ProductListRequest request) {
        enter("listProducts", actor);
        arguments.add(request);
        return new Page<>(List.of(priced(BOOT), priced(SANDAL), priced(CLOG)), Optional.of(NEXT_CURSOR));
    }

    @Override
    public PricedProduct createProduct(Actor actor, ProductDraft draft) {
        enter("createProduct", actor);
        arguments.add(draft);
        Slug slug = draft.slug() == null ? Slug.derive(draft.name(), "product") : Slug.of(draft.slug());
        Product created = new Product(ProductId.parse("d0000000-0000-4000-8000-0000000000ff"),
                Optional.ofNullable(draft.categoryId()), draft.name(), slug, Optional.ofNullable(draft.description()),
                draft.price(), Optional.ofNullable(draft.currency()).map(CurrencyCode::of),
                draft.status() == null ? ProductStatus.DRAFT : ProductStatus.parse(draft.status()), 1, NOW, NOW);
        return priced(created);
    }

    @Override
    public PricedProduct getProduct(Actor actor, ProductId id) {
        enter("getProduct:" + id, actor);
        return priced(product(id));
    }

    @Override
    public PricedProduct updateProduct(Actor actor, ProductId id, ProductPatch patch, OptionalLong expectedVersion) {
        enter("updateProduct:" + id, actor);
        arguments.add(patch);
        expectedVersions.add(expectedVersion);
        Product current = product(id);
        checkVersion(expectedVersion, current.version(), "product");
        Product changed = new Product(id, patch.categoryId().applyToOptional(current.categoryId(), c -> c),
                patch.name().applyTo(current.name()),
                patch.slug().isSet() ? Slug.of(patch.slug().applyTo(null)) : current.slug(),
                patch.description().applyToOptional(current.description(), d -> d),
                patch.price().applyTo(current.price()),
                patch.currency().applyToOptional(current.currency(), CurrencyCode::of),
                patch.status().isSet() ? ProductStatus.parse(patch.status().applyTo(null)) : current.status(),
                current.version() + 1, current.createdAt(), NOW);
        return priced(changed);
    }

    @Override
    public void deleteProduct(Actor actor, ProductId id, OptionalLong expectedVersion) {
        enter("deleteProduct:" + id, actor);
        expectedVersions.add(expectedVersion);
        checkVersion(expectedVersion, product(id).version(), "product");
    }

    private static Category category(CategoryId id) {
        return List.of(SHOES, BOOTS).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("category"));
    }

    private static Product product(ProductId id) {
        return List.of(BOOT, SANDAL, CLOG).stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new NotFoundException("product"));
    }

    // --- StorefrontUseCase: the shop "acme"; "old-shoes" and "old-boot" are slugs that were renamed

    private void shop(String call, String shopSlug) {
        enter(call);
        if (!shopSlug.equals(FakeUseCases.ACME.slug().value())) {
            throw new NotFoundException("shop");
        }
    }

    @Override
    public List<Category> categories(String shopSlug) {
        shop("storefront.categories:" + shopSlug, shopSlug);
        return List.of(SHOES, BOOTS);
    }

    @Override
    public Page<PricedProduct> products(String shopSlug, ProductListRequest request) {
        shop("storefront.products:" + shopSlug, shopSlug);
        arguments.add(request);
        if ("old-shoes".equals(request.category())) {
            throw new SlugMovedException("category", SHOES.slug());
        }
        return new Page<>(List.of(priced(BOOT)), Optional.empty());
    }

    @Override
    public PricedProduct product(String shopSlug, String productSlug) {
        shop("storefront.product:" + shopSlug + ":" + productSlug, shopSlug);
        return switch (productSlug) {
            case "old-boot" -> throw new SlugMovedException("productSlug", BOOT.slug());
            case "boot" -> priced(BOOT);
            default -> throw new NotFoundException("product");
        };
    }

    @Override
    public ShopFront front(String shopSlug, ProductListRequest request) {
        shop("storefront.front:" + shopSlug, shopSlug);
        arguments.add(request);
        if ("old-shoes".equals(request.category())) {
            throw new SlugMovedException("category", SHOES.slug());
        }
        return new ShopFront(FakeUseCases.ACME, face, List.of(SHOES, BOOTS),
                new Page<>(List.of(priced(BOOT).withImages(bootImages)), Optional.empty()));
    }

    @Override
    public ShopProduct productWithShop(String shopSlug, String productSlug) {
        PricedProduct found = product(shopSlug, productSlug);
        return new ShopProduct(FakeUseCases.ACME, face, found.withImages(bootImages));
    }
}
