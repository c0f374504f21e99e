package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Money;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads a product listing's query parameters. Only their syntax is checked here (a limit that is not an integer, a
 * price that is not a decimal), naming the parameter; ranges, sort names and cursors are the use case's to judge.
 */
final class ProductListQuery {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");

    private ProductListQuery() {}

    /** The request as sent; {@code withStatus} is false on the storefront, which shows published products only. */
    static ProductListRequest from(Context ctx, boolean withStatus) {
        return new ProductListRequest(
                text(ctx, "category"),
                decimal(ctx, "minPrice"),
                decimal(ctx, "maxPrice"),
                text(ctx, "q"),
                text(ctx, "sort"),
                integer(ctx, "limit"),
                text(ctx, "cursor"),
                withStatus ? text(ctx, "status") : null);
    }

    /** A text parameter as sent; control characters (a NUL in {@code q}) are refused here, naming the parameter. */
    static String text(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text != null && TextRules.hasControlCharacter(text)) {
            throw invalid(name, TextRules.complaint(name));
        }
        return text;
    }

    private static BigDecimal decimal(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        try {
            return Money.parseAmount(text);
        } catch (InvalidValueException e) {
            throw invalid(name, name + " must be a decimal number like 12.500");
        }
    }

    static Integer integer(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return null;
        }
        if (!INTEGER.matcher(text).matches()) {
            throw invalid(name, name + " must be an integer");
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid(name, name + " is out of range");
        }
    }

    static ProblemException invalid(String name, String message) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, name, message);
    }
}
