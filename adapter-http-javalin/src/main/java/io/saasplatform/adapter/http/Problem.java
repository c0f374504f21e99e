package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An RFC 9457 problem document as sent on the wire.
 *
 * <p>Extension members: {@code code}, a stable word for the cause that clients may branch on ({@code slug-taken},
 * {@code last-owner}, …; the type's own name when there is no finer one), {@code requestId} on every problem,
 * {@code field} when one input field is at fault, {@code errors} for validation failures (every invalid input), {@code checks} for a failed readiness probe, and any {@code members} a
 * problem type defines for itself (a quota problem's {@code limit}, {@code used}, …), written at the top level.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(
        String type,
        String title,
        int status,
        String code,
        String detail,
        String instance,
        String requestId,
        String field,
        List<FieldError> errors,
        Map<String, HealthRoutes.CheckStatus> checks,
        @JsonIgnore Map<String, Object> members) {

    static final String MEDIA_TYPE = "application/problem+json";

    Problem {
        members = members == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    /**
     * One invalid input: {@code field} its name or JSON path ({@code items[0].price}, a query parameter, a header);
     * {@code pointer} the RFC 6901 JSON Pointer into the request body ({@code /items/0/price}), null for an input that
     * is not in the body; {@code code} why ({@code required}, {@code type}, {@code unknown-field}, {@code invalid}, …).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FieldError(String field, String pointer, String code, String message) {
        FieldError(String field, String message) {
            this(field, null, "invalid", message);
        }

        FieldError inBody() {
            return new FieldError(field, pointerOf(field), code, message);
        }

        /** {@code items[0].price} as {@code /items/0/price}; {@code ~} and {@code /} escaped as RFC 6901 says. */
        static String pointerOf(String path) {
            StringBuilder pointer = new StringBuilder();
            for (String part : path.split("\\.|\\[|\\]")) {
                if (!part.isEmpty()) {
                    pointer.append('/').append(part.replace("~", "~0").replace("/", "~1"));
                }
            }
            return pointer.toString();
        }
    }

    /** A problem of a type this API defines. */
    static Problem of(ProblemType type, String detail, String instance, String requestId) {
        return new Problem(type.uri, type.title, type.status, type.code, detail, instance, requestId, null, null, null,
                null);
    }

    /** A problem for any HTTP status; statuses without a type of ours get RFC 9457's {@code about:blank}. */
    static Problem ofStatus(int status, String detail, String instance, String requestId) {
        ProblemType type = ProblemType.forStatus(status);
        if (type != null) {
            return of(type, detail, instance, requestId);
        }
        String code = reasonPhrase(status).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return new Problem("about:blank", reasonPhrase(status), status, code, detail, instance, requestId, null, null,
                null, null);
    }

    static String reasonPhrase(int status) {
        return HttpStatus.getMessage(status);
    }

    Problem withCode(String code) {
        return new Problem(type, title, status, code, detail, instance, requestId, field, errors, checks, members);
    }

    Problem withField(String field) {
        return new Problem(type, title, status, code, detail, instance, requestId, field, errors, checks, members);
    }

    Problem withErrors(List<FieldError> errors) {
        return new Problem(type, title, status, code, detail, instance, requestId, field, errors, checks, members);
    }

    Problem withChecks(Map<String, HealthRoutes.CheckStatus> checks) {
        return new Problem(type, title, status, code, detail, instance, requestId, field, errors, checks, members);
    }

    /** This problem with extension members of its type; their names must not clash with the standard ones. */
    Problem withMembers(Map<String, Object> members) {
        return new Problem(type, title, status, code, detail, instance, requestId, field, errors, checks, members);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return members;
    }
}
