package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/** Readiness of PostgreSQL through the serving pool: borrow a connection and run {@code SELECT 1}. */
final class PostgresHealthCheck implements HealthCheck {
    private final DataSource dataSource;

    PostgresHealthCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String component() {
        return "postgres";
    }

    @Override
    public Result check(Duration timeout) {
        // A probe runs on its own virtual thread so that a hung pool or socket cannot hold the caller past timeout.
        FutureTask<Result> probe = new FutureTask<>(() -> probe(timeout));
        try {
            Thread.ofVirtual().name("postgres-health-check").start(probe);
            return probe.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Result.down("no answer from PostgreSQL within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            probe.cancel(true);
            Thread.currentThread().interrupt();
            return Result.down("health check interrupted");
        } catch (ExecutionException e) {
            return Result.down(oneLine(e.getCause()));
        } catch (RuntimeException | Error e) {
            return Result.down(oneLine(e));
        }
    }

    private Result probe(Duration timeout) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            statement.execute("SELECT 1");
            connection.rollback();
            return Result.healthy();
        }
    }

    private static String oneLine(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
