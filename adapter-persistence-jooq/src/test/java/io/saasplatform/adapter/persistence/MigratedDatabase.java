package io.saasplatform.adapter.persistence;

import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import javax.sql.DataSource;

/** A fresh database with both roles provisioned and every migration applied, cloned from a per-JVM template. */
record MigratedDatabase(TestDatabase database) {
    // Not the production defaults: roles are cluster-wide, and TEST_DATABASE_URL may point at a server whose real
    // saas_app must not get its password reset by a test run.
    static final String OWNER = "saas_test_owner";
    static final String OWNER_PASSWORD = "owner-test-password";
    static final String SERVING = "saas_test_app";
    static final String SERVING_PASSWORD = "app-test-password";

    static MigratedDatabase create() {
        return new MigratedDatabase(TestPostgres.newDatabase("persistence-migrated", template -> {
            new DatabaseProvisioner(OWNER, SERVING).provision(template.adminDataSource(), OWNER_PASSWORD, SERVING_PASSWORD);
            Migrations.migrate(template.dataSource(OWNER, OWNER_PASSWORD));
        }));
    }

    String jdbcUrl() {
        return database.jdbcUrl();
    }

    DataSource owner() {
        return database.dataSource(OWNER, OWNER_PASSWORD);
    }

    /** Plain, non-pooled connections as the serving role: no adapter, no tenant binding. */
    DataSource serving() {
        return database.dataSource(SERVING, SERVING_PASSWORD);
    }

    DataSource admin() {
        return database.adminDataSource();
    }

    PersistenceAdapter adapter(int poolSize) {
        return new PersistenceAdapter(jdbcUrl(), SERVING, SERVING_PASSWORD, poolSize);
    }

    void executeAsAdmin(String... sql) {
        database.executeAsAdmin(sql);
    }
}
