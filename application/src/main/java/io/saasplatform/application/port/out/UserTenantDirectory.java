package io.saasplatform.application.port.out;

import io.saasplatform.domain.MyTenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outgoing port: a user's memberships joined with the tenant directory, for {@link io.saasplatform.application.port.in.MyTenantsUseCase}. Call inside
 * {@link UnitOfWork#asUser} for that same user: the database shows nobody else's memberships.
 */
public interface UserTenantDirectory {
    /** Up to {@code limit} tenants of {@code user}, ordered by joined date then tenant id, after {@code after}. */
    List<MyTenant> tenantsOf(UserId user, Optional<Position> after, int limit);

    /** Where a page ended: the last row's joined date and tenant id. */
    record Position(Instant joinedAt, TenantId tenantId) {}
}
