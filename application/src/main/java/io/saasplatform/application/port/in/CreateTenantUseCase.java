package io.saasplatform.application.port.in;

import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.UserId;

/** Incoming port: open a new tenant; its creator becomes the owner. */
public interface CreateTenantUseCase {
    /** @throws ConflictException on a taken slug; domain validation errors name the offending field. */
    Tenant createTenant(CreateTenantCommand command);

    /** Raw input; the domain validates each field. */
    record CreateTenantCommand(UserId creator, String slug, String name, String defaultCurrency) {}
}
