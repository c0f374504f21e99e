package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest(name = "{0} {1} is formatted {2}")
    @CsvSource({
        "12.500,         KWD, 12.500",
        "12.5,           KWD, 12.500",
        "12,             KWD, 12.000",
        "12.5,           USD, 12.50",
        "12.50,          USD, 12.50",
        "0,              USD, 0.00",
        "0.01,           USD, 0.01",
        "1200,           JPY, 1200",
        // Trailing zeros are not decimals of the amount: 12.0 yen and 12.340 dollars can be paid exactly.
        "12.0,           JPY, 12",
        "12.000,         JPY, 12",
        "12.340,         USD, 12.34",
        "12.3000,        KWD, 12.300",
        "999999999.999,  KWD, 999999999.999",
        "999999999.99,   USD, 999999999.99",
        "999999999,      JPY, 999999999",
    })
    void given_amount_payable_in_currency_when_creating_money_then_formatted_to_minor_units(
            String amount, String currency, String formatted) {
        Money money = Money.of(amount, currency);

        assertThat(money.formatted()).isEqualTo(formatted);
        assertThat(money.currency()).isEqualTo(CurrencyCode.of(currency));
        assertThat(money.amount()).isEqualByComparingTo(amount);
    }

    @ParameterizedTest(name = "{0} {1} is refused")
    @CsvSource({
        "12.345,         USD",
        "12.5,           JPY",
        "0.1,            JPY",
        "12.3456,        KWD",
        "0.0001,         KWD",
        "-0.01,          USD",
        "-1,             JPY",
        "1000000000,     JPY",
        "999999999.9991, KWD",
        "999999999.999,  USD",
    })
    void given_amount_not_payable_in_currency_when_creating_money_then_refused_naming_price(
            String amount, String currency) {
        assertRefused(() -> Money.of(amount, currency), "price");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" 12", "12 ", "12.", ".5", "+12", "12,50", "1e3", "1E+3", "12.5.0", "abc", "0x10", "-"})
    void given_text_that_is_not_a_plain_decimal_when_parsing_money_then_refused_naming_price(String amount) {
        assertRefused(() -> Money.of(amount, "USD"), "price");
    }

    @Test
    void given_missing_amount_when_creating_money_then_refused_naming_price() {
        assertRefused(() -> Money.of((BigDecimal) null, CurrencyCode.of("USD")), "price");
    }

    @Test
    void given_missing_currency_when_creating_money_then_refused_naming_currency() {
        assertRefused(() -> Money.of(new BigDecimal("12.50"), null), "currency");
    }

    @Test
    void given_invalid_currency_when_parsing_money_then_refused_naming_currency() {
        assertRefused(() -> Money.of("12.50", "usd"), "currency");
    }

    @Test
    void given_amount_with_negative_scale_when_creating_money_then_formatted_without_exponent() {
        Money money = Money.of(new BigDecimal("1.2E+3"), CurrencyCode.of("JPY"));

        assertThat(money.formatted()).isEqualTo("1200");
    }

    @Test
    void given_same_amount_written_with_different_trailing_zeros_when_comparing_then_equal() {
        assertThat(Money.of("12.5", "USD")).isEqualTo(Money.of("12.500", "USD"));
        assertThat(Money.of("12.5", "USD")).isNotEqualTo(Money.of("12.5", "EUR"));
    }

    @ParameterizedTest(name = "{0} fits {1}: {2}")
    @CsvSource({
        "12.50,  USD, true",
        "12.505, USD, false",
        "12.0,   JPY, true",
        "12.1,   JPY, false",
        "12.345, KWD, true",
    })
    void given_amount_when_asking_if_it_fits_currency_then_minor_units_decide(
            String amount, String currency, boolean fits) {
        assertThat(Money.fits(new BigDecimal(amount), CurrencyCode.of(currency))).isEqualTo(fits);
    }

    // checkedAmount holds the rules that do not depend on a currency (a product may inherit its currency later).
    @ParameterizedTest(name = "{0} is kept as {1}")
    @CsvSource({
        "12.500,        12.5",
        "12.345,        12.345",
        "0,             0",
        "0.000,         0",
        "1200,          1200",
        "1.2E+3,        1200",
        "999999999.999, 999999999.999",
    })
    void given_amount_within_storage_rules_when_checking_then_returned_without_trailing_zeros(
            String amount, String expected) {
        BigDecimal checked = Money.checkedAmount(new BigDecimal(amount));

        assertThat(checked).isEqualTo(new BigDecimal(expected));
        assertThat(checked.scale()).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"-0.001", "-1", "1000000000", "999999999.9991", "12.3456", "0.0001"})
    void given_amount_outside_storage_rules_when_checking_then_refused_naming_price(String amount) {
        assertRefused(() -> Money.checkedAmount(new BigDecimal(amount)), "price");
    }

    @Test
    void given_missing_amount_when_checking_then_refused_naming_price() {
        assertRefused(() -> Money.checkedAmount(null), "price");
    }
}
