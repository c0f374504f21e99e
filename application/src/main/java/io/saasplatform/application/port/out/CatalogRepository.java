package io.saasplatform.application.port.out;

import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Outgoing port: the categories and products of the tenant bound to the current {@link UnitOfWork}; the only way the
 * application reaches catalog data. Every method sees and changes the bound tenant's rows only (the database enforces
 * it); ids of other tenants read as absent.
 */
public interface CatalogRepository {
    // --- categories ---

    /** Inserts a category of the bound tenant; {@link SlugTakenException} when the slug is in use. */
    void insertCategory(Category category);

    Optional<Category> findCategory(CategoryId id);

    Optional<Category> findCategoryBySlug(Slug slug);

    /** All categories of the bound tenant, ordered by position, then name, then id. */
    List<Category> listCategories();

    /**
     * Writes {@code category} if its stored version still equals {@code category.version()}, storing version + 1;
     * returns the stored category, or empty when it is gone or was changed meanwhile. {@link SlugTakenException} when
     * the new slug is in use; {@link CycleException} when the new parent would make the tree cyclic.
     */
    Optional<Category> updateCategory(Category category);

    /** The ids of {@code id}'s ancestors, nearest first (empty for a root category). */
    List<CategoryId> ancestorsOf(CategoryId id);

    long countChildren(CategoryId id);

    long countProductsIn(CategoryId id);

    /** Moves the category's products to no category and its children to its parent; returns products moved. */
    long detachFrom(CategoryId id);

    /** Deletes the category; false when it did not exist. */
    boolean deleteCategory(CategoryId id);

    boolean categorySlugTaken(Slug slug);

    /** Remembers that {@code oldSlug} used to name {@code id} (for storefront redirects). */
    void recordCategorySlugRedirect(CategoryId id, Slug oldSlug);

    /** The current slug of the category once named {@code oldSlug}, if any. */
    Optional<Slug> currentCategorySlugFor(Slug oldSlug);

    // --- products ---

    /** Inserts a product of the bound tenant; {@link SlugTakenException} when the slug is in use. */
    void insertProduct(Product product);

    Optional<Product> findProduct(ProductId id);

    Optional<Product> findProductBySlug(Slug slug);

    /** Same contract as {@link #updateCategory}: compare-and-set on {@code version}, storing version + 1. */
    Optional<Product> updateProduct(Product product);

    boolean deleteProduct(ProductId id);

    boolean productSlugTaken(Slug slug);

    void recordProductSlugRedirect(ProductId id, Slug oldSlug);

    Optional<Slug> currentProductSlugFor(Slug oldSlug);

    /**
     * One keyset page: at most {@code query.limit()} products matching the filters, strictly after
     * {@code query.after()} in the query's order. Cost depends on the page size, not on how deep the page is.
     */
    List<Product> findProducts(ProductQuery query);

    /**
     * The tenant's directory row ({@link TenantRepository#findById}) and {@link #findProducts findProducts(query)}
     * together: what a storefront page reads, since pricing its products needs the shop's default currency. Empty when
     * the tenant does not exist. {@code tenant} must be the tenant bound to the unit of work.
     *
     * <p>The default reads the two one after the other through {@code tenants}; an adapter that holds both tables
     * may read them in one statement, saving a round trip on the storefront's hottest path.
     */
    default Optional<TenantPage> findTenantWithProducts(TenantRepository tenants, TenantId tenant, ProductQuery query) {
        return tenants.findById(tenant).map(row -> new TenantPage(row, findProducts(query)));
    }

    /**
     * How many products without their own currency have a price with more decimals than {@code minorUnits} (they
     * would not fit a new default currency with that many minor units).
     */
    long countInheritingProductsFinerThan(int minorUnits);

    /** Product orderings; every one ends with the id so the order is total and keysets are unique. */
    enum ProductSort {
        /** name ascending, then id ascending. */
        NAME,
        /** price ascending, then id ascending. */
        PRICE,
        /** price descending, then id descending. */
        PRICE_DESC,
        /** created_at descending, then id descending. */
        NEWEST
    }

    /**
     * A position in a {@link ProductSort} order: the last row's sort value and id. {@code value} is the name (NAME),
     * the plain price string (PRICE, PRICE_DESC) or the ISO-8601 instant of creation (NEWEST).
     */
    record Keyset(String value, ProductId id) {
        public Keyset {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Filters and page of a product listing. {@code text} matches name or description, case-insensitively, as a
     * literal substring; price bounds are inclusive and compare the stored amount regardless of currency.
     */
    record ProductQuery(
            Set<ProductStatus> statuses,
            Optional<CategoryId> category,
            Optional<BigDecimal> minPrice,
            Optional<BigDecimal> maxPrice,
            Optional<String> text,
            ProductSort sort,
            int limit,
            Optional<Keyset> after) {
        public ProductQuery {
            statuses = Set.copyOf(statuses);
            if (statuses.isEmpty()) {
                throw new IllegalArgumentException("statuses must not be empty");
            }
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(minPrice, "minPrice");
            Objects.requireNonNull(maxPrice, "maxPrice");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(sort, "sort");
            Objects.requireNonNull(after, "after");
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be positive");
            }
        }
    }

    /** A tenant's row and one page of its products, as {@link #findTenantWithProducts} reads them. */
    record TenantPage(Tenant tenant, List<Product> products) {
        public TenantPage {
            Objects.requireNonNull(tenant, "tenant");
            products = List.copyOf(products);
        }
    }

    /** The slug is already used by another category or product of the tenant. */
    final class SlugTakenException extends RuntimeException {
        public SlugTakenException(Slug slug) {
            super("slug " + slug + " is already taken");
        }
    }

    /** The change would make a category its own ancestor. */
    final class CycleException extends RuntimeException {
        public CycleException(CategoryId id) {
            super("category " + id + " cannot be moved under its own descendant");
        }
    }
}
