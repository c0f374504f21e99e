package io.saasplatform.application.port.in;

import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.ProductId;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;

/**
 * Incoming port: the dashboard's catalog management for the caller's tenant (staff and above).
 *
 * <p>{@code expectedVersion} is the version the client last saw (HTTP If-Match); when present and stale the change is
 * refused with {@link PreconditionFailedException}. Ids of other tenants are {@link NotFoundException}.
 */
public interface CatalogUseCase {
    List<Category> listCategories(Actor actor);

    Category createCategory(Actor actor, CategoryDraft draft);

    Category getCategory(Actor actor, CategoryId id);

    Category updateCategory(Actor actor, CategoryId id, CategoryPatch patch, OptionalLong expectedVersion);

    /**
     * Deletes a category. One with products or children is a {@link ConflictException} unless {@code detach}: then
     * its products move to no category and its children to its parent.
     */
    void deleteCategory(Actor actor, CategoryId id, boolean detach, OptionalLong expectedVersion);

    Page<PricedProduct> listProducts(Actor actor, ProductListRequest request);

    PricedProduct createProduct(Actor actor, ProductDraft draft);

    PricedProduct getProduct(Actor actor, ProductId id);

    PricedProduct updateProduct(Actor actor, ProductId id, ProductPatch patch, OptionalLong expectedVersion);

    void deleteProduct(Actor actor, ProductId id, OptionalLong expectedVersion);

    /** {@code slug} and {@code position} may be null: derived from the name / appended last. */
    record CategoryDraft(String name, String slug, CategoryId parentId, Integer position) {}

    /** Command: the fields of a category to change; {@link Change#keep()} leaves a field as it is. */
    record CategoryPatch(Change<String> name, Change<String> slug, Change<CategoryId> parentId, Change<Integer> position) {}

    /**
     * {@code slug} may be null (derived from the name and de-duplicated); {@code currency} null means the tenant's
     * default; {@code status} null means draft.
     */
    record ProductDraft(
            String name,
            String slug,
            String description,
            BigDecimal price,
            String currency,
            CategoryId categoryId,
            String status) {}

    /** Command: the fields of a product to change; {@link Change#keep()} leaves a field as it is. */
    record ProductPatch(
            Change<String> name,
            Change<String> slug,
            Change<String> description,
            Change<BigDecimal> price,
            Change<String> currency,
            Change<CategoryId> categoryId,
            Change<String> status) {}
}
