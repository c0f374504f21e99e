package io.saasplatform.adapter.http;

/** The problem types this API emits; the type URI is stable, the title is the same for every occurrence. */
enum ProblemType {
    BAD_REQUEST(400, "bad-request", "Bad request"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON body"),
    VALIDATION_FAILED(400, "validation-failed", "Validation failed"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    CONFLICT(409, "conflict", "Conflict"),
    IDEMPOTENCY_KEY_IN_USE(409, "idempotency-key-in-use", "Idempotency key in use"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    CONTENT_TOO_LARGE(413, "content-too-large", "Content too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    UNPROCESSABLE_CONTENT(422, "unprocessable-content", "Unprocessable content"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused", "Idempotency key reused"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests"),
    QUOTA_EXCEEDED(429, "quota-exceeded", "Quota exceeded"),
    INTERNAL_ERROR(500, "internal-error", "Internal server error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable");

    // A tag URI (RFC 4151) names the type without promising a page behind it, as RFC 9457 allows.
    private static final String URI_PREFIX = "tag:saasplatform.io,2026:problems/";

    final int status;
    final String uri;
    final String title;
    /** The {@code code} member of its problems unless a finer cause is known: the type's last segment. */
    final String code;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = URI_PREFIX + slug;
        this.title = title;
        this.code = slug;
    }

    /** The type for a bare HTTP status raised by Javalin or Jetty, or null when only the status has meaning. */
    static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            // The generic member of each status is declared first, so the first match is the right one.
            if (type.status == status) {
                return type;
            }
        }
        return null;
    }
}
