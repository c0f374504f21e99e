package io.saasplatform.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter setup: creates the schema-owner and serving roles and their privileges, run once by an administrator
 * before {@link Migrations#migrate}.
 *
 * <p>Given an admin connection to the application database it, in one transaction and idempotently:
 *
 * <ol>
 *   <li>creates (or updates the password of) the <b>owner</b> role, default {@value #DEFAULT_OWNER_ROLE}, which owns
 *       schema {@code public} and every table, and runs the Flyway migrations;
 *   <li>creates (or updates) the <b>serving</b> role, default {@value #DEFAULT_SERVING_ROLE}: {@code LOGIN NOSUPERUSER
 *       NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION}, owning nothing;
 *   <li>grants the serving role {@code USAGE} on the schema and, through {@code ALTER DEFAULT PRIVILEGES FOR ROLE
 *       owner}, {@code SELECT, INSERT, UPDATE, DELETE} on every table and {@code USAGE} on every sequence that the
 *       owner will create, so future migrations need no grant statements.
 * </ol>
 *
 * <p>Passwords are hashed client-side (SCRAM, via pgjdbc) so they never appear in server logs. Run it before the
 * first migration: tables that already exist are not re-granted.
 *
 * <p><b>Amazon RDS / Aurora:</b> the master user is not a true superuser ({@code rds_superuser}). It runs this once
 * (e.g. from a deploy job with {@code DATABASE_ADMIN_URL}) against the application database. Because it is not a
 * superuser, the provisioner first grants the owner role to the master user ({@code GRANT saas_owner TO
 * current_user}), which PostgreSQL 16+ requires before the master may transfer the schema to the owner or set
 * default privileges for it. The master credentials are then not needed by the running application, which connects
 * as the serving role only.
 */
public final class DatabaseProvisioner {
    public static final String DEFAULT_OWNER_ROLE = "saas_owner";
    public static final String DEFAULT_SERVING_ROLE = "saas_app";

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseProvisioner.class);
    // Unquoted PostgreSQL identifiers; anything else would need quoting everywhere operators type it.
    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String SCHEMA = "public";

    private final String ownerRole;
    private final String servingRole;

    /** A provisioner for the default roles {@value #DEFAULT_OWNER_ROLE} and {@value #DEFAULT_SERVING_ROLE}. */
    public DatabaseProvisioner() {
        this(DEFAULT_OWNER_ROLE, DEFAULT_SERVING_ROLE);
    }

    public DatabaseProvisioner(String ownerRole, String servingRole) {
        this.ownerRole = requireRoleName(ownerRole, "ownerRole");
        this.servingRole = requireRoleName(servingRole, "servingRole");
        if (ownerRole.equals(servingRole)) {
            throw new IllegalArgumentException("the serving role must not be the owner role: owners bypass RLS");
        }
    }

    public String ownerRole() {
        return ownerRole;
    }

    public String servingRole() {
        return servingRole;
    }

    /**
     * Creates or updates both roles and the privileges, as the (superuser or RDS master) user of {@code admin}.
     *
     * @throws IllegalStateException when the serving role exists with SUPERUSER or BYPASSRLS and the admin cannot
     *     remove those attributes, or on any database error
     */
    public void provision(DataSource admin, String ownerPassword, String servingPassword) {
        requirePassword(ownerPassword, "ownerPassword");
        requirePassword(servingPassword, "servingPassword");
        try (Connection connection = admin.getConnection()) {
            connection.setAutoCommit(false);
            try {
                provision(connection, ownerPassword, servingPassword);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("provisioning roles failed: " + e.getMessage(), e);
        }
        LOG.info("provisioned owner role {} and serving role {}", ownerRole, servingRole);
    }

    private void provision(Connection connection, String ownerPassword, String servingPassword)
            throws SQLException {
        boolean superuser = queryBoolean(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");

        if (roleExists(connection, ownerRole)) {
            execute(connection, "ALTER ROLE %I WITH LOGIN", ownerRole);
        } else {
            execute(connection, "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB", ownerRole);
        }
        if (roleExists(connection, servingRole)) {
            execute(connection, "ALTER ROLE %I WITH LOGIN NOCREATEROLE NOCREATEDB", servingRole);
            if (superuser) {
                // Only a superuser may change these; an RDS master relies on the check below instead.
                execute(connection, "ALTER ROLE %I WITH NOSUPERUSER NOBYPASSRLS NOREPLICATION", servingRole);
            }
        } else {
            execute(
                    connection,
                    "CREATE ROLE %I WITH LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION",
                    servingRole);
        }
        requireUnprivileged(connection);
        PGConnection pg = connection.unwrap(PGConnection.class);
        pg.alterUserPassword(ownerRole, ownerPassword.toCharArray(), null);
        pg.alterUserPassword(servingRole, servingPassword.toCharArray(), null);

        if (!superuser) {
            execute(connection, "GRANT %I TO current_user", ownerRole);
        }
        String database = queryString(connection, "SELECT current_database()");
        // CREATE on the database: PostgreSQL requires it of a schema's new owner.
        execute(connection, "GRANT CONNECT, CREATE ON DATABASE %I TO %I", database, ownerRole);
        execute(connection, "GRANT CONNECT ON DATABASE %I TO %I", database, servingRole);
        execute(connection, "ALTER SCHEMA %I OWNER TO %I", SCHEMA, ownerRole);
        // PostgreSQL < 15 lets every role create objects in public; the serving role must never own a table.
        execute(connection, "REVOKE CREATE ON SCHEMA %I FROM PUBLIC", SCHEMA);
        execute(connection, "GRANT USAGE ON SCHEMA %I TO %I", SCHEMA, servingRole);
        execute(
                connection,
                "ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I",
                ownerRole,
                SCHEMA,
                servingRole);
        execute(
                connection,
                "ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA %I GRANT USAGE ON SEQUENCES TO %I",
                ownerRole,
                SCHEMA,
                servingRole);
    }

    private void requireUnprivileged(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT rolsuper, rolbypassrls, pg_has_role(?, ?, 'MEMBER') FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, servingRole);
            query.setString(2, ownerRole);
            query.setString(3, servingRole);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                if (row.getBoolean(1) || row.getBoolean(2) || row.getBoolean(3)) {
                    throw new IllegalStateException("serving role " + servingRole
                            + " is a superuser, has BYPASSRLS or is a member of the owner role " + ownerRole
                            + ": row-level security would not apply to it; fix the role as a superuser");
                }
            }
        }
    }

    /** Builds the statement on the server with format(): %I quotes identifiers exactly as PostgreSQL parses them. */
    private static void execute(Connection connection, String template, String... identifiers) throws SQLException {
        StringBuilder call = new StringBuilder("SELECT format(?");
        for (int i = 0; i < identifiers.length; i++) {
            call.append(", ?::text");
        }
        call.append(')');
        String sql;
        try (PreparedStatement format = connection.prepareStatement(call.toString())) {
            format.setString(1, template);
            for (int i = 0; i < identifiers.length; i++) {
                format.setString(i + 2, identifiers[i]);
            }
            try (ResultSet row = format.executeQuery()) {
                row.next();
                sql = row.getString(1);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static boolean roleExists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    private static boolean queryBoolean(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    private static String requireRoleName(String name, String argument) {
        Objects.requireNonNull(name, argument);
        if (!ROLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(argument + " must be a lowercase identifier like saas_app");
        }
        return name;
    }

    private static void requirePassword(String password, String argument) {
        if (password == null || password.isBlank()) {
            throw new IllegalArgumentException(argument + " must not be blank");
        }
    }
}
