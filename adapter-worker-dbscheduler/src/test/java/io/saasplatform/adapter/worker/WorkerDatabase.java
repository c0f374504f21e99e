package io.saasplatform.adapter.worker;

import io.saasplatform.adapter.persistence.DatabaseProvisioner;
import io.saasplatform.adapter.persistence.Migrations;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.saasplatform.adapter.persistence.PostgresConnections;
import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import javax.sql.DataSource;

/** A fresh database with both roles provisioned and every migration applied, cloned from a per-JVM template. */
record WorkerDatabase(TestDatabase database) {
    // Not the production defaults: roles are cluster-wide, and TEST_DATABASE_URL may point at a server whose real
    // saas_app must not get its password reset by a test run.
    static final String OWNER = "saas_test_owner";
    static final String OWNER_PASSWORD = "owner-test-password";
    static final String SERVING = "saas_test_app";
    static final String SERVING_PASSWORD = "app-test-password";

    static WorkerDatabase create() {
        return new WorkerDatabase(TestPostgres.newDatabase("worker-migrated", template -> {
            new DatabaseProvisioner(OWNER, SERVING).provision(template.adminDataSource(), OWNER_PASSWORD, SERVING_PASSWORD);
            Migrations.migrate(template.dataSource(OWNER, OWNER_PASSWORD));
        }));
    }

    DataSource admin() {
        return database.adminDataSource();
    }

    /** Plain, non-pooled connections as the serving role: no adapter, no tenant binding. */
    DataSource serving() {
        return database.dataSource(SERVING, SERVING_PASSWORD);
    }

    PersistenceAdapter adapter(int poolSize) {
        return new PersistenceAdapter(database.jdbcUrl(), SERVING, SERVING_PASSWORD, poolSize);
    }

    /** The worker's own pool, as the serving role, as bootstrap builds it. */
    DataSource workerPool(String name, int threads) {
        return PostgresConnections.pool("worker-" + name, database.jdbcUrl(), SERVING, SERVING_PASSWORD,
                BackgroundWorker.poolSize(threads));
    }
}
