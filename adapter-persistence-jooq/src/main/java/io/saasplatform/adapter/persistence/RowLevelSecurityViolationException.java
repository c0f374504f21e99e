package io.saasplatform.adapter.persistence;

/**
 * Driven adapter error: PostgreSQL refused a statement for lack of privilege (SQLState 42501), in practice a write
 * that row-level security rejected because the row belongs to another tenant or no tenant is bound.
 *
 * <p>It extends {@link SecurityException} so that callers outside this adapter can handle it without depending on it.
 */
public final class RowLevelSecurityViolationException extends SecurityException {
    RowLevelSecurityViolationException(String serverMessage, Throwable cause) {
        super("tenant isolation refused the statement: " + serverMessage, cause);
    }
}
