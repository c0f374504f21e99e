package io.saasplatform.adapter.persistence;

import io.saasplatform.domain.TenantId;
import java.util.UUID;
import org.jooq.DSLContext;

/** The open transaction of the current unit of work: its jOOQ context and the tenant bound inside it. */
final class Transaction {
    private final DSLContext dsl;
    private final TenantId tenant;
    private Throwable nestedFailure;

    Transaction(DSLContext dsl, TenantId tenant) {
        this.dsl = dsl;
        this.tenant = tenant;
    }

    DSLContext dsl() {
        return dsl;
    }

    /** The bound tenant, or null in a unit of work without tenant. */
    TenantId tenant() {
        return tenant;
    }

    /** The bound tenant's id, or null; for the explicit {@code tenant_id = ?} predicates. */
    UUID tenantValue() {
        return tenant == null ? null : tenant.value();
    }

    void markNestedFailure(Throwable failure) {
        if (nestedFailure == null) {
            nestedFailure = failure;
        }
    }

    Throwable nestedFailure() {
        return nestedFailure;
    }
}
