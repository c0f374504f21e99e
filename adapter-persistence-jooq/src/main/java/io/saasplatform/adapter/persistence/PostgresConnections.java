package io.saasplatform.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Driven adapter setup: unpooled PostgreSQL connections for one-off work at start-up (provisioning roles, running
 * migrations), and small pools for other adapters that speak JDBC (the background worker's scheduler), so that callers
 * never touch the JDBC driver or the pool library themselves.
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

    /**
     * A small pool of its own, named {@code name} in logs and {@code pg_stat_activity}. The returned data source is
     * {@link AutoCloseable}; whoever takes it closes it.
     */
    public static DataSource pool(String name, String jdbcUrl, String user, String password, int maxSize) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "saas-platform-" + name);
        return new HikariDataSource(config);
    }
}
