package io.saasplatform.application.port.in;

import io.saasplatform.domain.Tenant;

/** Incoming port: read the caller's tenant and change its settings (owner and admin only). */
public interface ManageTenantUseCase {
    Tenant getTenant(Actor actor);

    Tenant rename(Actor actor, String newName);

    Tenant changeDefaultCurrency(Actor actor, String currency);
}
