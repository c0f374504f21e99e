package io.saasplatform.adapter.http.pages;

import io.saasplatform.domain.Money;
import java.util.Locale;

/**
 * The one place a price becomes text for people: the ISO currency code, a space, and the amount with exactly the
 * currency's minor units and thousands grouped by commas ({@code KWD 4.250}, {@code JPY 1,200}, {@code USD 12.50}).
 * The JSON API keeps its ungrouped machine form ({@link Money#formatted()}).
 */
public final class Prices {
    private Prices() {}

    public static String format(Money price) {
        // %f on a BigDecimal is exact: no detour through double. Money already carries the currency's scale.
        String amount = String.format(Locale.ROOT, "%,." + price.currency().minorUnits() + "f", price.amount());
        return price.currency().value() + " " + amount;
    }
}
