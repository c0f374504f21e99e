package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.DatabaseUnavailableException;
import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.jooq.Configuration;
import org.jooq.exception.DataAccessException;

/**
 * Unit of work on one pooled connection: BEGIN and the tenant binding travel to PostgreSQL together (pgjdbc sends
 * BEGIN with the first statement when autocommit is off, and the binding is that first statement), then the work's
 * statements, then COMMIT: a transactional unit of work with one query costs three round trips. {@code asUser} binds
 * {@code app.current_user} the same way instead of a tenant.
 *
 * <p>{@code readInTenant} opens no transaction: the connection runs in autocommit mode and every statement of the work
 * is sent together with the tenant binding in one execution (one Sync, one implicit transaction, one round trip), see
 * {@link TenantBoundConnection} and ADR 0009. A storefront page, one statement of tenant row and page, costs one.
 */
final class JooqUnitOfWork implements UnitOfWork, TenantContext {
    /**
     * A tenant's statements are fixed shapes narrowed to one tenant, on tables whose indexes all lead with
     * {@code tenant_id}, so one plan serves every tenant. PostgreSQL's default ({@code auto}) kept planning the
     * storefront's statements afresh on every run, which cost it more than running them (ADR 0009, decision 6).
     */
    static final String GENERIC_PLANS = "set_config('plan_cache_mode', 'force_generic_plan', true)";
    // Bind parameter, transaction-local (third argument true): the setting vanishes at COMMIT or ROLLBACK, so a pooled
    // connection cannot carry one tenant's binding into another tenant's unit of work. The same for the plan cache
    // mode (ADR 0009, decision 6): a tenant's statements keep one generic plan per connection instead of being
    // planned anew on every run.
    static final String BIND_TENANT = "select set_config('app.current_tenant', ?, true), " + GENERIC_PLANS;
    /** The binding as it was before ADR 0009, for {@link ReadPath#TRANSACTION}: PostgreSQL chooses how to plan. */
    static final String BIND_TENANT_AS_BEFORE = "select set_config('app.current_tenant', ?, true)";
    // Same rules for the signed-in user of asUser: read by the memberships_own_rows_select policy only.
    static final String BIND_USER = "select set_config('app.current_user', ?, true)";

    // Per adapter instance, so that two adapters (e.g. two pools in one test) never see each other's transactions.
    private final ScopedValue<Transaction> current = ScopedValue.newInstance();
    private final DataSource dataSource;
    private final Configuration jooq;
    private final ReadPath readPath;

    JooqUnitOfWork(DataSource dataSource, Configuration jooq, ReadPath readPath) {
        this.dataSource = dataSource;
        this.jooq = jooq;
        this.readPath = Objects.requireNonNull(readPath, "readPath");
    }

    /** How {@code readInTenant} reaches PostgreSQL. */
    enum ReadPath {
        /** Each statement with its own binding, in one round trip, no transaction around the work (the default). */
        SINGLE_SHOT,
        /**
         * The platform as it was before ADR 0009, kept for the benchmark's A/B: {@code readInTenant} served as
         * {@code inTenant} (BEGIN + binding, the statements, COMMIT), and no unit forces generic plans (decision 6).
         */
        TRANSACTION
    }

    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        Objects.requireNonNull(tenant, "tenant");
        return run(tenant, null, work);
    }

    @Override
    public <T> T readInTenant(TenantId tenant, Supplier<T> work) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(work, "work");
        if (current.isBound()) {
            Transaction outer = current.get();
            return outer.readOnly() ? joinReading(outer, tenant, work) : join(outer, tenant, null, work);
        }
        if (readPath == ReadPath.TRANSACTION) {
            return run(tenant, null, work);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.unwrap(BaseConnection.class).getStringVarcharFlag()) {
                // stringtype=unspecified: pgjdbc sends strings untyped and describes the statement, and then may
                // force a Sync inside one execution (ADR 0009), splitting the statements from their binding.
                return runInNewTransaction(connection, tenant, null, work);
            }
            return runSingleShot(connection, tenant, work);
        } catch (SQLException e) {
            throw failed(e);
        } catch (DataAccessException e) {
            throw unavailableOr(e);
        }
    }

    @Override
    public <T> T withoutTenant(Supplier<T> work) {
        return run(null, null, work);
    }

    @Override
    public <T> T asUser(UserId user, Supplier<T> work) {
        Objects.requireNonNull(user, "user");
        return run(null, user, work);
    }

    @Override
    public Optional<TenantId> current() {
        return current.isBound() ? Optional.ofNullable(current.get().tenant()) : Optional.empty();
    }

    /** The transaction of the current unit of work; repositories called outside one fail loudly. */
    Transaction transaction() {
        if (!current.isBound()) {
            throw new IllegalStateException("repository called outside UnitOfWork.inTenant/withoutTenant/asUser");
        }
        return current.get();
    }

    private <T> T run(TenantId tenant, UserId user, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        if (current.isBound()) {
            return join(current.get(), tenant, user, work);
        }
        try (Connection connection = dataSource.getConnection()) {
            return runInNewTransaction(connection, tenant, user, work);
        } catch (SQLException e) {
            throw failed(e);
        } catch (DataAccessException e) {
            throw unavailableOr(e);
        }
    }

    /** How long a client should wait before retrying a unit of work the database could not serve. */
    static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(2);

    private static RuntimeException failed(SQLException e) {
        DataAccessException failure = new DataAccessException("PostgreSQL unit of work failed: " + e.getMessage(), e);
        return unavailableOr(failure);
    }

    /**
     * The port's {@link DatabaseUnavailableException} when the failure is the database's absence rather than the
     * work's fault: no pooled connection in time (HikariCP's {@link SQLTransientConnectionException}), a connection
     * that cannot be opened or was lost (SQLState class 08), or a server shutting down or restarting (57P01–57P03).
     */
    private static RuntimeException unavailableOr(DataAccessException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || (cause instanceof SQLException sql && unavailableState(sql.getSQLState()))) {
                return new DatabaseUnavailableException(
                        "The database is unavailable; retry shortly", RETRY_AFTER_UNAVAILABLE, failure);
            }
        }
        return failure;
    }

    private static boolean unavailableState(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
                        || sqlState.equals("57P03"));
    }

    private <T> T join(Transaction outer, TenantId tenant, UserId user, Supplier<T> work) {
        if (outer.readOnly()) {
            // A write in it would be refused anyway; saying so names the mistake instead of a SQLState.
            throw new IllegalStateException("cannot nest a transactional unit of work " + describe(tenant, user)
                    + " inside a read-only one: readInTenant neither writes nor locks");
        }
        if (!Objects.equals(outer.tenant(), tenant) || !Objects.equals(outer.user(), user)) {
            throw new IllegalStateException("cannot nest a unit of work " + describe(tenant, user)
                    + " inside one " + describe(outer.tenant(), outer.user())
                    + ": one transaction binds one tenant or one user");
        }
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            // The outer work might swallow this; the transaction must still not commit half a nested unit.
            outer.markNestedFailure(e);
            throw e;
        }
    }

    private <T> T joinReading(Transaction outer, TenantId tenant, Supplier<T> work) {
        if (!tenant.equals(outer.tenant())) {
            throw new IllegalStateException("cannot nest a unit of work " + describe(tenant, null)
                    + " inside one " + describe(outer.tenant(), outer.user())
                    + ": one transaction binds one tenant or one user");
        }
        return work.get();
    }

    /**
     * The work of {@code readInTenant} on a connection in autocommit mode, every statement behind the binding. The
     * pool hands connections out with autocommit off; pgjdbc switches without a round trip when no transaction is
     * open (it sends COMMIT only for an open one), and switching back is as free.
     */
    private <T> T runSingleShot(Connection connection, TenantId tenant, Supplier<T> work) throws SQLException {
        if (connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
            // Never from the pool (it rolls back what it takes back); were it so, the bound statements would join an
            // open transaction and the binding would outlive them. Only a rollback makes the connection safe.
            connection.rollback();
        }
        boolean autoCommit = connection.getAutoCommit();
        if (!autoCommit) {
            connection.setAutoCommit(true);
        }
        T result;
        try {
            Connection bound = TenantBoundConnection.of(connection, tenant.value().toString());
            Transaction reads = new Transaction(jooq, bound, tenant, null, true);
            result = ScopedValue.where(current, reads).call(work::get);
        } catch (RuntimeException | Error e) {
            if (!autoCommit) {
                // A broken connection fails here as well; the work's failure is the one to report.
                try {
                    connection.setAutoCommit(false);
                } catch (SQLException restoring) {
                    e.addSuppressed(restoring);
                }
            }
            throw e;
        }
        if (!autoCommit) {
            connection.setAutoCommit(false);
        }
        return result;
    }

    private <T> T runInNewTransaction(Connection connection, TenantId tenant, UserId user, Supplier<T> work)
            throws SQLException {
        T result;
        Transaction transaction;
        try {
            // At most one binding, and it is the transaction's first statement: it travels with BEGIN.
            if (tenant != null) {
                bind(connection, readPath == ReadPath.TRANSACTION ? BIND_TENANT_AS_BEFORE : BIND_TENANT,
                        tenant.value().toString());
            } else if (user != null) {
                bind(connection, BIND_USER, user.value().toString());
            }
            transaction = new Transaction(jooq, connection, tenant, user, false);
            result = ScopedValue.where(current, transaction).call(work::get);
        } catch (RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        } catch (SQLException e) {
            rollback(connection, e);
            throw e;
        }
        if (transaction.nestedFailure() != null) {
            IllegalStateException failure = new IllegalStateException(
                    "unit of work rolled back: a nested unit of work failed", transaction.nestedFailure());
            rollback(connection, failure);
            throw failure;
        }
        // After a failed statement PostgreSQL answers COMMIT with ROLLBACK and pgjdbc reports success: work that
        // swallowed a database error must not look committed. The state comes from the last ReadyForQuery: no round trip.
        if (connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED) {
            IllegalStateException failure = new IllegalStateException(
                    "unit of work rolled back: a statement failed inside it and the work carried on");
            rollback(connection, failure);
            throw failure;
        }
        connection.commit();
        return result;
    }

    private static void bind(Connection connection, String setConfig, String value) throws SQLException {
        try (PreparedStatement bind = connection.prepareStatement(setConfig)) {
            bind.setString(1, value);
            bind.execute();
        }
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(TenantId tenant, UserId user) {
        if (tenant != null) {
            return "for tenant " + tenant;
        }
        return user == null ? "without tenant" : "as user " + user;
    }
}
