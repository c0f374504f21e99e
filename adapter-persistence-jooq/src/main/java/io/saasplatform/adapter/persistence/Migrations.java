package io.saasplatform.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter setup: applies the Flyway migrations in {@code classpath:db/migration}, connected as the schema-owner
 * role (never as the serving role, never as a superuser, so every table is owned by the owner).
 */
public final class Migrations {
    static final String HISTORY_TABLE = "flyway_schema_history";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {}

    /**
     * Migrates the schema to the latest version, connected through {@code ownerDataSource} as the owner role created
     * by {@link DatabaseProvisioner}; returns the number of migrations applied.
     */
    public static int migrate(DataSource ownerDataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(ownerDataSource)
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        hideHistoryFromOtherRoles(ownerDataSource);
        LOG.info("schema at version {} ({} migrations applied)", result.targetSchemaVersion, result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    /**
     * The default privileges that let the serving role use every new table also cover Flyway's history table; the
     * application has no business reading or rewriting migration history.
     */
    private static void hideHistoryFromOtherRoles(DataSource ownerDataSource) {
        try (Connection connection = ownerDataSource.getConnection()) {
            List<String> grantees = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT quote_ident(grantee) FROM information_schema.role_table_grants"
                            + " WHERE table_schema = current_schema() AND table_name = ?"
                            + " AND grantee NOT IN (current_user, 'PUBLIC')")) {
                query.setString(1, HISTORY_TABLE);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        grantees.add(rows.getString(1));
                    }
                }
            }
            if (!grantees.isEmpty()) {
                try (Statement statement = connection.createStatement()) {
                    // Identifiers came back quoted by the server itself (quote_ident).
                    statement.execute("REVOKE ALL ON TABLE " + HISTORY_TABLE + " FROM " + String.join(", ", grantees));
                }
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not restrict " + HISTORY_TABLE + ": " + e.getMessage(), e);
        }
    }
}
