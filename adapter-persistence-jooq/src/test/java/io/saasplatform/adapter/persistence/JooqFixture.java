package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.PersistencePorts;

/** One migrated database and one adapter for a test class; created on first use, closed in {@code @AfterAll}. */
final class JooqFixture implements AutoCloseable {
    private final int poolSize;
    private MigratedDatabase database;
    private PersistenceAdapter adapter;

    JooqFixture(int poolSize) {
        this.poolSize = poolSize;
    }

    JooqFixture() {
        this(2);
    }

    synchronized MigratedDatabase database() {
        if (database == null) {
            database = MigratedDatabase.create();
        }
        return database;
    }

    synchronized PersistenceAdapter adapter() {
        if (adapter == null) {
            adapter = database().adapter(poolSize);
        }
        return adapter;
    }

    PersistencePorts ports() {
        PersistenceAdapter a = adapter();
        return new PersistencePorts(a.unitOfWork(), a.tenantContext(), a.tenants(), a.users(), a.memberships(), a.invitations(),
                a.refreshTokens(), a.catalog(), a.aiUsageLedger());
    }

    @Override
    public synchronized void close() {
        if (adapter != null) {
            adapter.close();
            adapter = null;
        }
    }
}
