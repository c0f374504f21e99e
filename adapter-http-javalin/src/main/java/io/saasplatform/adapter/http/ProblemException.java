package io.saasplatform.adapter.http;

import java.util.List;
import java.util.Map;

/**
 * Thrown by handlers and helpers of this adapter to answer with a problem; the detail is shown to the client, so it
 * must never carry internal information.
 */
final class ProblemException extends RuntimeException {
    final ProblemType type;
    final String field;
    /** The problem's {@code code}: the type's own unless a finer cause is named. */
    final String code;
    /** Every invalid input when there are several; empty otherwise (then {@link #field} alone is reported). */
    final List<Problem.FieldError> errors;
    /** Response headers that belong to this problem, such as {@code WWW-Authenticate} on a 401. */
    final Map<String, String> headers;

    static ProblemException contentTooLarge(long maxBytes) {
        return new ProblemException(
                ProblemType.CONTENT_TOO_LARGE, "The request body must be at most " + maxBytes + " bytes");
    }

    ProblemException(ProblemType type, String detail) {
        this(type, null, detail);
    }

    ProblemException(ProblemType type, String field, String detail) {
        this(type, field, type.code, detail, List.of(), Map.of());
    }

    private ProblemException(ProblemType type, String field, String code, String detail,
            List<Problem.FieldError> errors, Map<String, String> headers) {
        // No stack trace: this is an expected outcome, reported to the client, never logged as a failure.
        super(detail, null, false, false);
        this.type = type;
        this.field = field;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** A problem about {@code field} with a finer {@code code} than its type's. */
    static ProblemException withCode(ProblemType type, String code, String field, String detail) {
        return new ProblemException(type, field, code, detail, List.of(), Map.of());
    }

    /** 400 listing every invalid input at once. */
    static ProblemException invalidFields(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().message()
                : errors.size() + " inputs are invalid: " + String.join("; ",
                        errors.stream().map(Problem.FieldError::message).toList());
        String field = errors.size() == 1 ? errors.getFirst().field() : null;
        return new ProblemException(ProblemType.VALIDATION_FAILED, field, ProblemType.VALIDATION_FAILED.code, detail,
                errors, Map.of());
    }

    /** 401 with the RFC 6750 challenge, e.g. {@code Bearer} or {@code Bearer error="invalid_token"}. */
    static ProblemException unauthorized(String challenge, String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, null, ProblemType.UNAUTHORIZED.code, detail, List.of(),
                Map.of("WWW-Authenticate", challenge));
    }
}
