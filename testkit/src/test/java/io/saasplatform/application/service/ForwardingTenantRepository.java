package io.saasplatform.application.service;

import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.Optional;

/** Test helper: forwards every call to another repository; tests override a method to count or stage a failure. */
class ForwardingTenantRepository implements TenantRepository {
    private final TenantRepository delegate;

    ForwardingTenantRepository(TenantRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(Tenant tenant) {
        delegate.insert(tenant);
    }

    @Override
    public Optional<Tenant> findById(TenantId id) {
        return delegate.findById(id);
    }

    @Override
    public Optional<Tenant> findByIdForShare(TenantId id) {
        return delegate.findByIdForShare(id);
    }

    @Override
    public Optional<Tenant> findByIdForUpdate(TenantId id) {
        return delegate.findByIdForUpdate(id);
    }

    @Override
    public Optional<Tenant> findBySlug(Slug slug) {
        return delegate.findBySlug(slug);
    }

    @Override
    public boolean update(Tenant tenant) {
        return delegate.update(tenant);
    }
}
