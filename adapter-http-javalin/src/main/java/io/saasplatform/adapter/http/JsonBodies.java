package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.javalin.http.Context;
import io.saasplatform.domain.InvalidValueException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads JSON request bodies for route handlers: every way a body can be wrong becomes a problem naming the cause and,
 * where there is one, the offending field. Handlers use this instead of {@code ctx.bodyAsClass}, whose Jackson
 * exceptions would otherwise surface as 500.
 *
 * <p>Request records mark mandatory members with {@code @JsonProperty(required = true)} to have a missing member
 * reported as such; otherwise a missing member arrives as null and the domain's validation names it.
 */
final class JsonBodies {
    private static final Logger LOG = LoggerFactory.getLogger(JsonBodies.class);
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing required creator property '([^']+)'");

    private final ObjectMapper mapper;
    private final long maxBytes;

    JsonBodies(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    <T> T read(Context ctx, Class<T> type) {
        requireJsonContentType(ctx);
        byte[] body = boundedBody(ctx);
        if (body.length == 0) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is empty; expected JSON");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body must not be JSON null");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw beyondLimits();
        } catch (TextRules.ControlCharacterException e) {
            String field = path(e);
            throw field.isEmpty()
                    ? new ProblemException(ProblemType.VALIDATION_FAILED, TextRules.complaint("A text in the request body"))
                    : new ProblemException(ProblemType.VALIDATION_FAILED, field, TextRules.complaint(field));
        } catch (UnrecognizedPropertyException e) {
            throw invalidField(path(e), "is not a known field");
        } catch (InvalidNullException e) {
            throw invalidField(path(e), "must not be null");
        } catch (MismatchedInputException e) {
            throw mismatch(e);
        } catch (ValueInstantiationException e) {
            // A request record refused a value in its constructor: report the domain's own words.
            if (e.getCause() instanceof InvalidValueException invalid) {
                throw invalid;
            }
            throw invalidField(path(e), "has an invalid value");
        } catch (JsonMappingException e) {
            // Jackson wraps the parser's out-of-range report with the path.
            if (e.getCause() instanceof InputCoercionException) {
                throw invalidField(path(e), "is out of range");
            }
            if (causedByLimits(e)) {
                throw beyondLimits();
            }
            // Any other mapping failure is the client's body meeting a shape we did not foresee: still a 400, never
            // a 500 that anyone can trigger before authentication. Logged, as it may point at a missing rule.
            LOG.warn("Unforeseen JSON mapping failure reading a {}: {}", type.getSimpleName(), e.getOriginalMessage());
            throw invalidField(path(e), "has an invalid value");
        } catch (StreamReadException e) {
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not valid JSON" + where(e));
        } catch (JsonProcessingException e) {
            // Every other Jackson read failure (StreamConstraintsException among them) is about the body sent.
            throw new ProblemException(ProblemType.MALFORMED_JSON, "The request body is not valid JSON");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read a " + type.getSimpleName() + " from JSON", e);
        }
    }

    private static boolean causedByLimits(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException) {
                return true;
            }
        }
        return false;
    }

    private static ProblemException beyondLimits() {
        return new ProblemException(ProblemType.MALFORMED_JSON, "The request body exceeds the JSON limits"
                + " (nesting depth, number length, string or name length)");
    }

    private void requireJsonContentType(Context ctx) {
        String contentType = ctx.contentType();
        String mediaType = contentType == null
                ? ""
                : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mediaType.equals("application/json")
                || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
        if (!json) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "The request body must be sent as Content-Type: application/json");
        }
    }

    private byte[] boundedBody(Context ctx) {
        // Refuse before reading when the client announces the size; Javalin enforces the same limit while reading.
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw ProblemException.contentTooLarge(maxBytes);
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBytes) {
            throw ProblemException.contentTooLarge(maxBytes);
        }
        return body;
    }

    private static ProblemException mismatch(MismatchedInputException e) {
        String field = path(e);
        Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
        if (missing.find()) {
            // The path already ends at the absent member; the message is only needed when it is empty.
            return invalidField(field.isEmpty() ? missing.group(1) : field, "is required");
        }
        if (field.isEmpty()) {
            return new ProblemException(ProblemType.MALFORMED_JSON,
                    "The request body must be " + describe(e.getTargetType()));
        }
        return invalidField(field, "must be " + describe(e.getTargetType()));
    }

    private static ProblemException invalidField(String field, String complaint) {
        return field.isEmpty()
                ? new ProblemException(ProblemType.VALIDATION_FAILED, "A value in the request body " + complaint)
                : new ProblemException(ProblemType.VALIDATION_FAILED, field, field + " " + complaint);
    }

    /** The JSON path of the failure in the form clients write it: {@code items[0].price}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String where(StreamReadException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** What a client must send for a Java type, in words. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date like 2026-01-31";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a timestamp like 2026-01-31T12:00:00Z";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a valid value";
    }
}
