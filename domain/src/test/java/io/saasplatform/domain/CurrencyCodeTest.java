package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"USD", "EUR", "GBP", "CHF", "KWD", "BHD", "JPY", "KRW"})
    void given_iso_4217_code_when_creating_currency_then_accepted(String code) {
        assertThat(CurrencyCode.of(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABC", "QQQ", "ZZZ", "EUX"})
    void given_unknown_three_letter_code_when_creating_currency_then_refused_naming_currency(String code) {
        assertRefused(() -> CurrencyCode.of(code), "currency");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"usd", "Usd", "uSD", "US", "USDD", " USD", "USD ", "U5D", "€"})
    void given_malformed_code_when_creating_currency_then_refused_naming_currency(String code) {
        assertRefused(() -> CurrencyCode.of(code), "currency");
    }

    // Gold, SDRs and the "no currency" code have no minor units: nothing can be priced in them.
    @ParameterizedTest
    @ValueSource(strings = {"XAU", "XDR", "XXX", "XTS"})
    void given_code_without_minor_units_when_creating_currency_then_refused_naming_currency(String code) {
        assertRefused(() -> CurrencyCode.of(code), "currency");
    }

    // Prices are NUMERIC(12,3): a currency with 4 minor units could not be stored exactly.
    @ParameterizedTest
    @ValueSource(strings = {"CLF", "UYW"})
    void given_code_with_more_than_three_minor_units_when_creating_currency_then_refused_naming_currency(String code) {
        assertRefused(() -> CurrencyCode.of(code), "currency");
    }

    @ParameterizedTest
    @CsvSource({"KWD, 3", "BHD, 3", "USD, 2", "EUR, 2", "JPY, 0", "KRW, 0"})
    void given_currency_when_asking_minor_units_then_iso_4217_value(String code, int minorUnits) {
        assertThat(CurrencyCode.of(code).minorUnits()).isEqualTo(minorUnits);
    }
}
