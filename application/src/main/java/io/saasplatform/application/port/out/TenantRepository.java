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

    /**
     * Like {@link #findById}, and holds a shared lock on the tenant until the unit of work ends: a concurrent change
     * of the default currency waits, so a price validated against the default stays valid until it is written.
     * Shared locks do not wait for each other.
     */
    Optional<Tenant> findByIdForShare(TenantId id);

    /**
     * Like {@link #findById}, and holds an exclusive lock on the tenant until the unit of work ends: it waits for
     * every unit of work holding {@link #findByIdForShare}, so what it counts afterwards includes their writes.
     */
    Optional<Tenant> findByIdForUpdate(TenantId id);

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
