package io.saasplatform.adapter.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection a read-only unit of work ({@code readInTenant}) sees: every statement it prepares is sent as one
 * execution that starts with the tenant binding, so the binding and the statement share one implicit transaction and
 * one round trip, and no statement can run without the binding.
 *
 * <p>PostgreSQL runs the statements between two Sync messages of the extended protocol in one implicit transaction
 * when no BEGIN is open, commits it at Sync, and rolls it back whole when one of them fails; pgjdbc, in autocommit
 * mode, sends every statement of one multi-statement execution before a single Sync (ADR 0009). The binding is
 * transaction-local, so it vanishes at that Sync as it vanishes at COMMIT in a transactional unit of work. It also
 * makes the implicit transaction read-only: a write or a row lock in a read-only unit of work is refused by
 * PostgreSQL itself (SQLState 25006).
 *
 * <p>The caller's statement sees its parameters at their usual indexes (the binding's is shifted out of the way) and
 * its results as if it ran alone (the binding's result is skipped). Plain {@code Statement}s, calls, batches and
 * generated keys are refused: each would be a way round the binding. So is transaction control, which belongs to
 * the unit of work.
 */
final class TenantBoundConnection {
    /** The binding every statement starts with; its one parameter is the tenant id. Plans generically, as the
     * transactional binding does. */
    static final String BIND_TENANT_READ_ONLY =
            "select set_config('app.current_tenant', ?, true), set_config('transaction_read_only', 'on', true), "
                    + JooqUnitOfWork.GENERIC_PLANS;

    private static final Set<String> TRANSACTION_CONTROL = Set.of(
            "commit", "rollback", "setAutoCommit", "setSavepoint", "releaseSavepoint", "setTransactionIsolation",
            "setReadOnly", "close", "abort");
    private static final Set<String> UNBOUND_STATEMENTS = Set.of("createStatement", "prepareCall", "nativeSQL");
    private static final Set<String> UNBOUND_EXECUTIONS = Set.of(
            "addBatch", "executeBatch", "executeLargeBatch", "clearBatch", "getGeneratedKeys");

    private static final Set<Integer> UNTYPED_SQL_TYPES = Set.of(Types.OTHER, Types.NULL, Types.JAVA_OBJECT);

    /**
     * The bound text of each statement text, kept so that the same statement is the same {@code String} every time:
     * pgjdbc looks its prepared statements up by text, and a fresh concatenation of a few kilobytes per execution was
     * copied, hashed and compared character by character on every storefront page (about 2 % of its CPU). Statement
     * texts are rendered from a bounded set of query shapes; past {@link #BOUND_TEXTS_LIMIT} the text is built each
     * time rather than the map growing.
     */
    private static final int BOUND_TEXTS_LIMIT = 1024;
    private static final ConcurrentHashMap<String, String> BOUND_TEXTS = new ConcurrentHashMap<>();

    private TenantBoundConnection() {}

    /** {@code sql} behind the tenant binding: the same {@code String} for the same text while there is room. */
    static String bound(String sql) {
        String text = BOUND_TEXTS.get(sql);
        if (text != null) {
            return text;
        }
        text = BIND_TENANT_READ_ONLY + ";" + sql;
        if (BOUND_TEXTS.size() >= BOUND_TEXTS_LIMIT) {
            return text;
        }
        String raced = BOUND_TEXTS.putIfAbsent(sql, text);
        return raced != null ? raced : text;
    }

    /** {@code connection}, in autocommit mode, seen through the binding to {@code tenant}. */
    static Connection of(Connection connection, String tenant) {
        return (Connection) Proxy.newProxyInstance(TenantBoundConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(connection, tenant));
    }

    private record ConnectionHandler(Connection connection, String tenant) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("prepareStatement")) {
                return prepare((Connection) proxy, method, args);
            }
            if (UNBOUND_STATEMENTS.contains(name)) {
                throw new SQLFeatureNotSupportedException(
                        "a read-only unit of work runs prepared statements only, each after the tenant binding");
            }
            if (TRANSACTION_CONTROL.contains(name)) {
                throw new SQLFeatureNotSupportedException(
                        name + " inside a read-only unit of work: the unit of work owns its connection");
            }
            return forward(connection, method, args);
        }

        private PreparedStatement prepare(Connection bound, Method method, Object[] args) throws Throwable {
            // (sql), (sql, type, concurrency), (sql, type, concurrency, holdability); the others ask for generated
            // keys, which only writes have and which pgjdbc would add to the binding's statement as well.
            Class<?>[] parameters = method.getParameterTypes();
            if (parameters.length == 2) {
                throw new SQLFeatureNotSupportedException("a read-only unit of work has no generated keys");
            }
            Object[] withBinding = args.clone();
            withBinding[0] = bound((String) args[0]);
            PreparedStatement statement = (PreparedStatement) forward(connection, method, withBinding);
            try {
                statement.setString(1, tenant);
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
            return (PreparedStatement) Proxy.newProxyInstance(TenantBoundConnection.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new StatementHandler(statement, tenant, bound));
        }
    }

    private record StatementHandler(PreparedStatement statement, String tenant, Connection bound)
            implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            boolean noArguments = args == null || args.length == 0;
            if (method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")) {
                if (untyped(name, args)) {
                    // pgjdbc describes a statement with untyped parameters and may then force a Sync inside the
                    // execution, splitting it from its binding (ADR 0009): refused rather than read unbound.
                    throw new SQLFeatureNotSupportedException(
                            "a read-only unit of work binds typed parameters only (" + name + " at " + args[0] + ")");
                }
                // Every parameter setter of PreparedStatement takes the 1-based index first; the binding owns 1.
                Object[] shifted = args.clone();
                shifted[0] = (Integer) args[0] + 1;
                return forward(statement, method, shifted);
            }
            if (name.equals("clearParameters")) {
                statement.clearParameters();
                statement.setString(1, tenant);
                return null;
            }
            if (noArguments) {
                switch (name) {
                    case "execute" -> {
                        statement.execute();
                        // The binding's row is the first result; what the caller asks for starts after it.
                        return statement.getMoreResults();
                    }
                    case "executeQuery" -> {
                        statement.execute();
                        if (!statement.getMoreResults()) {
                            throw new SQLException("the statement returned no result set");
                        }
                        return statement.getResultSet();
                    }
                    case "executeUpdate", "executeLargeUpdate" -> {
                        statement.execute();
                        statement.getMoreResults();
                        long count = statement.getLargeUpdateCount();
                        return name.equals("executeUpdate") ? (Object) (int) count : (Object) count;
                    }
                    default -> {
                        // getResultSet, getMoreResults, close, …: the caller's results, as pgjdbc holds them.
                    }
                }
            } else if (name.startsWith("execute")) {
                // execute(String), executeQuery(String), …: another text, without the binding.
                throw new SQLFeatureNotSupportedException("a read-only unit of work runs its prepared statement only");
            }
            if (name.equals("getConnection")) {
                return bound;
            }
            if (UNBOUND_EXECUTIONS.contains(name)) {
                throw new SQLFeatureNotSupportedException("a read-only unit of work runs no batches");
            }
            return forward(statement, method, args);
        }
    }

    /** Whether pgjdbc would send this parameter with an unspecified type: a null or an OTHER without its own type. */
    private static boolean untyped(String setter, Object[] args) {
        return switch (setter) {
            case "setNull" -> UNTYPED_SQL_TYPES.contains((Integer) args[1]);
            case "setObject" -> args[1] == null
                    || args.length > 2 && args[2] instanceof Integer type && UNTYPED_SQL_TYPES.contains(type);
            default -> false;
        };
    }

    private static Object forward(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
