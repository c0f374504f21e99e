package io.saasplatform.application.port.in;

import io.saasplatform.domain.Tenant;
import java.util.Optional;

/**
 * Incoming port: read the caller's tenant and change its settings. Renaming needs the admin role, changing the default
 * currency the owner role (it reprices every product that inherits it).
 */
public interface ManageTenantUseCase {
    Tenant getTenant(Actor actor);

    /** Admin or owner. */
    Tenant rename(Actor actor, String newName);

    /** Owner only; 409 when inheriting prices would not fit the new currency's minor units. */
    Tenant changeDefaultCurrency(Actor actor, String currency);

    /**
     * Both changes in one transaction: all of it applies or none (a 409 on the currency leaves the name unchanged).
     * Each present change needs the role its own operation needs.
     */
    Tenant update(Actor actor, Optional<String> newName, Optional<String> currency);
}
