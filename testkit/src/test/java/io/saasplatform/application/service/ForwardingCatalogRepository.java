package io.saasplatform.application.service;

import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import java.util.List;
import java.util.Optional;

/** Test helper: forwards every call to another repository; tests override a method to stage a race or a failure. */
class ForwardingCatalogRepository implements CatalogRepository {
    private final CatalogRepository delegate;

    ForwardingCatalogRepository(CatalogRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insertCategory(Category category) {
        delegate.insertCategory(category);
    }

    @Override
    public Optional<Category> findCategory(CategoryId id) {
        return delegate.findCategory(id);
    }

    @Override
    public Optional<Category> findCategoryBySlug(Slug slug) {
        return delegate.findCategoryBySlug(slug);
    }

    @Override
    public List<Category> listCategories() {
        return delegate.listCategories();
    }

    @Override
    public Optional<Category> updateCategory(Category category) {
        return delegate.updateCategory(category);
    }

    @Override
    public List<CategoryId> ancestorsOf(CategoryId id) {
        return delegate.ancestorsOf(id);
    }

    @Override
    public long countChildren(CategoryId id) {
        return delegate.countChildren(id);
    }

    @Override
    public long countProductsIn(CategoryId id) {
        return delegate.countProductsIn(id);
    }

    @Override
    public long detachFrom(CategoryId id) {
        return delegate.detachFrom(id);
    }

    @Override
    public boolean deleteCategory(CategoryId id) {
        return delegate.deleteCategory(id);
    }

    @Override
    public boolean categorySlugTaken(Slug slug) {
        return delegate.categorySlugTaken(slug);
    }

    @Override
    public void recordCategorySlugRedirect(CategoryId id, Slug oldSlug) {
        delegate.recordCategorySlugRedirect(id, oldSlug);
    }

    @Override
    public Optional<Slug> currentCategorySlugFor(Slug oldSlug) {
        return delegate.currentCategorySlugFor(oldSlug);
    }

    @Override
    public void insertProduct(Product product) {
        delegate.insertProduct(product);
    }

    @Override
    public Optional<Product> findProduct(ProductId id) {
        return delegate.findProduct(id);
    }

    @Override
    public Optional<Product> findProductBySlug(Slug slug) {
        return delegate.findProductBySlug(slug);
    }

    @Override
    public Optional<Product> updateProduct(Product product) {
        return delegate.updateProduct(product);
    }

    @Override
    public boolean deleteProduct(ProductId id) {
        return delegate.deleteProduct(id);
    }

    @Override
    public boolean productSlugTaken(Slug slug) {
        return delegate.productSlugTaken(slug);
    }

    @Override
    public void recordProductSlugRedirect(ProductId id, Slug oldSlug) {
        delegate.recordProductSlugRedirect(id, oldSlug);
    }

    @Override
    public Optional<Slug> currentProductSlugFor(Slug oldSlug) {
        return delegate.currentProductSlugFor(oldSlug);
    }

    @Override
    public List<Product> findProducts(ProductQuery query) {
        return delegate.findProducts(query);
    }

    @Override
    public Optional<TenantPage> findTenantWithProducts(TenantRepository tenants, TenantId tenant, ProductQuery query) {
        return delegate.findTenantWithProducts(tenants, tenant, query);
    }

    @Override
    public long countInheritingProductsFinerThan(int minorUnits) {
        return delegate.countInheritingProductsFinerThan(minorUnits);
    }
}
