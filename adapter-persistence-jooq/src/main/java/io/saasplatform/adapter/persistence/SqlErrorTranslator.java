package io.saasplatform.adapter.persistence;

import java.sql.SQLException;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/** Turns PostgreSQL's refusals into exceptions that name the cause, for every statement jOOQ runs. */
final class SqlErrorTranslator implements ExecuteListener {
    /** insufficient_privilege: raised for "new row violates row-level security policy" (and missing grants). */
    static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Override
    public void exception(ExecuteContext context) {
        SQLException sql = context.sqlException();
        if (sql != null && INSUFFICIENT_PRIVILEGE.equals(sql.getSQLState())) {
            context.exception(new RowLevelSecurityViolationException(sql.getMessage(), sql));
        }
    }
}
