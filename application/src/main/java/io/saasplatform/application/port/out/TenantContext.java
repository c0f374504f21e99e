package io.saasplatform.application.port.out;

import io.saasplatform.domain.TenantId;
import java.util.Optional;

/** Outgoing port: the tenant bound to the current unit of work, if any. */
public interface TenantContext {
    /** The tenant the current unit of work runs as; empty outside {@link UnitOfWork#inTenant}. */
    Optional<TenantId> current();

    /** The bound tenant, or an {@link IllegalStateException} when code that needs one runs without it. */
    default TenantId require() {
        return current().orElseThrow(() -> new IllegalStateException("no tenant bound to the current unit of work"));
    }
}
