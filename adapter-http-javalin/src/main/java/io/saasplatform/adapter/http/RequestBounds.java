package io.saasplatform.adapter.http;

import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Slug;

/**
 * The bounds the OpenAPI document promises for request text that reaches no domain value before it could be refused
 * for another reason (a token checked first, a slug named differently on the wire): checked here so that an
 * over-long or malformed value is a 400 naming the request's own member, never a 401 or 404.
 */
final class RequestBounds {
    /** {@code LoginRequest.idToken}: the verifier's own bound, here so that it is a 400 rather than a 401. */
    static final int MAX_ID_TOKEN_LENGTH = IdTokenVerifier.MAX_TOKEN_CHARS;
    /** {@code AcceptInvitationRequest.token}: the longest token the invitation store ever accepts. */
    static final int MAX_INVITATION_TOKEN_LENGTH = 256;
    /** {@code tone} of description requests, counted as sent (the use case counts it after trimming). */
    static final int MAX_TONE_LENGTH = 40;

    private RequestBounds() {}

    /** {@code value} itself, refused when longer than {@code max} characters; null stays null. */
    static String atMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, field,
                    field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** {@code value} itself when it is a valid slug (or null), else a 400 naming {@code field}. */
    static String slug(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Slug.of(value).value();
        } catch (InvalidValueException e) {
            throw new ProblemException(
                    ProblemType.VALIDATION_FAILED, field, e.getMessage().replaceFirst("^slug", field));
        }
    }
}
