package io.saasplatform.application.port.in;

import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.UserId;

/** Incoming port: open a new tenant; its creator becomes the owner. */
public interface CreateTenantUseCase {
    /**
     * Rate limited per creator; the limit counted is reported to {@code limits}.
     *
     * @throws ConflictException on a taken slug; domain validation errors name the offending field.
     */
    Tenant createTenant(CreateTenantCommand command, RateLimitObserver limits);

    default Tenant createTenant(CreateTenantCommand command) {
        return createTenant(command, RateLimitObserver.IGNORE);
    }

    /** Raw input; the domain validates each field. */
    record CreateTenantCommand(UserId creator, String slug, String name, String defaultCurrency) {}
}
