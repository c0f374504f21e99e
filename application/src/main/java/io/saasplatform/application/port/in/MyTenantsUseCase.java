package io.saasplatform.application.port.in;

import io.saasplatform.domain.MyTenant;
import io.saasplatform.domain.UserId;
import java.util.Optional;

/**
 * Incoming port: the tenants a signed-in user belongs to, so that a client signed in without a tenant can offer the
 * shops it may switch to. Needs no tenant: the database shows a user their own memberships only.
 */
public interface MyTenantsUseCase {
    int DEFAULT_LIMIT = 20;
    int MAX_LIMIT = 100;

    /**
     * One keyset page, oldest membership first.
     *
     * @param cursor the {@code nextCursor} of the previous page; 400 naming {@code cursor} when it is not one
     * @param limit 1 to {@link #MAX_LIMIT}; null for {@link #DEFAULT_LIMIT}
     */
    Page<MyTenant> listMyTenants(UserId user, Optional<String> cursor, Integer limit);

}
