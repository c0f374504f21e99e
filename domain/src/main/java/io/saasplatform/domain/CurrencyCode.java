package io.saasplatform.domain;

import java.util.Currency;
import java.util.regex.Pattern;

/** Domain value: an ISO 4217 currency that can price goods (defined minor units, at most 3). */
public record CurrencyCode(String value) {
    private static final Pattern THREE_LETTERS = Pattern.compile("[A-Z]{3}");

    public CurrencyCode {
        InvalidValueException.requirePresent(value, "currency");
        InvalidValueException.require(
                THREE_LETTERS.matcher(value).matches(), "currency", "currency must be an ISO 4217 code like KWD");
        InvalidValueException.require(known(value), "currency", "currency " + value + " is not an ISO 4217 code");
        InvalidValueException.require(
                Currency.getInstance(value).getDefaultFractionDigits() >= 0,
                "currency",
                "currency " + value + " has no minor units and cannot price goods");
        // Prices are stored as NUMERIC(12,3); a currency with finer minor units (CLF, UYW) cannot be held exactly.
        InvalidValueException.require(
                Currency.getInstance(value).getDefaultFractionDigits() <= Money.MAX_SCALE,
                "currency",
                "currency " + value + " has more than 3 minor units and is not supported");
    }

    public static CurrencyCode of(String value) {
        return new CurrencyCode(value);
    }

    /** ISO 4217 minor units: KWD 3, USD 2, JPY 0. */
    public int minorUnits() {
        return Currency.getInstance(value).getDefaultFractionDigits();
    }

    private static boolean known(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
