package io.saasplatform.adapter.persistence;

import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.sql.Connection;
import java.util.UUID;
import org.jooq.Configuration;
import org.jooq.DSLContext;

/**
 * The open transaction of the current unit of work: its jOOQ context and what is bound inside it, a tenant
 * ({@code inTenant}), a user ({@code asUser}) or nothing ({@code withoutTenant}); never both. For a read-only unit of
 * work ({@code readInTenant}) no transaction is open: each statement is one, behind its own binding.
 */
final class Transaction {
    private final Configuration jooq;
    private DSLContext dsl;
    private final Connection connection;
    private final TenantId tenant;
    private final UserId user;
    private final boolean readOnly;
    private Throwable nestedFailure;

    /** {@code jooq} is the adapter's configuration; this unit's context runs it on {@code connection}. */
    Transaction(Configuration jooq, Connection connection, TenantId tenant, UserId user, boolean readOnly) {
        if (tenant != null && user != null) {
            throw new IllegalArgumentException("a unit of work binds a tenant or a user, not both");
        }
        this.jooq = jooq;
        this.connection = connection;
        this.tenant = tenant;
        this.user = user;
        this.readOnly = readOnly;
    }

    /**
     * Whether this is a read-only unit of work ({@code readInTenant}): no transaction is open, and every statement
     * prepared on {@link #connection()} runs behind the tenant binding in an implicit transaction of its own.
     */
    boolean readOnly() {
        return readOnly;
    }

    /**
     * The unit's jOOQ context on {@link #connection()}, made on first use: a storefront page runs cached statements on
     * the connection and never needs one.
     */
    DSLContext dsl() {
        if (dsl == null) {
            dsl = jooq.derive(connection).dsl();
        }
        return dsl;
    }

    /** The transaction's JDBC connection (the one {@link #dsl()} runs on), for statements run without jOOQ. */
    Connection connection() {
        return connection;
    }

    /** The bound tenant, or null in a unit of work without tenant. */
    TenantId tenant() {
        return tenant;
    }

    /** The bound tenant's id, or null; for the explicit {@code tenant_id = ?} predicates. */
    UUID tenantValue() {
        return tenant == null ? null : tenant.value();
    }

    /** The bound user (a unit of work {@code asUser}), or null. */
    UserId user() {
        return user;
    }

    /** The bound user's id, or null; for the explicit {@code user_id = ?} predicates. */
    UUID userValue() {
        return user == null ? null : user.value();
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
