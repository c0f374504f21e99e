package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provisioning roles and privileges from scratch, idempotently, as a superuser and as an RDS-like master user. */
class DatabaseProvisionerTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String PASSWORD = "provisioner-test";

    private final List<TestDatabase> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        databases.forEach(TestDatabase::drop);
        for (String role : roles.reversed()) {
            TestPostgres.executeOnServer("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void given_an_empty_database_when_provisioning_twice_then_both_runs_succeed_and_the_schema_serves_safely() {
        TestDatabase database = emptyDatabase();
        DatabaseProvisioner provisioner = new DatabaseProvisioner(role("owner"), role("app"));

        provisioner.provision(database.adminDataSource(), PASSWORD, PASSWORD);
        provisioner.provision(database.adminDataSource(), PASSWORD, PASSWORD);
        int applied = Migrations.migrate(database.dataSource(provisioner.ownerRole(), PASSWORD));

        assertThat(applied).isPositive();
        assertThat(RlsSelfCheck.problems(database.dataSource(provisioner.servingRole(), PASSWORD))).isEmpty();
        assertThat(queryString(database.adminDataSource(),
                        "SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = ?", "public"))
                .isEqualTo(provisioner.ownerRole());
        assertThat(queryString(database.adminDataSource(),
                        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = ?", "memberships"))
                .isEqualTo(provisioner.ownerRole());
    }

    @Test
    void given_provisioning_when_reading_the_stored_passwords_then_they_are_scram_hashes() {
        TestDatabase database = emptyDatabase();
        DatabaseProvisioner provisioner = new DatabaseProvisioner(role("owner"), role("app"));

        provisioner.provision(database.adminDataSource(), "owner-secret", "app-secret");

        for (String role : List.of(provisioner.ownerRole(), provisioner.servingRole())) {
            assertThat(queryString(database.adminDataSource(), "SELECT rolpassword FROM pg_authid WHERE rolname = ?", role))
                    .startsWith("SCRAM-SHA-256$")
                    .doesNotContain("secret");
        }
    }

    @Test
    void given_a_serving_role_that_already_has_bypassrls_when_a_superuser_provisions_then_bypassrls_is_removed() {
        TestDatabase database = emptyDatabase();
        String app = role("app");
        TestPostgres.executeOnServer("CREATE ROLE " + app + " LOGIN BYPASSRLS CREATEDB");

        new DatabaseProvisioner(role("owner"), app).provision(database.adminDataSource(), PASSWORD, PASSWORD);

        assertThat(queryString(database.adminDataSource(),
                        "SELECT rolbypassrls::text || rolcreatedb::text || rolsuper::text FROM pg_roles WHERE rolname = ?",
                        app))
                .isEqualTo("falsefalsefalse");
    }

    @Test
    void given_an_rds_like_master_without_superuser_when_provisioning_then_migrations_and_the_self_check_succeed() {
        TestDatabase database = emptyDatabase();
        String master = role("master");
        TestPostgres.executeOnServer(
                "CREATE ROLE " + master + " LOGIN CREATEROLE PASSWORD '" + PASSWORD + "'",
                "ALTER DATABASE " + database.name() + " OWNER TO " + master);
        DataSource masterDataSource = database.dataSource(master, PASSWORD);
        assertThat(queryString(masterDataSource, "SELECT rolsuper::text FROM pg_roles WHERE rolname = ?", master))
                .isEqualTo("false");
        DatabaseProvisioner provisioner = new DatabaseProvisioner(role("owner"), role("app"));

        provisioner.provision(masterDataSource, PASSWORD, PASSWORD);
        Migrations.migrate(database.dataSource(provisioner.ownerRole(), PASSWORD));

        assertThat(RlsSelfCheck.problems(database.dataSource(provisioner.servingRole(), PASSWORD))).isEmpty();
    }

    @Test
    void given_a_migrated_database_when_migrating_again_then_nothing_is_applied() {
        MigratedDatabase database = MigratedDatabase.create();
        databases.add(database.database());

        assertThat(Migrations.migrate(database.owner())).isZero();
    }

    @Test
    void given_unusable_role_names_when_building_a_provisioner_then_illegal_argument() {
        assertThatThrownBy(() -> new DatabaseProvisioner("same", "same"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be the owner");
        assertThatThrownBy(() -> new DatabaseProvisioner("owner", "app\"; DROP TABLE x; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("servingRole");
        assertThatThrownBy(() -> new DatabaseProvisioner().provision(null, " ", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ownerPassword");
    }

    private TestDatabase emptyDatabase() {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        databases.add(database);
        return database;
    }

    private String role(String kind) {
        String name = "prov_" + kind + "_" + NAMES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        roles.add(name);
        return name;
    }

    private static String queryString(DataSource dataSource, String sql, String parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
