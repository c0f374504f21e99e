package io.saasplatform.application.port.out;

import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.function.Supplier;

/**
 * Outgoing port: runs a piece of work in one transaction, as a given tenant or as no tenant.
 *
 * <p>Work run as a tenant sees and changes only that tenant's rows: the adapter binds the tenant inside the
 * transaction and the database enforces it. Work run as no tenant sees no tenant-owned rows at all. Any exception
 * thrown by the work rolls the whole transaction back. Nesting joins the outer transaction only for the same tenant.
 * Work that only reads may run as {@link #readInTenant}, which an adapter may serve without a transaction around it.
 */
public interface UnitOfWork {
    <T> T inTenant(TenantId tenant, Supplier<T> work);

    /**
     * Read-only work as a tenant: it sees exactly what {@link #inTenant} would show it, but no transaction need span
     * the work. An adapter may run each statement in its own transaction with the tenant bound, so separate reads see
     * separate snapshots, as the statements of a READ COMMITTED transaction do. The work must neither write nor lock
     * rows; an adapter refuses both. Nested in a unit of work of the same tenant it joins that unit; a writing unit of
     * work cannot be nested inside it. The default runs {@link #inTenant}, which gives every guarantee this form does.
     */
    default <T> T readInTenant(TenantId tenant, Supplier<T> work) {
        return inTenant(tenant, work);
    }

    /** Work on global data only (the tenant directory, users); tenant-owned tables read as empty. */
    <T> T withoutTenant(Supplier<T> work);

    /**
     * Work as a signed-in user with no tenant: the user may read their own memberships in every tenant (to choose
     * one at sign-in) and nothing else tenant-owned; writes to tenant-owned tables are refused.
     */
    <T> T asUser(UserId user, Supplier<T> work);

    default void runInTenant(TenantId tenant, Runnable work) {
        inTenant(tenant, () -> {
            work.run();
            return null;
        });
    }
}
