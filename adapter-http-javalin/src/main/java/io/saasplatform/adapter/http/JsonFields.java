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
import java.util.Set;

/**
 * The members of one JSON object body, read member by member so that an absent member and an explicit {@code null}
 * stay distinct, as JSON merge patch (RFC 7396) needs. Every wrong member is a 400 naming it, in the words
 * {@link JsonBodies} uses for request records: unknown members are refused, not ignored.
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

    private JsonFields(ObjectNode body) {
        this.body = body;
    }

    /** Reads the body as a JSON object with no members other than {@code known}. */
    static JsonFields read(Context ctx, JsonBodies bodies, Set<String> known) {
        JsonFields fields = new JsonFields(bodies.read(ctx, ObjectNode.class));
        for (Iterator<String> names = fields.body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid(name, name + " is not a known field");
            }
        }
        return fields;
    }

    /** As {@link #read}, but a request without a body reads as an object without members. */
    static JsonFields readOptional(Context ctx, JsonBodies bodies, Set<String> known) {
        long length = ctx.req().getContentLengthLong();
        if (length == 0 || (length < 0 && ctx.bodyAsBytes().length == 0)) {
            return new JsonFields(JsonNodeFactory.instance.objectNode());
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
        return required(field, JsonFields::price);
    }

    /** An array of product ids; null when absent or null. Each bad element is named, e.g. {@code productIds[3]}. */
    java.util.List<io.saasplatform.domain.ProductId> optionalProductIds(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(field, field + " must be an array of product ids");
        }
        java.util.List<io.saasplatform.domain.ProductId> ids = new java.util.ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String element = field + "[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw invalid(element, element + " must be a UUID string");
            }
            ids.add(io.saasplatform.domain.ProductId.parse(item.textValue(), element));
        }
        return ids;
    }

    /** A whole number (JSON integer) that fits a long; 400 naming the field otherwise. */
    long requiredLong(String field) {
        return required(field, (name, node) -> {
            if (!node.isIntegralNumber()) {
                throw invalid(name, name + " must be an integer");
            }
            if (!node.canConvertToLong()) {
                throw invalid(name, name + " is out of range");
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
        return text(field, node);
    }

    static ProblemException invalidField(String field, String message) {
        return invalid(field, message);
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
        return change(field, false, JsonFields::price);
    }

    Change<CategoryId> categoryIdChange(String field) {
        return change(field, true, JsonFields::categoryId);
    }

    private <T> T required(String field, Converter<T> converter) {
        JsonNode node = body.get(field);
        if (node == null) {
            throw invalid(field, field + " is required");
        }
        if (node.isNull()) {
            throw invalid(field, field + " must not be null");
        }
        return converter.convert(field, node);
    }

    private <T> T optional(String field, Converter<T> converter) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : converter.convert(field, node);
    }

    private <T> Change<T> change(String field, boolean clearable, Converter<T> converter) {
        JsonNode node = body.get(field);
        if (node == null) {
            return Change.keep();
        }
        if (node.isNull()) {
            if (!clearable) {
                throw invalid(field, field + " cannot be cleared; leave it out to keep it");
            }
            return Change.to(null);
        }
        return Change.to(converter.convert(field, node));
    }

    private static String text(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(field, field + " must be a string");
        }
        if (TextRules.hasControlCharacter(node.textValue())) {
            throw invalid(field, TextRules.complaint(field));
        }
        return node.textValue();
    }

    private static Integer integer(String field, JsonNode node) {
        if (!node.isIntegralNumber()) {
            throw invalid(field, field + " must be an integer");
        }
        if (!node.canConvertToInt()) {
            throw invalid(field, field + " is out of range");
        }
        return node.intValue();
    }

    private static Boolean bool(String field, JsonNode node) {
        if (!node.isBoolean()) {
            throw invalid(field, field + " must be true or false");
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
                throw invalid(field, e.getMessage().replaceFirst("^price", field));
            }
        }
        if (node.isNumber()) {
            BigDecimal amount = node.decimalValue();
            // Bounded before any arithmetic: 1e100000000 is a 12-byte JSON number whose setScale(0) would build a
            // hundred-million-digit integer. Only the exponent and digit count are read here, which is free.
            if (amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
                throw invalid(field, field + " must be at most " + Money.MAX.toPlainString());
            }
            if (amount.scale() > MAX_DECIMALS_READ) {
                throw invalid(field, field + " must have at most " + Money.MAX_SCALE + " decimals");
            }
            // 1E+2 is a valid JSON number; hand the port 100, the plain form every other layer expects.
            return amount.scale() < 0 ? amount.setScale(0) : amount;
        }
        throw invalid(field, field + " must be a decimal string like \"12.500\" or a number");
    }

    private static CategoryId categoryId(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw invalid(field, field + " must be a UUID string");
        }
        return CategoryId.parse(node.textValue(), field);
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, field, message);
    }

    @FunctionalInterface
    private interface Converter<T> {
        T convert(String field, JsonNode node);
    }
}
