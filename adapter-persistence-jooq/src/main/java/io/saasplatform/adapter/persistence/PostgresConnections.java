package io.saasplatform.adapter.persistence;

import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Driven adapter setup: unpooled PostgreSQL connections for one-off work at start-up (provisioning roles, running
 * migrations), so that callers never touch the JDBC driver themselves.
 */
public final class PostgresConnections {
    private PostgresConnections() {}

    /** A data source opening a fresh connection per call; {@code jdbcUrl} is {@code jdbc:postgresql://…}. */
    public static DataSource dataSource(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }
}
