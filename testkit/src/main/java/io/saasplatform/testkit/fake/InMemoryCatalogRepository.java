package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Test fake of the {@link CatalogRepository} port that mimics PostgreSQL row-level security: every method sees and
 * changes only the rows of the tenant bound to the {@link InMemoryUnitOfWork} (none without a tenant, so updates and
 * deletes find nothing), and inserting without a bound tenant is refused with a {@link SecurityException}, like a
 * policy's {@code WITH CHECK}.
 *
 * <p>Like the database it refuses rows that break a constraint: duplicate ids, a parent or category of no visible row
 * (foreign key), and deleting a category that still has products or children (the service must detach first).
 * Product orders and keysets follow the port: ids compare as their canonical text, which is PostgreSQL's uuid order.
 */
public final class InMemoryCatalogRepository implements CatalogRepository, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    private State state = new State();

    public InMemoryCatalogRepository(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    // --- categories

    @Override
    public void insertCategory(Category category) {
        TenantId tenant = writableTenant("category");
        if (state.categories.containsKey(category.id())) {
            throw new IllegalStateException("duplicate key: category " + category.id());
        }
        category.parentId().ifPresent(parent -> requireVisibleCategory(tenant, parent));
        if (categorySlugTaken(category.slug())) {
            throw new SlugTakenException(category.slug());
        }
        state.categories.put(category.id(), new Owned<>(tenant, category));
    }

    @Override
    public Optional<Category> findCategory(CategoryId id) {
        return visible(state.categories, id);
    }

    @Override
    public Optional<Category> findCategoryBySlug(Slug slug) {
        return categories().stream().filter(c -> c.slug().equals(slug)).findFirst();
    }

    @Override
    public List<Category> listCategories() {
        return categories().stream()
                .sorted(Comparator.comparingInt(Category::position)
                        .thenComparing(Category::name)
                        .thenComparing(c -> c.id().value().toString()))
                .toList();
    }

    @Override
    public Optional<Category> updateCategory(Category category) {
        Optional<Category> stored = findCategory(category.id());
        if (stored.isEmpty() || stored.get().version() != category.version()) {
            return Optional.empty();
        }
        TenantId tenant = writableTenant("category");
        if (categories().stream().anyMatch(c -> c.slug().equals(category.slug()) && !c.id().equals(category.id()))) {
            throw new SlugTakenException(category.slug());
        }
        if (category.parentId().isPresent()) {
            CategoryId parent = category.parentId().get();
            requireVisibleCategory(tenant, parent);
            if (parent.equals(category.id()) || ancestorsOf(parent).contains(category.id())) {
                throw new CycleException(category.id());
            }
        }
        Category next = withVersion(category, category.version() + 1);
        state.categories.put(next.id(), new Owned<>(tenant, next));
        return Optional.of(next);
    }

    @Override
    public List<CategoryId> ancestorsOf(CategoryId id) {
        List<CategoryId> ancestors = new ArrayList<>();
        Set<CategoryId> seen = new HashSet<>(Set.of(id));
        Optional<CategoryId> parent = findCategory(id).flatMap(Category::parentId);
        while (parent.isPresent() && seen.add(parent.get())) {
            ancestors.add(parent.get());
            parent = findCategory(parent.get()).flatMap(Category::parentId);
        }
        return List.copyOf(ancestors);
    }

    @Override
    public long countChildren(CategoryId id) {
        return categories().stream().filter(c -> c.parentId().equals(Optional.of(id))).count();
    }

    @Override
    public long countProductsIn(CategoryId id) {
        return products().stream().filter(p -> p.categoryId().equals(Optional.of(id))).count();
    }

    @Override
    public long detachFrom(CategoryId id) {
        Optional<Category> category = findCategory(id);
        if (category.isEmpty()) {
            return 0;
        }
        TenantId tenant = writableTenant("category");
        Optional<CategoryId> grandparent = category.get().parentId();
        // Every moved row is a change its clients must see: its version goes up like any other update.
        for (Category child : categories()) {
            if (child.parentId().equals(Optional.of(id))) {
                Category moved = new Category(child.id(), grandparent, child.name(), child.slug(), child.position(),
                        child.version() + 1, child.createdAt(), child.updatedAt());
                state.categories.put(moved.id(), new Owned<>(tenant, moved));
            }
        }
        long moved = 0;
        for (Product product : products()) {
            if (product.categoryId().equals(Optional.of(id))) {
                Product detached = new Product(product.id(), Optional.empty(), product.name(), product.slug(),
                        product.description(), product.price(), product.currency(), product.status(),
                        product.version() + 1, product.createdAt(), product.updatedAt());
                state.products.put(detached.id(), new Owned<>(tenant, detached));
                moved++;
            }
        }
        return moved;
    }

    @Override
    public boolean deleteCategory(CategoryId id) {
        if (findCategory(id).isEmpty()) {
            return false;
        }
        if (countChildren(id) > 0 || countProductsIn(id) > 0) {
            throw new IllegalStateException(
                    "foreign key violation: category " + id + " still has products or child categories");
        }
        state.categories.remove(id);
        state.categoryRedirects.values().removeIf(redirect -> redirect.row().equals(id));
        return true;
    }

    @Override
    public boolean categorySlugTaken(Slug slug) {
        return findCategoryBySlug(slug).isPresent();
    }

    @Override
    public void recordCategorySlugRedirect(CategoryId id, Slug oldSlug) {
        TenantId tenant = writableTenant("category_slug_redirect");
        requireVisibleCategory(tenant, id);
        state.categoryRedirects.put(new SlugKey(tenant, oldSlug), new Owned<>(tenant, id));
    }

    @Override
    public Optional<Slug> currentCategorySlugFor(Slug oldSlug) {
        return boundTenant()
                .map(tenant -> state.categoryRedirects.get(new SlugKey(tenant, oldSlug)))
                .flatMap(redirect -> findCategory(redirect.row()))
                .map(Category::slug)
                // Renamed back to an old slug: the slug is live again, not a redirect to itself.
                .filter(current -> !current.equals(oldSlug));
    }

    // --- products

    @Override
    public void insertProduct(Product product) {
        TenantId tenant = writableTenant("product");
        if (state.products.containsKey(product.id())) {
            throw new IllegalStateException("duplicate key: product " + product.id());
        }
        product.categoryId().ifPresent(category -> requireVisibleCategory(tenant, category));
        if (productSlugTaken(product.slug())) {
            throw new SlugTakenException(product.slug());
        }
        state.products.put(product.id(), new Owned<>(tenant, product));
    }

    @Override
    public Optional<Product> findProduct(ProductId id) {
        return visible(state.products, id);
    }

    @Override
    public Optional<Product> findProductBySlug(Slug slug) {
        return products().stream().filter(p -> p.slug().equals(slug)).findFirst();
    }

    @Override
    public Optional<Product> updateProduct(Product product) {
        Optional<Product> stored = findProduct(product.id());
        if (stored.isEmpty() || stored.get().version() != product.version()) {
            return Optional.empty();
        }
        TenantId tenant = writableTenant("product");
        if (products().stream().anyMatch(p -> p.slug().equals(product.slug()) && !p.id().equals(product.id()))) {
            throw new SlugTakenException(product.slug());
        }
        product.categoryId().ifPresent(category -> requireVisibleCategory(tenant, category));
        Product next = new Product(product.id(), product.categoryId(), product.name(), product.slug(),
                product.description(), product.price(), product.currency(), product.status(), product.version() + 1,
                product.createdAt(), product.updatedAt());
        state.products.put(next.id(), new Owned<>(tenant, next));
        return Optional.of(next);
    }

    @Override
    public boolean deleteProduct(ProductId id) {
        if (findProduct(id).isEmpty()) {
            return false;
        }
        state.products.remove(id);
        state.productRedirects.values().removeIf(redirect -> redirect.row().equals(id));
        return true;
    }

    @Override
    public boolean productSlugTaken(Slug slug) {
        return findProductBySlug(slug).isPresent();
    }

    @Override
    public void recordProductSlugRedirect(ProductId id, Slug oldSlug) {
        TenantId tenant = writableTenant("product_slug_redirect");
        if (findProduct(id).isEmpty()) {
            throw new IllegalStateException("foreign key violation: no product " + id);
        }
        state.productRedirects.put(new SlugKey(tenant, oldSlug), new Owned<>(tenant, id));
    }

    @Override
    public Optional<Slug> currentProductSlugFor(Slug oldSlug) {
        return boundTenant()
                .map(tenant -> state.productRedirects.get(new SlugKey(tenant, oldSlug)))
                .flatMap(redirect -> findProduct(redirect.row()))
                .map(Product::slug)
                .filter(current -> !current.equals(oldSlug));
    }

    @Override
    public List<Product> findProducts(ProductQuery query) {
        Comparator<Product> order = order(query.sort());
        Predicate<Product> matches = p -> query.statuses().contains(p.status())
                && (query.category().isEmpty() || p.categoryId().equals(query.category()))
                && query.minPrice().map(min -> p.price().compareTo(min) >= 0).orElse(true)
                && query.maxPrice().map(max -> p.price().compareTo(max) <= 0).orElse(true)
                && query.text().map(text -> containsIgnoringCase(p, text)).orElse(true);
        return products().stream()
                .filter(matches)
                .filter(p -> query.after().map(after -> compareToKeyset(p, after, query.sort()) > 0).orElse(true))
                .sorted(order)
                .limit(query.limit())
                .toList();
    }

    @Override
    public long countInheritingProductsFinerThan(int minorUnits) {
        return products().stream()
                .filter(p -> p.currency().isEmpty())
                .filter(p -> Math.max(0, p.price().stripTrailingZeros().scale()) > minorUnits)
                .count();
    }

    // --- assertions

    /** Every stored category of every tenant, bypassing row-level security: for assertions only. */
    public List<Category> allCategories() {
        return state.categories.values().stream().map(Owned::row).toList();
    }

    /** Every stored product of every tenant, bypassing row-level security: for assertions only. */
    public List<Product> allProducts() {
        return state.products.values().stream().map(Owned::row).toList();
    }

    @Override
    public Object snapshot() {
        return state.copy();
    }

    @Override
    public void restore(Object snapshot) {
        state = ((State) snapshot).copy();
    }

    // --- internals

    private static Comparator<Product> order(ProductSort sort) {
        Comparator<Product> byId = Comparator.comparing(InMemoryCatalogRepository::idText);
        return switch (sort) {
            case NAME -> Comparator.comparing(Product::name).thenComparing(byId);
            case PRICE -> Comparator.comparing(Product::price).thenComparing(byId);
            case PRICE_DESC -> Comparator.comparing(Product::price).thenComparing(byId).reversed();
            case NEWEST -> Comparator.comparing(Product::createdAt).thenComparing(byId).reversed();
        };
    }

    /** Where {@code product} lies relative to {@code keyset} in {@code sort}'s order: positive when after it. */
    private static int compareToKeyset(Product product, Keyset keyset, ProductSort sort) {
        int byValue = switch (sort) {
            case NAME -> product.name().compareTo(keyset.value());
            case PRICE, PRICE_DESC -> product.price().compareTo(new BigDecimal(keyset.value()));
            case NEWEST -> product.createdAt().compareTo(Instant.parse(keyset.value()));
        };
        int ascending = byValue != 0 ? byValue : idText(product).compareTo(keyset.id().value().toString());
        return sort == ProductSort.PRICE_DESC || sort == ProductSort.NEWEST ? -ascending : ascending;
    }

    private static String idText(Product product) {
        return product.id().value().toString();
    }

    private static boolean containsIgnoringCase(Product product, String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return product.name().toLowerCase(Locale.ROOT).contains(needle)
                || product.description().map(d -> d.toLowerCase(Locale.ROOT).contains(needle)).orElse(false);
    }

    private static Category withVersion(Category c, long version) {
        return new Category(c.id(), c.parentId(), c.name(), c.slug(), c.position(), version, c.createdAt(),
                c.updatedAt());
    }

    private List<Category> categories() {
        Optional<TenantId> bound = boundTenant();
        return state.categories.values().stream()
                .filter(owned -> bound.equals(Optional.of(owned.tenant())))
                .map(Owned::row)
                .toList();
    }

    private List<Product> products() {
        Optional<TenantId> bound = boundTenant();
        return state.products.values().stream()
                .filter(owned -> bound.equals(Optional.of(owned.tenant())))
                .map(Owned::row)
                .toList();
    }

    private <K, V> Optional<V> visible(Map<K, Owned<V>> rows, K id) {
        Optional<TenantId> bound = boundTenant();
        return Optional.ofNullable(rows.get(id))
                .filter(owned -> bound.equals(Optional.of(owned.tenant())))
                .map(Owned::row);
    }

    private void requireVisibleCategory(TenantId tenant, CategoryId id) {
        Owned<Category> owned = state.categories.get(id);
        if (owned == null || !owned.tenant().equals(tenant)) {
            throw new IllegalStateException("foreign key violation: no category " + id + " in tenant " + tenant);
        }
    }

    private Optional<TenantId> boundTenant() {
        unitOfWork.requireActive();
        return unitOfWork.current();
    }

    private TenantId writableTenant(String table) {
        return boundTenant().orElseThrow(() -> new SecurityException(
                "new row violates row-level security policy for table " + table + ": no tenant is bound"));
    }

    private record Owned<T>(TenantId tenant, T row) {}

    private record SlugKey(TenantId tenant, Slug slug) {}

    private static final class State {
        final Map<CategoryId, Owned<Category>> categories;
        final Map<ProductId, Owned<Product>> products;
        final Map<SlugKey, Owned<CategoryId>> categoryRedirects;
        final Map<SlugKey, Owned<ProductId>> productRedirects;

        State() {
            this(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        private State(
                Map<CategoryId, Owned<Category>> categories,
                Map<ProductId, Owned<Product>> products,
                Map<SlugKey, Owned<CategoryId>> categoryRedirects,
                Map<SlugKey, Owned<ProductId>> productRedirects) {
            this.categories = categories;
            this.products = products;
            this.categoryRedirects = categoryRedirects;
            this.productRedirects = productRedirects;
        }

        State copy() {
            return new State(new LinkedHashMap<>(categories), new LinkedHashMap<>(products),
                    new LinkedHashMap<>(categoryRedirects), new LinkedHashMap<>(productRedirects));
        }
    }
}
