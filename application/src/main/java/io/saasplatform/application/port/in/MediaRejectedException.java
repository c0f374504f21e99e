package io.saasplatform.application.port.in;

import java.util.Objects;

/**
 * Use-case outcome: an upload was refused for what it is: a type that is not an allowed image (415), a size out of
 * bounds (413), bytes that are not what was declared (422), or a direct upload the store refused (403).
 */
public final class MediaRejectedException extends RuntimeException {
    /** Why, each with its own HTTP status. */
    public enum Reason {
        UNSUPPORTED_TYPE,
        TOO_LARGE,
        CONTENT_MISMATCH,
        UPLOAD_REFUSED
    }

    private final Reason reason;
    private final String field;

    public MediaRejectedException(Reason reason, String field, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
