package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.adapter.http.CatalogJson.CategoryJson;
import io.saasplatform.adapter.http.CatalogJson.Items;
import io.saasplatform.adapter.http.CatalogJson.PageJson;
import io.saasplatform.adapter.http.CatalogJson.ProductJson;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryDraft;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryPatch;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.CatalogUseCase.ProductPatch;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.ProductId;
import java.util.Set;

/**
 * The dashboard's catalog: categories and products of the access token's tenant. Single resources carry a strong
 * {@code ETag: "v<version>"}; PATCH and DELETE honour {@code If-Match} with it. Nothing here may be cached: every
 * response says {@code Cache-Control: no-store}.
 */
final class CatalogRoutes implements RouteGroup {
    private static final String CATEGORIES = "/tenants/me/categories";
    private static final String PRODUCTS = "/tenants/me/products";
    private static final Set<String> CATEGORY_FIELDS = Set.of("name", "slug", "parentId", "position");
    private static final Set<String> PRODUCT_FIELDS =
            Set.of("name", "slug", "description", "price", "currency", "categoryId", "status");

    private final BearerAuth bearer;
    private final IdempotentPosts idempotent;
    private final CatalogUseCase catalog;

    CatalogRoutes(BearerAuth bearer, IdempotentPosts idempotent, CatalogUseCase catalog) {
        this.bearer = bearer;
        this.idempotent = idempotent;
        this.catalog = catalog;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get(CATEGORIES, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            noStore(ctx).json(new Items<>(catalog.listCategories(actor).stream().map(CategoryJson::of).toList()));
        });
        routes.post(CATEGORIES, idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            JsonFields body = JsonFields.read(ctx, bodies, CATEGORY_FIELDS);
            CategoryDraft draft = new CategoryDraft(body.requiredText("name"), body.optionalText("slug"),
                    body.optionalCategoryId("parentId"), body.optionalInteger("position"));
            body.requireValid();
            Category created = catalog.createCategory(actor, draft);
            ctx.status(201).header("Location", CATEGORIES + "/" + created.id());
            category(ctx, created);
        }));
        routes.get(CATEGORIES + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            category(ctx, catalog.getCategory(actor, categoryId(ctx)));
        });
        routes.patch(CATEGORIES + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CategoryId id = categoryId(ctx);
            var expected = EntityTags.expectedVersion(ctx);
            JsonFields body = JsonFields.read(ctx, bodies, CATEGORY_FIELDS);
            CategoryPatch patch = new CategoryPatch(body.textChange("name", false), body.textChange("slug", false),
                    body.categoryIdChange("parentId"), body.integerChange("position"));
            body.requireValid();
            category(ctx, catalog.updateCategory(actor, id, patch, expected));
        });
        routes.delete(CATEGORIES + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CategoryId id = categoryId(ctx);
            boolean detach = detach(ctx);
            catalog.deleteCategory(actor, id, detach, EntityTags.expectedVersion(ctx));
            noStore(ctx).status(204);
        });

        routes.get(PRODUCTS, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            var page = catalog.listProducts(actor, ProductListQuery.from(ctx, true));
            KeysetLinks.next(ctx, page.nextCursor());
            noStore(ctx).json(PageJson.of(page, ProductJson::of));
        });
        routes.post(PRODUCTS, idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            JsonFields body = JsonFields.read(ctx, bodies, PRODUCT_FIELDS);
            ProductDraft draft = new ProductDraft(body.requiredText("name"), body.optionalText("slug"),
                    body.optionalText("description"), body.requiredPrice("price"), body.optionalText("currency"),
                    body.optionalCategoryId("categoryId"), body.optionalText("status"));
            body.requireValid();
            PricedProduct created = catalog.createProduct(actor, draft);
            ctx.status(201).header("Location", PRODUCTS + "/" + created.product().id());
            product(ctx, created);
        }));
        routes.get(PRODUCTS + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            product(ctx, catalog.getProduct(actor, productId(ctx)));
        });
        routes.patch(PRODUCTS + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ProductId id = productId(ctx);
            var expected = EntityTags.expectedVersion(ctx);
            JsonFields body = JsonFields.read(ctx, bodies, PRODUCT_FIELDS);
            ProductPatch patch = new ProductPatch(body.textChange("name", false), body.textChange("slug", false),
                    body.textChange("description", true), body.priceChange("price"),
                    body.textChange("currency", true), body.categoryIdChange("categoryId"),
                    body.textChange("status", false));
            body.requireValid();
            product(ctx, catalog.updateProduct(actor, id, patch, expected));
        });
        routes.delete(PRODUCTS + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ProductId id = productId(ctx);
            catalog.deleteProduct(actor, id, EntityTags.expectedVersion(ctx));
            noStore(ctx).status(204);
        });
    }

    /** Path ids are reported as {@code id}, the name of the path parameter, whatever the resource. */
    static CategoryId categoryId(Context ctx) {
        return CategoryId.parse(ctx.pathParam("id"), "id");
    }

    static ProductId productId(Context ctx) {
        return ProductId.parse(ctx.pathParam("id"), "id");
    }

    static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store");
    }

    private static void category(Context ctx, Category category) {
        noStore(ctx).header("ETag", EntityTags.ofVersion(category.version())).json(CategoryJson.of(category));
    }

    static void product(Context ctx, PricedProduct product) {
        noStore(ctx).header("ETag", EntityTags.ofVersion(product.product().version())).json(ProductJson.of(product));
    }

    private static boolean detach(Context ctx) {
        String cascade = ctx.queryParam("cascade");
        if (cascade == null) {
            return false;
        }
        if (!cascade.equals("detach")) {
            throw ProductListQuery.invalid("cascade", "cascade must be detach");
        }
        return true;
    }
}
