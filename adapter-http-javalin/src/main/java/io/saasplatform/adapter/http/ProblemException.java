package io.saasplatform.adapter.http;

/**
 * Thrown by handlers and helpers of this adapter to answer with a problem; the detail is shown to the client, so it
 * must never carry internal information.
 */
final class ProblemException extends RuntimeException {
    final ProblemType type;
    final String field;

    static ProblemException contentTooLarge(long maxBytes) {
        return new ProblemException(
                ProblemType.CONTENT_TOO_LARGE, "The request body must be at most " + maxBytes + " bytes");
    }

    ProblemException(ProblemType type, String detail) {
        this(type, null, detail);
    }

    ProblemException(ProblemType type, String field, String detail) {
        // No stack trace: this is an expected outcome, reported to the client, never logged as a failure.
        super(detail, null, false, false);
        this.type = type;
        this.field = field;
    }
}
