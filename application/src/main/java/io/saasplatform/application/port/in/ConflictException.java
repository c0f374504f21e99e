package io.saasplatform.application.port.in;

/**
 * Use-case outcome: the request is valid but clashes with the current state (e.g. a taken slug). {@link #code()} names
 * the cause in a stable, machine-readable word ({@code slug-taken}, {@code last-owner}, …) that clients may branch on.
 */
public final class ConflictException extends RuntimeException {
    /** The code of a conflict that has no more precise one. */
    public static final String GENERIC = "conflict";

    private final String code;
    private final String field;

    public ConflictException(String code, String field, String message) {
        super(message);
        this.code = code == null ? GENERIC : code;
        this.field = field;
    }

    /** A conflict with the {@linkplain #GENERIC generic} code. */
    public ConflictException(String field, String message) {
        this(GENERIC, field, message);
    }

    /** The field whose value clashes, or null when the conflict is not about one field. */
    public String field() {
        return field;
    }

    /** The stable code of the cause, e.g. {@code slug-taken}. */
    public String code() {
        return code;
    }
}
