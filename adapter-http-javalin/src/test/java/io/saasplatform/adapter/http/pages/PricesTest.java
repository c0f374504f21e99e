package io.saasplatform.adapter.http.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.domain.Money;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricesTest {
    @ParameterizedTest(name = "{0} {1} reads {2}")
    @CsvSource(delimiter = '|', value = {
        "4.25       | KWD | KWD 4.250",
        "1200       | JPY | JPY 1,200",
        "12.5       | USD | USD 12.50",
        "0          | USD | USD 0.00",
        "1234567.891| KWD | KWD 1,234,567.891",
        "999999999  | JPY | JPY 999,999,999",
        "0.1        | EUR | EUR 0.10",
    })
    void a_price_reads_as_code_then_the_amount_with_the_currencys_minor_units_and_grouped_thousands(
            String amount, String currency, String expected) {
        assertThat(Prices.format(Money.of(amount, currency))).isEqualTo(expected);
    }
}
