package io.saasplatform.adapter.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Driven adapter guard: inspects the catalog as the serving role and refuses to let the application serve when
 * row-level security would not isolate tenants.
 *
 * <p>Problems it names (all of them, in one message):
 *
 * <ul>
 *   <li>the serving role ({@code current_user}) is a superuser, has {@code BYPASSRLS}, or is a member of a role that
 *       is either — such roles skip every policy;
 *   <li>the serving role owns (or is a member of the owner of) any table, view or schema — owners skip policies
 *       unless FORCE is set and can switch RLS off;
 *   <li>a table with a {@code tenant_id} column lacks {@code ENABLE ROW LEVEL SECURITY}, {@code FORCE ROW LEVEL
 *       SECURITY} or any policy, or has a permissive policy that reads no request setting ({@code app.*}, e.g.
 *       {@code USING (true)}): permissive policies are OR-ed, so such a policy opens the table to every tenant;
 *   <li>any policy reads {@code current_setting('app.current_tenant', …)} (or any other {@code app.*} setting)
 *       without {@code NULLIF(…, '')} — on a pooled connection the setting reads {@code ''} and the cast to uuid
 *       would fail instead of matching nothing.
 * </ul>
 *
 * <p>The bootstrap calls {@link #verify(DataSource)} with the serving pool before opening the HTTP port.
 */
public final class RlsSelfCheck {
    private static final String USER_SCHEMAS =
            "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
                    + " AND n.nspname NOT LIKE 'pg\\_temp%'";
    // Any request-scoped setting (app.current_tenant, or a later app.* one) has the same pooled-connection '' problem.
    private static final Pattern SETTING_READ = Pattern.compile(
            "(nullif\\s*\\(\\s*)?current_setting\\s*\\(\\s*'(app\\.[a-z0-9_.]+)'", Pattern.CASE_INSENSITIVE);

    private RlsSelfCheck() {}

    /**
     * Throws {@link UnsafeDatabaseException} naming every problem found; returns quietly when tenants are isolated.
     */
    public static void verify(DataSource servingDataSource) {
        List<String> problems = problems(servingDataSource);
        if (!problems.isEmpty()) {
            throw new UnsafeDatabaseException(problems);
        }
    }

    /** Every problem found, in a stable order; empty when tenants are isolated. */
    public static List<String> problems(DataSource servingDataSource) {
        try (Connection connection = servingDataSource.getConnection()) {
            List<String> problems = new ArrayList<>();
            roleProblems(connection, problems);
            ownershipProblems(connection, problems);
            tenantTableProblems(connection, problems);
            policyProblems(connection, problems);
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return List.copyOf(problems);
        } catch (SQLException e) {
            throw new IllegalStateException("row-level security self-check could not read the catalog: "
                    + e.getMessage(), e);
        }
    }

    private static void roleProblems(Connection connection, List<String> problems) throws SQLException {
        String sql = """
                SELECT r.rolname, r.rolname = current_user AS itself, r.rolsuper, r.rolbypassrls
                FROM pg_roles r
                WHERE pg_has_role(current_user, r.oid, 'MEMBER') AND (r.rolsuper OR r.rolbypassrls)
                ORDER BY r.rolname
                """;
        try (PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String role = rows.getString(1);
                String who = rows.getBoolean(2)
                        ? "serving role " + role
                        : "serving role is a member of role " + role + ", which";
                if (rows.getBoolean(3)) {
                    problems.add(who + " is a superuser (superusers bypass row-level security)");
                }
                if (rows.getBoolean(4)) {
                    problems.add(who + " has BYPASSRLS");
                }
            }
        }
    }

    private static void ownershipProblems(Connection connection, List<String> problems) throws SQLException {
        String sql = """
                SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END,
                       n.nspname || '.' || c.relname, pg_get_userbyid(c.relowner)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND %s
                  AND pg_has_role(current_user, c.relowner, 'MEMBER')
                UNION ALL
                SELECT 'schema', n.nspname, pg_get_userbyid(n.nspowner)
                FROM pg_namespace n
                WHERE %s AND pg_has_role(current_user, n.nspowner, 'MEMBER')
                ORDER BY 2
                """.formatted(USER_SCHEMAS, USER_SCHEMAS);
        try (PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                problems.add("serving role owns (or is a member of owner " + rows.getString(3) + " of) "
                        + rows.getString(1) + " " + rows.getString(2));
            }
        }
    }

    private static void tenantTableProblems(Connection connection, List<String> problems) throws SQLException {
        String sql = """
                SELECT n.nspname || '.' || c.relname, c.relrowsecurity, c.relforcerowsecurity,
                       (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND %s
                  AND EXISTS (SELECT 1 FROM pg_attribute a
                              WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                ORDER BY 1
                """.formatted(USER_SCHEMAS);
        try (PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String table = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    problems.add("tenant table " + table + " does not ENABLE ROW LEVEL SECURITY");
                }
                if (!rows.getBoolean(3)) {
                    problems.add("tenant table " + table + " does not FORCE ROW LEVEL SECURITY");
                }
                if (rows.getLong(4) == 0) {
                    problems.add("tenant table " + table + " has no row-level security policy");
                }
            }
        }
    }

    private static void policyProblems(Connection connection, List<String> problems) throws SQLException {
        String sql = """
                SELECT p.schemaname || '.' || p.tablename, p.policyname, p.qual, p.with_check,
                       p.permissive = 'PERMISSIVE' AND EXISTS (SELECT 1 FROM pg_attribute a
                               WHERE a.attrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
                                 AND a.attname = 'tenant_id' AND NOT a.attisdropped)
                FROM pg_policies p
                WHERE p.schemaname NOT IN ('pg_catalog', 'information_schema')
                ORDER BY 1, 2
                """;
        try (PreparedStatement query = connection.prepareStatement(sql);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                String policy = "policy " + rows.getString(2) + " on " + rows.getString(1);
                String using = rows.getString(3);
                String withCheck = rows.getString(4);
                // Permissive policies are OR-ed: one that ignores the tenant opens the whole table.
                boolean permissiveOnTenantTable = rows.getBoolean(5);
                checkExpression(policy, "USING", using, problems);
                checkExpression(policy, "WITH CHECK", withCheck, problems);
                if (permissiveOnTenantTable && !readsSetting(using) && !readsSetting(withCheck)) {
                    problems.add(policy + " reads no app.* setting such as app.current_tenant, so it does not isolate"
                            + " tenants");
                }
            }
        }
    }

    private static void checkExpression(String policy, String clause, String expression, List<String> problems) {
        if (expression == null) {
            return;
        }
        Matcher read = SETTING_READ.matcher(expression);
        while (read.find()) {
            if (read.group(1) == null) {
                problems.add(policy + " " + clause + " reads current_setting('" + read.group(2)
                        + "') without NULLIF(…, ''): " + expression.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
                return;
            }
        }
    }

    private static boolean readsSetting(String expression) {
        return expression != null && SETTING_READ.matcher(expression).find();
    }

    /** Thrown by {@link #verify} when the database would not isolate tenants; the message lists every problem. */
    public static final class UnsafeDatabaseException extends IllegalStateException {
        private final List<String> problems;

        public UnsafeDatabaseException(List<String> problems) {
            super("row-level security self-check failed, refusing to serve:\n  - " + String.join("\n  - ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
