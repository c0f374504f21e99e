package io.saasplatform.application.port.in;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Money;
import io.saasplatform.domain.Product;
import java.util.List;
import java.util.Objects;

/**
 * Incoming-port value: a product with its effective currency resolved (own currency, else the tenant default) and its
 * images in order (empty where the caller did not ask for them or the product has none).
 */
public record PricedProduct(Product product, CurrencyCode effectiveCurrency, List<ProductImage> images) {
    public PricedProduct {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(effectiveCurrency, "effectiveCurrency");
        images = List.copyOf(images);
    }

    /** Without images. */
    public PricedProduct(Product product, CurrencyCode effectiveCurrency) {
        this(product, effectiveCurrency, List.of());
    }

    public PricedProduct withImages(List<ProductImage> newImages) {
        return new PricedProduct(product, effectiveCurrency, newImages);
    }

    public static PricedProduct of(Product product, CurrencyCode tenantDefault) {
        return new PricedProduct(product, product.effectiveCurrency(tenantDefault));
    }

    /** The price formatted to the effective currency's minor units (KWD "12.500", USD "12.50", JPY "1200"). */
    public Money price() {
        return Money.of(product.price(), effectiveCurrency);
    }
}
