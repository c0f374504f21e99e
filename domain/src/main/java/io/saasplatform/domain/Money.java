package io.saasplatform.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Domain value: an exact, non-negative amount in a currency, stored as {@code NUMERIC(12,3)}.
 *
 * <p>Never more decimals than the currency's ISO 4217 minor units (KWD 3, USD 2, JPY 0): an amount that cannot be paid
 * in the currency is refused rather than rounded.
 */
public record Money(BigDecimal amount, CurrencyCode currency) {
    public static final int MAX_SCALE = 3;
    public static final BigDecimal MAX = new BigDecimal("999999999.999");

    public Money {
        // Every price read from the database passes here, twenty to a storefront page: an amount already within the
        // currency's decimals (a KWD price as stored) is only checked and widened, any other is stripped of its
        // trailing zeros once, and the message is built only for a price that fails.
        BigDecimal exact;
        if (amount != null && currency != null && amount.scale() >= 0 && amount.scale() <= currency.minorUnits()) {
            checkRange(amount);
            exact = amount;
        } else {
            exact = checkedAmount(amount);
            InvalidValueException.requirePresent(currency, "currency");
            if (exact.scale() > currency.minorUnits()) {
                throw new InvalidValueException("price",
                        "price must have at most " + currency.minorUnits() + " decimals in " + currency.value());
            }
        }
        amount = exact.setScale(currency.minorUnits(), RoundingMode.UNNECESSARY);
    }

    public static Money of(BigDecimal amount, CurrencyCode currency) {
        return new Money(amount, currency);
    }

    public static Money of(String amount, String currency) {
        return new Money(parseAmount(amount), CurrencyCode.of(currency));
    }

    /**
     * Checks the currency-independent rules (present, not negative, at most 999999999.999, at most 3 decimals) and
     * returns the amount without insignificant trailing zeros, at a scale of 0 or more: its scale is then the number of
     * decimals it needs.
     */
    public static BigDecimal checkedAmount(BigDecimal amount) {
        InvalidValueException.requirePresent(amount, "price");
        checkRange(amount);
        BigDecimal significant = significant(amount);
        InvalidValueException.require(
                significant.scale() <= MAX_SCALE, "price", "price must have at most 3 decimals");
        return significant;
    }

    private static void checkRange(BigDecimal amount) {
        InvalidValueException.require(amount.signum() >= 0, "price", "price must not be negative");
        InvalidValueException.require(amount.compareTo(MAX) <= 0, "price", "price must be at most 999999999.999");
    }

    /** Parses a plain decimal string ("12.500"); exponents, signs other than '-', and blanks are refused. */
    public static BigDecimal parseAmount(String text) {
        InvalidValueException.requirePresent(text, "price");
        if (!text.matches("-?[0-9]{1,12}(\\.[0-9]{1,12})?")) {
            throw new InvalidValueException("price", "price must be a decimal number like 12.500");
        }
        return new BigDecimal(text);
    }

    /** Whether {@code amount} can be expressed exactly in {@code currency}. */
    public static boolean fits(BigDecimal amount, CurrencyCode currency) {
        return significant(amount).scale() <= currency.minorUnits();
    }

    /** The amount formatted to the currency's minor units: KWD "12.500", USD "12.50", JPY "1200". */
    public String formatted() {
        return amount.toPlainString();
    }

    /** {@code amount} without trailing zeros after the point; a whole amount at scale 0 ("1200", not "1.2E+3"). */
    private static BigDecimal significant(BigDecimal amount) {
        BigDecimal stripped = amount.scale() > 0 ? amount.stripTrailingZeros() : amount;
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public String toString() {
        return formatted() + " " + currency;
    }
}
