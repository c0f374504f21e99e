package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.saasplatform.application.port.in.Change;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Money;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The members of one JSON object body, read member by member so that an absent member and an explicit {@code null}
 * stay distinct, as JSON merge patch (RFC 7396) needs. Unknown members are refused, not ignored.
 *
 * <p>Wrong members are collected, not thrown one at a time: a handler reads every member, then calls
 * {@link #requireValid()}, which answers one 400 listing each of them ({@code errors[]} with pointer and code), so a
 * client fixes its form in one round trip. Accessors return null (or {@link Change#keep()}) for a wrong member.
 */
final class JsonFields {
    /**
     * Integer digits and decimals a number may have before it is refused unread: wider than any price
     * ({@link Money#MAX}, 3 decimals) so that the domain still words the ordinary refusals, narrow enough that
     * rescaling is cheap.
     */
    static final int MAX_INTEGER_DIGITS = 12;
    static final int MAX_DECIMALS_READ = 12;

    private final ObjectNode body;
    private final Context ctx;
    private final java.util.List<Problem.FieldError> errors = new java.util.ArrayList<>();

    private JsonFields(ObjectNode body, Context ctx) {
        this.body = body;
        this.ctx = ctx;
    }

    /** One wrong member, as a converter reports it. */
    private static final class FieldException extends RuntimeException {
        final Problem.FieldError error;

        FieldException(String field, String code, String message) {
            super(message, null, false, false);
            this.error = new Problem.FieldError(field, null, code, message);
        }
    }

    /** @throws ProblemException 400 listing every wrong member read so far, if any */
    void requireValid() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
    }

    private <T> T collecting(String field, java.util.function.Supplier<T> read, T onError) {
        try {
            return read.get();
        } catch (FieldException e) {
            errors.add(e.error);
        } catch (InvalidValueException e) {
            errors.add(new Problem.FieldError(e.field() == null ? field : e.field(), null, "invalid", e.getMessage()));
        }
        return onError;
    }

    /** Reads the body as a JSON object with no members other than {@code known}. */
    static JsonFields read(Context ctx, JsonBodies bodies, Set<String> known) {
        JsonFields fields = new JsonFields(bodies.read(ctx, ObjectNode.class), ctx);
        for (Iterator<String> names = fields.body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                fields.errors.add(new Problem.FieldError(name, null, "unknown-field", name + " is not a known field"));
            }
        }
        return fields;
    }

    /** As {@link #read}, but a request without a body reads as an object without members. */
    static JsonFields readOptional(Context ctx, JsonBodies bodies, Set<String> known) {
        long length = ctx.req().getContentLengthLong();
        if (length == 0 || (length < 0 && ctx.bodyAsBytes().length == 0)) {
            return new JsonFields(JsonNodeFactory.instance.objectNode(), ctx);
        }
        return read(ctx, bodies, known);
    }

    // --- create: absent and null both mean "not given"

    String requiredText(String field) {
        return required(field, JsonFields::text);
    }

    String optionalText(String field) {
        return optional(field, JsonFields::text);
    }

    Integer optionalInteger(String field) {
        return optional(field, JsonFields::integer);
    }

    boolean optionalBoolean(String field, boolean absent) {
        Boolean value = optional(field, JsonFields::bool);
        return value == null ? absent : value;
    }

    BigDecimal requiredPrice(String field) {
        announceNumericPrice(field);
        return required(field, JsonFields::price);
    }

    /** A price sent as a JSON number still works, but is deprecated: the answer says so (and until when). */
    private void announceNumericPrice(String field) {
        JsonNode node = body.get(field);
        if (node != null && node.isNumber()) {
            ApiConventions.Deprecation.NUMERIC_PRICES.announce(ctx);
        }
    }

    /** An array of product ids; null when absent or null. Each bad element is named, e.g. {@code productIds[3]}. */
    java.util.List<io.saasplatform.domain.ProductId> optionalProductIds(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(new Problem.FieldError(field, null, "type", field + " must be an array of product ids"));
            return null;
        }
        java.util.List<io.saasplatform.domain.ProductId> ids = new java.util.ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String element = field + "[" + i + "]";
            JsonNode item = node.get(i);
            io.saasplatform.domain.ProductId id = collecting(element, () -> {
                if (!item.isTextual()) {
                    throw invalid(element, "type", element + " must be a UUID string");
                }
                return io.saasplatform.domain.ProductId.parse(item.textValue(), element);
            }, null);
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** A whole number (JSON integer) that fits a long; else null, the error kept for {@link #requireValid()}. */
    Long requiredLong(String field) {
        return required(field, (name, node) -> {
            if (!node.isIntegralNumber()) {
                throw invalid(name, "type", name + " must be an integer");
            }
            if (!node.canConvertToLong()) {
                throw invalid(name, "out-of-range", name + " is out of range");
            }
            return node.longValue();
        });
    }

    /** The member as it came, or null when absent or null: for arrays and objects a route reads itself. */
    JsonNode optionalNode(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A text member (control characters refused) checked the same way as the object's own members. */
    static String textOf(String field, JsonNode node) {
        try {
            return text(field, node);
        } catch (FieldException e) {
            throw ProblemException.invalidFields(List.of(e.error));
        }
    }

    /** A 400 about one member, for routes that read nested members themselves. */
    static ProblemException invalidField(String field, String message) {
        return ProblemException.invalidFields(List.of(new Problem.FieldError(field, null, "invalid", message)));
    }

    CategoryId optionalCategoryId(String field) {
        return optional(field, JsonFields::categoryId);
    }

    // --- merge patch: absent keeps, null clears where clearing is allowed

    Change<String> textChange(String field, boolean clearable) {
        return change(field, clearable, JsonFields::text);
    }

    Change<Integer> integerChange(String field) {
        return change(field, false, JsonFields::integer);
    }

    Change<BigDecimal> priceChange(String field) {
        announceNumericPrice(field);
        return change(field, false, JsonFields::price);
    }

    Change<CategoryId> categoryIdChange(String field) {
        return change(field, true, JsonFields::categoryId);
    }

    private <T> T required(String field, Converter<T> converter) {
        return collecting(field, () -> {
            JsonNode node = body.get(field);
            if (node == null) {
                throw invalid(field, "required", field + " is required");
            }
            if (node.isNull()) {
                throw invalid(field, "not-null", field + " must not be null");
            }
            return converter.convert(field, node);
        }, null);
    }

    private <T> T optional(String field, Converter<T> converter) {
        return collecting(field, () -> {
            JsonNode node = body.get(field);
            return node == null || node.isNull() ? null : converter.convert(field, node);
        }, null);
    }

    private <T> Change<T> change(String field, boolean clearable, Converter<T> converter) {
        return collecting(field, () -> {
            JsonNode node = body.get(field);
            if (node == null) {
                return Change.<T>keep();
            }
            if (node.isNull()) {
                if (!clearable) {
                    throw invalid(field, "not-null", field + " cannot be cleared; leave it out to keep it");
                }
                return Change.<T>to(null);
            }
            return Change.to(converter.convert(field, node));
        }, Change.keep());
    }

    private static String text(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(field, "type", field + " must be a string");
        }
        if (TextRules.hasControlCharacter(node.textValue())) {
            throw invalid(field, "control-character", TextRules.complaint(field));
        }
        return node.textValue();
    }

    private static Integer integer(String field, JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw invalid(field, "type", field + " must be an integer");
        }
        if (!node.canConvertToInt()) {
            throw invalid(field, "out-of-range", field + " is out of range");
        }
        return node.intValue();
    }

    private static Boolean bool(String field, JsonNode node) {
        if (!node.isBoolean()) {
            throw invalid(field, "type", field + " must be true or false");
        }
        return node.booleanValue();
    }

    /**
     * A price as a decimal string ("12.500", exactly as {@link Money#parseAmount} reads it) or a JSON number, taken
     * exactly from its digits, never through a double. Range and decimals are the domain's to check.
     */
    private static BigDecimal price(String field, JsonNode node) {
        if (node.isTextual()) {
            try {
                return Money.parseAmount(node.textValue());
            } catch (InvalidValueException e) {
                throw invalid(field, "invalid", e.getMessage().replaceFirst("^price", field));
            }
        }
        if (node.isNumber()) {
            BigDecimal amount = node.decimalValue();
            // Bounded before any arithmetic: 1e100000000 is a 12-byte JSON number whose setScale(0) would build a
            // hundred-million-digit integer. Only the exponent and digit count are read here, which is free.
            if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
                throw invalid(field, "out-of-range", field + " must be at most " + Money.MAX.toPlainString());
            }
            if (amount.scale() > MAX_DECIMALS_READ) {
                throw invalid(field, "out-of-range", field + " must have at most " + Money.MAX_SCALE + " decimals");
            }
            // 1E+2 is a valid JSON number; hand the port 100, the plain form every other layer expects.
            return amount.scale() < 0 ? amount.setScale(0) : amount;
        }
        throw invalid(field, "type", field + " must be a decimal string like \"12.500\" or a number");
    }

    private static CategoryId categoryId(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(field, "type", field + " must be a UUID string");
        }
        return CategoryId.parse(node.textValue(), field);
    }

    private static FieldException invalid(String field, String code, String message) {
        return new FieldException(field, code, message);
    }

    @FunctionalInterface
    private interface Converter<T> {
        T convert(String field, JsonNode node);
    }
}
