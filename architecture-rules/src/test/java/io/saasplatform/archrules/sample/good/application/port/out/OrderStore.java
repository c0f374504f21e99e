package io.saasplatform.archrules.sample.good.application.port.out;

import io.saasplatform.archrules.sample.good.domain.Price;

/** Sample hexagon, outgoing port. */
public interface OrderStore {
    void save(String item, Price price);
}
