package io.saasplatform.archrules.sample.good.application.port.in;

import io.saasplatform.archrules.sample.good.domain.Price;

/** Sample hexagon, incoming port. */
public interface PlaceOrder {
    Price place(String item);
}
