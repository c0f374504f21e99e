package io.saasplatform.adapter.http;

import java.util.Map;

/**
 * Thrown by handlers and helpers of this adapter to answer with a problem; the detail is shown to the client, so it
 * must never carry internal information.
 */
final class ProblemException extends RuntimeException {
    final ProblemType type;
    final String field;
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
        this(type, field, detail, Map.of());
    }

    private ProblemException(ProblemType type, String field, String detail, Map<String, String> headers) {
        // No stack trace: this is an expected outcome, reported to the client, never logged as a failure.
        super(detail, null, false, false);
        this.type = type;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }

    /** 401 with the RFC 6750 challenge, e.g. {@code Bearer} or {@code Bearer error="invalid_token"}. */
    static ProblemException unauthorized(String challenge, String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, null, detail, Map.of("WWW-Authenticate", challenge));
    }
}
