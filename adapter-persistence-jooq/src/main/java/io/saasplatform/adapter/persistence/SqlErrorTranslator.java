package io.saasplatform.adapter.persistence;

import io.saasplatform.domain.InvalidValueException;
import java.sql.SQLException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns PostgreSQL's refusals into exceptions that name the cause, for every statement jOOQ runs. */
final class SqlErrorTranslator implements ExecuteListener {
    /** insufficient_privilege: raised for "new row violates row-level security policy" (and missing grants). */
    static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** integrity_constraint_violation and its subclasses (unique, foreign key, check, not null, exclusion). */
    static final String INTEGRITY_CONSTRAINT_VIOLATION_CLASS = "23";
    /** data_exception and its subclasses: NUL in text (22021), values out of range (22003, 22008), bad casts (22P02). */
    static final String DATA_EXCEPTION_CLASS = "22";

    @Override
    public void exception(ExecuteContext context) {
        SQLException sql = context.sqlException();
        if (sql == null) {
            return;
        }
        RuntimeException translated = translate(sql);
        if (translated != null) {
            context.exception(translated);
        }
    }

    /** The exception naming the cause of {@code sql}, or null when it is none of those this class recognises. */
    static RuntimeException translate(SQLException sql) {
        if (INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
            return new RowLevelSecurityViolationException(sql.getMessage(), sql);
        }
        if (sql.getSQLState() != null && sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
            // Always a value the client sent that the database cannot hold: a 400 naming the column when PostgreSQL
            // says which, never a 500. The server's words stay in the cause (they can quote the value).
            return new InvalidValueException(fieldOf(sql),
                    "a value in the request is out of range or not acceptable (SQLState " + sql.getSQLState() + ")");
        }
        String constraint = constraintOf(sql);
        if (constraint != null && sql.getSQLState().startsWith(INTEGRITY_CONSTRAINT_VIOLATION_CLASS)) {
            return new ConstraintViolationException(constraint, sql.getMessage(), sql);
        }
        return null;
    }

    private static String fieldOf(SQLException sql) {
        if (sql instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getColumn() != null) {
            return psql.getServerErrorMessage().getColumn();
        }
        return "request";
    }

    private static String constraintOf(SQLException sql) {
        if (sql instanceof PSQLException psql && sql.getSQLState() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            return server == null ? null : server.getConstraint();
        }
        return null;
    }
}
