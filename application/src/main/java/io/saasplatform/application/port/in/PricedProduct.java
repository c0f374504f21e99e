package io.saasplatform.application.port.in;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Money;
import io.saasplatform.domain.Product;
import java.util.Objects;

/** Incoming-port value: a product with its effective currency resolved (own currency, else the tenant default). */
public record PricedProduct(Product product, CurrencyCode effectiveCurrency) {
    public PricedProduct {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(effectiveCurrency, "effectiveCurrency");
    }

    public static PricedProduct of(Product product, CurrencyCode tenantDefault) {
        return new PricedProduct(product, product.effectiveCurrency(tenantDefault));
    }

    /** The price formatted to the effective currency's minor units (KWD "12.500", USD "12.50", JPY "1200"). */
    public Money price() {
        return Money.of(product.price(), effectiveCurrency);
    }
}
