package io.saasplatform.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Test plumbing: one isolated PostgreSQL database on the {@link TestPostgres} server, with superuser (admin)
 * credentials; callers connect as their own roles with {@link #dataSource(String, String)}.
 */
public record TestDatabase(String name, String host, int port, String adminUser, String adminPassword) {

    public TestDatabase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(adminPassword, "adminPassword");
    }

    /** {@code jdbc:postgresql://host:port/name}, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** A non-pooling DataSource connecting as the superuser. */
    public DataSource adminDataSource() {
        return dataSource(adminUser, adminPassword);
    }

    /** A non-pooling DataSource connecting to this database as {@code user}. */
    public DataSource dataSource(String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(name);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setApplicationName("test-support");
        return dataSource;
    }

    /** A new superuser connection in autocommit mode; the caller closes it. */
    public Connection adminConnection() throws SQLException {
        return adminDataSource().getConnection();
    }

    /** Runs statements as the superuser, in autocommit mode, in order. */
    public void executeAsAdmin(String... sql) {
        try (Connection connection = adminConnection();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin SQL failed on " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops this database, disconnecting whoever is still connected. */
    public void drop() {
        TestPostgres.dropDatabase(name);
    }
}
