package io.saasplatform.adapter.persistence;

import org.jooq.exception.DataAccessException;

/**
 * A named integrity constraint refused a statement (SQLState class 23: unique, foreign key, check); repositories
 * catch it by constraint name and throw their port's exception instead, anything else travels on as the
 * {@link DataAccessException} it is.
 */
final class ConstraintViolationException extends DataAccessException {
    private final String constraint;

    ConstraintViolationException(String constraint, String message, Throwable cause) {
        super(message, cause);
        this.constraint = constraint;
    }

    /** The constraint PostgreSQL named, e.g. {@code products_tenant_id_slug_key}. */
    String constraint() {
        return constraint;
    }

    boolean violates(String constraintName) {
        return constraint.equals(constraintName);
    }
}
