package io.saasplatform.application.port.out;

import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.util.Optional;

/** Outgoing port: the directory of tenants. Call inside a {@link UnitOfWork}. */
public interface TenantRepository {
    /** Inserts a new tenant; {@link SlugTakenException} when another tenant has the slug. */
    void insert(Tenant tenant);

    Optional<Tenant> findById(TenantId id);

    Optional<Tenant> findBySlug(Slug slug);

    /** Updates name and default currency of the tenant bound to the unit of work; false if it was not found. */
    boolean update(Tenant tenant);

    /** Thrown by {@link #insert} when the slug is already in use. */
    final class SlugTakenException extends RuntimeException {
        public SlugTakenException(Slug slug) {
            super("slug " + slug + " is already taken");
        }
    }
}
