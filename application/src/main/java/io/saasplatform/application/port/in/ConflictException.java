package io.saasplatform.application.port.in;

/** Use-case outcome: the request is valid but clashes with the current state (e.g. a taken slug). */
public final class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field whose value clashes, or null when the conflict is not about one field. */
    public String field() {
        return field;
    }
}
