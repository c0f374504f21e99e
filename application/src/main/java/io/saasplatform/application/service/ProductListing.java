package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Product listings shared by the dashboard and the storefront: request parsing and keyset pages. */
final class ProductListing {
    static final int MAX_QUERY_LENGTH = 200;

    private ProductListing() {}

    /** A validated listing request; {@code category} is still the client's slug text (resolved per caller). */
    record Criteria(
            Set<ProductStatus> statuses,
            Optional<String> category,
            Optional<BigDecimal> minPrice,
            Optional<BigDecimal> maxPrice,
            Optional<String> text,
            ProductSort sort,
            int limit,
            Optional<Keyset> after) {

        ProductQuery query(Optional<CategoryId> categoryId) {
            // One row more than the page: its presence says whether a next page exists.
            return new ProductQuery(statuses, categoryId, minPrice, maxPrice, text, sort, limit + 1, after);
        }

        /** The category slug as a {@link Slug}; empty when absent or when it cannot be any category's slug. */
        Optional<Slug> categorySlug() {
            return category.flatMap(ProductListing::slugOrEmpty);
        }
    }

    /**
     * Validates {@code request}, naming the offending field. {@code publishedOnly} (the storefront) ignores the
     * status filter and lists published products only.
     */
    static Criteria parse(ProductListRequest request, boolean publishedOnly, ProductCursor cursors) {
        ProductListRequest r = request == null ? ProductListRequest.defaults() : request;
        ProductSort sort = sort(blankToNull(r.sort()));
        int limit = limit(r.limit());
        Set<ProductStatus> statuses = publishedOnly
                ? Set.of(ProductStatus.PUBLISHED)
                : Optional.ofNullable(blankToNull(r.status()))
                        .map(s -> Set.of(ProductStatus.parse(s)))
                        .orElse(EnumSet.allOf(ProductStatus.class));
        Optional<BigDecimal> min = Optional.ofNullable(r.minPrice()).map(p -> bound(p, "minPrice"));
        Optional<BigDecimal> max = Optional.ofNullable(r.maxPrice()).map(p -> bound(p, "maxPrice"));
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw new InvalidValueException("maxPrice", "maxPrice must not be less than minPrice");
        }
        Optional<String> text = Optional.ofNullable(r.q()).map(String::strip).filter(q -> !q.isEmpty());
        if (text.isPresent() && text.get().length() > MAX_QUERY_LENGTH) {
            throw new InvalidValueException("q", "q must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        Optional<Keyset> after = Optional.ofNullable(blankToNull(r.cursor())).map(c -> cursors.decode(c, sort));
        Optional<String> category = Optional.ofNullable(blankToNull(r.category()));
        if (category.isPresent() && slugOrEmpty(category.get()).isEmpty()) {
            // No category can have this slug: a client's mistake, said as such rather than answered with nothing.
            throw new InvalidValueException("category",
                    "category must be a category slug: lowercase letters, digits and inner hyphens, at most 63");
        }
        return new Criteria(statuses, category, min, max, text, sort, limit, after);
    }

    /** One page of the listing and the cursor of the next one, if there is one. */
    static Page<PricedProduct> page(CatalogRepository catalog, Criteria criteria, Optional<CategoryId> category,
            CurrencyCode tenantDefault, ProductCursor cursors) {
        return page(catalog.findProducts(criteria.query(category)), criteria, tenantDefault, cursors);
    }

    /** The page of {@code rows}, which the repository returned for {@link Criteria#query}. */
    static Page<PricedProduct> page(
            List<Product> rows, Criteria criteria, CurrencyCode tenantDefault, ProductCursor cursors) {
        boolean more = rows.size() > criteria.limit();
        List<Product> items = more ? rows.subList(0, criteria.limit()) : rows;
        Optional<String> next =
                more ? Optional.of(cursors.after(items.getLast(), criteria.sort())) : Optional.empty();
        return new Page<>(items.stream().map(p -> PricedProduct.of(p, tenantDefault)).toList(), next);
    }

    static Page<PricedProduct> empty() {
        return new Page<>(List.of(), Optional.empty());
    }

    private static ProductSort sort(String text) {
        if (text == null) {
            return ProductSort.NEWEST;
        }
        return switch (text) {
            case "name" -> ProductSort.NAME;
            case "price" -> ProductSort.PRICE;
            case "-price" -> ProductSort.PRICE_DESC;
            case "newest" -> ProductSort.NEWEST;
            default -> throw new InvalidValueException("sort", "sort must be one of name, price, -price, newest");
        };
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return ProductListRequest.DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > ProductListRequest.MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + ProductListRequest.MAX_LIMIT);
        }
        return limit;
    }

    private static BigDecimal bound(BigDecimal price, String field) {
        if (price.signum() < 0) {
            throw new InvalidValueException(field, field + " must not be negative");
        }
        return price;
    }

    private static Optional<Slug> slugOrEmpty(String text) {
        try {
            return Optional.of(Slug.of(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
