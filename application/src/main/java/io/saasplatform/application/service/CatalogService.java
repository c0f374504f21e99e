package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase;
import io.saasplatform.application.port.in.Change;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.CatalogRepository.CycleException;
import io.saasplatform.application.port.out.CatalogRepository.SlugTakenException;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Read;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Money;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Application service: the dashboard's catalog (categories and products) of the caller's tenant, for staff and above.
 *
 * <p>Every operation is one unit of work as the caller's tenant, so a refused change writes nothing. Prices are checked
 * against the effective currency (the product's own, else the tenant default): never more decimals than its minor
 * units.
 */
public final class CatalogService implements CatalogUseCase {
    /** How often a create is re-run when another request took the derived slug between our check and our insert. */
    static final int DERIVED_SLUG_ATTEMPTS = 3;
    /** Numbered suffixes tried before random ones: "tea-2" … "tea-50" stay readable and the search stays short. */
    private static final int NUMBERED_SUFFIXES = 50;
    private static final int RANDOM_SUFFIXES = 10;

    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final CatalogRepository catalog;
    private final Clock clock;
    private final ProductCursor cursors;
    private ProductImages images = ProductImages.none();
    private TenantReads reads;

    /**
     * @param cursorSecret the platform secret ({@code SECRET_KEY}); listing cursors are signed with a key derived from
     *     it, so every node accepts the cursors of every other
     */
    public CatalogService(
            UnitOfWork unitOfWork,
            MembershipRepository memberships,
            TenantRepository tenants,
            CatalogRepository catalog,
            Clock clock,
            byte[] cursorSecret) {
        this(unitOfWork, memberships, tenants, catalog, clock, new ProductCursor(cursorSecret));
    }

    /** Cursors signed with a random key: valid within this process only (tests, a single local node). */
    public CatalogService(
            UnitOfWork unitOfWork,
            MembershipRepository memberships,
            TenantRepository tenants,
            CatalogRepository catalog,
            Clock clock) {
        this(unitOfWork, memberships, tenants, catalog, clock, ProductCursor.withRandomKey());
    }

    private CatalogService(
            UnitOfWork unitOfWork,
            MembershipRepository memberships,
            TenantRepository tenants,
            CatalogRepository catalog,
            Clock clock,
            ProductCursor cursors) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cursors = Objects.requireNonNull(cursors, "cursors");
        this.reads = TenantReads.sequential(tenants, memberships, catalog);
    }

    /**
     * The same service, reading a request's role check, tenant row and read through {@code tenantReads} (one round
     * trip where the adapter fuses them, ADR 0009); by default one after the other through the repositories.
     */
    public CatalogService withTenantReads(TenantReads tenantReads) {
        CatalogService copy = new CatalogService(unitOfWork, memberships, tenants, catalog, clock, cursors);
        copy.images = images;
        copy.reads = Objects.requireNonNull(tenantReads, "tenantReads");
        return copy;
    }

    /** The same service, with each product read carrying its images (from the media library). */
    public CatalogService withProductImages(ProductImages productImages) {
        CatalogService copy = new CatalogService(unitOfWork, memberships, tenants, catalog, clock, cursors);
        copy.images = Objects.requireNonNull(productImages, "productImages");
        copy.reads = reads;
        return copy;
    }

    // --- categories

    @Override
    public List<Category> listCategories(Actor actor) {
        return asStaffReading(actor, "listing categories", new Read.Categories(), (tenant, read) -> read.value());
    }

    @Override
    public Category createCategory(Actor actor, CategoryDraft draft) {
        Objects.requireNonNull(draft, "draft");
        return retryingDerivedSlug(() -> asStaff(actor, "creating categories", tenant -> {
            Optional<CategoryId> parent = Optional.ofNullable(draft.parentId());
            parent.ifPresent(this::requireExistingParent);
            int position = draft.position() != null ? draft.position() : nextPosition(parent, Optional.empty());
            Optional<Slug> explicit = Optional.ofNullable(draft.slug()).map(Slug::of);
            // Validates name and position before any slug is searched for.
            Slug wanted = explicit.orElseGet(() -> Slug.derive(draft.name(), "category"));
            Category probe = Category.create(parent, draft.name(), wanted, position, now());
            // An explicit slug is not probed first: the insert refuses a taken one (SlugTakenException below).
            Slug slug = explicit.isPresent() ? explicit.get() : freeSlug(probe.slug(), catalog::categorySlugTaken);
            Category category = new Category(probe.id(), parent, probe.name(), slug, position, probe.version(),
                    probe.createdAt(), probe.updatedAt());
            try {
                catalog.insertCategory(category);
            } catch (SlugTakenException e) {
                throw explicit.isPresent() ? slugConflict(slug) : new DerivedSlugRaced();
            }
            return category;
        }));
    }

    @Override
    public Category getCategory(Actor actor, CategoryId id) {
        Objects.requireNonNull(id, "id");
        return asStaffReading(actor, "reading categories", new Read.CategoryById(id),
                (tenant, read) -> read.value().orElseThrow(() -> new NotFoundException("category")));
    }

    @Override
    public Category updateCategory(Actor actor, CategoryId id, CategoryPatch patch, OptionalLong expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        return asStaff(actor, "changing categories", tenant -> {
            Category current = existingCategory(id);
            requireVersion(current.version(), expectedVersion, "category");
            Change<CategoryId> parentChange = orKeep(patch.parentId());
            Optional<CategoryId> parent = parentChange.applyToOptional(current.parentId(), Function.identity());
            if (parentChange.isSet() && parent.isPresent()) {
                requireParentWithoutCycle(id, parent.get());
            }
            Change<Integer> positionChange = orKeep(patch.position());
            int position;
            if (positionChange.isSet()) {
                Integer requested = positionChange.applyTo(null);
                position = requested != null ? requested : nextPosition(parent, Optional.of(id));
            } else {
                // Moved under another parent without a position: last among its new siblings.
                position = parent.equals(current.parentId())
                        ? current.position()
                        : nextPosition(parent, Optional.of(id));
            }
            Change<String> slugChange = orKeep(patch.slug());
            Slug slug = slugChange.isSet() ? Slug.of(slugChange.applyTo(null)) : current.slug();
            if (!slug.equals(current.slug())) {
                requireFree(slug, catalog::categorySlugTaken);
            }
            String name = orKeep(patch.name()).applyTo(current.name());
            Category changed = current.changed(parent, name, slug, position, now());
            Category stored;
            try {
                stored = catalog.updateCategory(changed).orElseThrow(() -> new PreconditionFailedException("category"));
            } catch (SlugTakenException e) {
                throw slugConflict(slug);
            } catch (CycleException e) {
                throw cycle();
            }
            if (!slug.equals(current.slug())) {
                catalog.recordCategorySlugRedirect(id, current.slug());
            }
            return stored;
        });
    }

    @Override
    public void deleteCategory(Actor actor, CategoryId id, boolean detach, OptionalLong expectedVersion) {
        Objects.requireNonNull(id, "id");
        asStaff(actor, "deleting categories", tenant -> {
            Category current = existingCategory(id);
            requireVersion(current.version(), expectedVersion, "category");
            long products = catalog.countProductsIn(id);
            long children = catalog.countChildren(id);
            if ((products > 0 || children > 0) && !detach) {
                throw new ConflictException("category-not-empty", null, "category has " + count(products, "product", "products") + " and "
                        + count(children, "child category", "child categories")
                        + "; move them first, or delete with cascade=detach");
            }
            if (detach) {
                catalog.detachFrom(id);
            }
            if (!catalog.deleteCategory(id)) {
                throw new NotFoundException("category");
            }
            return null;
        });
    }

    // --- products

    @Override
    public Page<PricedProduct> listProducts(Actor actor, ProductListRequest request) {
        String operation = "listing products";
        ProductListing.Criteria criteria;
        try {
            criteria = ProductListing.parse(request, false, cursors);
        } catch (InvalidValueException invalid) {
            // Who may list is checked before what they asked for: a non-member learns nothing from a bad request.
            return asStaffReading(actor, operation, new Read.ContextOnly(), (tenant, nothing) -> {
                throw invalid;
            });
        }
        Optional<Slug> category = criteria.categorySlug();
        if (criteria.category().isPresent() && category.isPresent()) {
            // The category's slug is resolved in the page's own statement; an unknown category filters everything
            // out, it is not an error (the same rule as the storefront).
            return asStaffReading(actor, operation,
                    new Read.ProductsInCategory(category.get(), criteria.query(Optional.empty())),
                    (tenant, read) -> read.value().category().isEmpty()
                            ? ProductListing.empty()
                            : images.attach(actor.tenant(), ProductListing.page(
                                    read.value().products(), criteria, tenant.defaultCurrency(), cursors),
                                    read.images()));
        }
        if (criteria.category().isPresent()) {
            return asStaffReading(actor, operation, new Read.ContextOnly(),
                    (tenant, nothing) -> ProductListing.empty());
        }
        return asStaffReading(actor, operation, new Read.Products(criteria.query(Optional.empty())),
                (tenant, read) -> images.attach(actor.tenant(),
                        ProductListing.page(read.value(), criteria, tenant.defaultCurrency(), cursors), read.images()));
    }

    @Override
    public PricedProduct createProduct(Actor actor, ProductDraft draft) {
        Objects.requireNonNull(draft, "draft");
        return retryingDerivedSlug(() -> asStaffPricing(actor, "creating products", tenant -> {
            Optional<CurrencyCode> currency = Optional.ofNullable(draft.currency()).map(CurrencyCode::of);
            ProductStatus status = draft.status() == null ? ProductStatus.DRAFT : ProductStatus.parse(draft.status());
            BigDecimal price = Money.checkedAmount(draft.price());
            requireFits(price, currency.orElse(tenant.defaultCurrency()), "price");
            Optional<CategoryId> category = Optional.ofNullable(draft.categoryId());
            category.ifPresent(this::requireExistingCategoryOfProduct);
            Optional<Slug> explicit = Optional.ofNullable(draft.slug()).map(Slug::of);
            // Validates name and description before any slug is searched for.
            Slug wanted = explicit.orElseGet(() -> Slug.derive(draft.name(), "product"));
            Product probe = Product.create(category, draft.name(), wanted, Optional.ofNullable(draft.description()),
                    price, currency, status, now());
            // An explicit slug is not probed first: the insert refuses a taken one (SlugTakenException below).
            Slug slug = explicit.isPresent() ? explicit.get() : freeSlug(probe.slug(), catalog::productSlugTaken);
            Product product = new Product(probe.id(), category, probe.name(), slug, probe.description(), probe.price(),
                    currency, status, probe.version(), probe.createdAt(), probe.updatedAt());
            try {
                catalog.insertProduct(product);
            } catch (SlugTakenException e) {
                throw explicit.isPresent() ? slugConflict(slug) : new DerivedSlugRaced();
            }
            return PricedProduct.of(product, tenant.defaultCurrency());
        }));
    }

    @Override
    public PricedProduct getProduct(Actor actor, ProductId id) {
        Objects.requireNonNull(id, "id");
        return asStaffReading(actor, "reading products", new Read.ProductById(id),
                (tenant, read) -> images.attach(actor.tenant(), PricedProduct.of(
                        read.value().orElseThrow(() -> new NotFoundException("product")), tenant.defaultCurrency()),
                        read.images()));
    }

    @Override
    public PricedProduct updateProduct(Actor actor, ProductId id, ProductPatch patch, OptionalLong expectedVersion) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patch, "patch");
        return asStaffPricing(actor, "changing products", tenant -> {
            Product current = existingProduct(id);
            requireVersion(current.version(), expectedVersion, "product");
            Change<BigDecimal> priceChange = orKeep(patch.price());
            Change<String> currencyChange = orKeep(patch.currency());
            Optional<CurrencyCode> currency = currencyChange.applyToOptional(current.currency(), CurrencyCode::of);
            BigDecimal price = Money.checkedAmount(priceChange.applyTo(current.price()));
            // Blame the field the client changed: a new currency can make an unchanged price too fine.
            requireFits(price, currency.orElse(tenant.defaultCurrency()),
                    !priceChange.isSet() && currencyChange.isSet() ? "currency" : "price");
            Change<String> statusChange = orKeep(patch.status());
            ProductStatus status =
                    statusChange.isSet() ? ProductStatus.parse(statusChange.applyTo(null)) : current.status();
            Change<CategoryId> categoryChange = orKeep(patch.categoryId());
            Optional<CategoryId> category = categoryChange.applyToOptional(current.categoryId(), Function.identity());
            if (categoryChange.isSet()) {
                category.ifPresent(this::requireExistingCategoryOfProduct);
            }
            Change<String> slugChange = orKeep(patch.slug());
            Slug slug = slugChange.isSet() ? Slug.of(slugChange.applyTo(null)) : current.slug();
            if (!slug.equals(current.slug())) {
                requireFree(slug, catalog::productSlugTaken);
            }
            Product changed = current.changed(
                    category,
                    orKeep(patch.name()).applyTo(current.name()),
                    slug,
                    orKeep(patch.description()).applyToOptional(current.description(), Function.identity()),
                    price,
                    currency,
                    status,
                    now());
            Product stored;
            try {
                stored = catalog.updateProduct(changed).orElseThrow(() -> new PreconditionFailedException("product"));
            } catch (SlugTakenException e) {
                throw slugConflict(slug);
            }
            if (!slug.equals(current.slug())) {
                catalog.recordProductSlugRedirect(id, current.slug());
            }
            return images.attach(actor.tenant(), PricedProduct.of(stored, tenant.defaultCurrency()));
        });
    }

    @Override
    public void deleteProduct(Actor actor, ProductId id, OptionalLong expectedVersion) {
        Objects.requireNonNull(id, "id");
        asStaff(actor, "deleting products", tenant -> {
            Product current = existingProduct(id);
            requireVersion(current.version(), expectedVersion, "product");
            if (!catalog.deleteProduct(id)) {
                throw new NotFoundException("product");
            }
            return null;
        });
    }

    // --- rules

    /** One unit of work as the caller's tenant, after checking that the caller is staff or above. */
    private <T> T asStaff(Actor actor, String operation, Function<Tenant, T> work) {
        return asStaff(actor, operation, false, work);
    }

    /**
     * Like {@link #asStaff}, for work that only reads: a read-only unit of work, which the database adapter serves
     * without BEGIN and COMMIT, its role check, tenant row and {@code read} asked for together (one round trip where
     * the adapter fuses them, ADR 0009). The checks come in {@link #staff}'s order: membership and role, then the
     * tenant's row; then {@code work} gets what {@code read} read (with the products' images, when wanted and read).
     */
    private <T, R> T asStaffReading(
            Actor actor, String operation, Read<R> read, BiFunction<Tenant, TenantReads.Fused<R>, T> work) {
        Objects.requireNonNull(actor, "actor");
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            TenantReads.Fused<R> fused = reads.read(actor.tenant(), Optional.of(actor.user()), read, images.wanted());
            Access.requireRole(fused.membership(), Role.STAFF, operation);
            Tenant tenant = fused.tenant().orElseThrow(() -> new NotFoundException("tenant"));
            return work.apply(tenant, fused);
        });
    }

    /**
     * Like {@link #asStaff}, for writes that validate a price against the tenant's default currency: the tenant is
     * read under a shared lock, so a concurrent default-currency change waits for this write and then counts it.
     */
    private <T> T asStaffPricing(Actor actor, String operation, Function<Tenant, T> work) {
        return asStaff(actor, operation, true, work);
    }

    private <T> T asStaff(Actor actor, String operation, boolean lockDefaultCurrency, Function<Tenant, T> work) {
        Objects.requireNonNull(actor, "actor");
        return unitOfWork.inTenant(actor.tenant(), () -> staff(actor, operation, lockDefaultCurrency, work));
    }

    private <T> T staff(Actor actor, String operation, boolean lockDefaultCurrency, Function<Tenant, T> work) {
        Access.requireRole(memberships, actor, Role.STAFF, operation);
        Optional<Tenant> found = lockDefaultCurrency
                ? tenants.findByIdForShare(actor.tenant())
                : tenants.findById(actor.tenant());
        return work.apply(found.orElseThrow(() -> new NotFoundException("tenant")));
    }

    /**
     * Runs a create whose slug may be derived. When a concurrent request takes the derived slug between the check and
     * the insert, the whole unit of work is rolled back and run again (a failed insert may leave a database transaction
     * unusable, so the retry must be a new one).
     */
    private static <T> T retryingDerivedSlug(Supplier<T> create) {
        for (int attempt = 1; ; attempt++) {
            try {
                return create.get();
            } catch (DerivedSlugRaced e) {
                if (attempt >= DERIVED_SLUG_ATTEMPTS) {
                    throw new ConflictException("slug-underivable", "slug", "slug could not be derived from the name; send one");
                }
            }
        }
    }

    private Instant now() {
        // The database keeps microseconds: what we return must equal what a later read returns.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Category existingCategory(CategoryId id) {
        return catalog.findCategory(id).orElseThrow(() -> new NotFoundException("category"));
    }

    private Product existingProduct(ProductId id) {
        return catalog.findProduct(id).orElseThrow(() -> new NotFoundException("product"));
    }

    private void requireExistingParent(CategoryId parent) {
        if (catalog.findCategory(parent).isEmpty()) {
            throw new InvalidValueException("parentId", "parentId does not name a category of this shop");
        }
    }

    private void requireParentWithoutCycle(CategoryId id, CategoryId parent) {
        if (parent.equals(id)) {
            throw new InvalidValueException("parentId", "parentId must not be the category itself");
        }
        requireExistingParent(parent);
        if (catalog.ancestorsOf(parent).contains(id)) {
            throw cycle();
        }
    }

    private void requireExistingCategoryOfProduct(CategoryId category) {
        if (catalog.findCategory(category).isEmpty()) {
            throw new InvalidValueException("categoryId", "categoryId does not name a category of this shop");
        }
    }

    /** The position after the last sibling under {@code parent} (0 for the first), ignoring {@code self}. */
    private int nextPosition(Optional<CategoryId> parent, Optional<CategoryId> self) {
        return catalog.listCategories().stream()
                .filter(c -> c.parentId().equals(parent) && !Optional.of(c.id()).equals(self))
                .mapToInt(Category::position)
                .max()
                .stream()
                .map(last -> last == Integer.MAX_VALUE ? last : last + 1)
                .findFirst()
                .orElse(0);
    }

    private static Slug requireFree(Slug slug, Predicate<Slug> taken) {
        if (taken.test(slug)) {
            throw slugConflict(slug);
        }
        return slug;
    }

    /** {@code base}, else {@code base-2}, {@code base-3} … and finally random suffixes. */
    private static Slug freeSlug(Slug base, Predicate<Slug> taken) {
        if (!taken.test(base)) {
            return base;
        }
        for (int n = 2; n <= NUMBERED_SUFFIXES; n++) {
            Slug candidate = base.withSuffix(n);
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        for (int i = 0; i < RANDOM_SUFFIXES; i++) {
            Slug candidate = base.withSuffix(ThreadLocalRandom.current().nextInt(1_000, 1_000_000));
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        throw new ConflictException("slug-underivable", "slug", "slug could not be derived from the name; send one");
    }

    private static void requireFits(BigDecimal price, CurrencyCode currency, String field) {
        if (!Money.fits(price, currency)) {
            String decimals = currency.minorUnits() == 1 ? "1 decimal" : currency.minorUnits() + " decimals";
            throw new InvalidValueException(field, "price".equals(field)
                    ? "price must have at most " + decimals + " in " + currency
                    : "currency " + currency + " allows at most " + decimals + " but the price " + price.toPlainString()
                            + " has more; change the price as well");
        }
    }

    private static void requireVersion(long stored, OptionalLong expected, String resource) {
        if (expected != null && expected.isPresent() && expected.getAsLong() != stored) {
            throw new PreconditionFailedException(resource);
        }
    }

    private static <T> Change<T> orKeep(Change<T> change) {
        return change == null ? Change.keep() : change;
    }

    private static ConflictException slugConflict(Slug slug) {
        return new ConflictException("slug-taken", "slug", "slug " + slug + " is already taken");
    }

    private static InvalidValueException cycle() {
        return new InvalidValueException(
                "parentId", "parentId names a descendant of this category; the tree cannot have cycles");
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** A derived slug was taken by a concurrent request between our check and our insert; signals a retry. */
    private static final class DerivedSlugRaced extends RuntimeException {
        DerivedSlugRaced() {
            super("derived slug taken concurrently", null, false, false);
        }
    }
}
