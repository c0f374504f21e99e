package io.saasplatform.archrules.sample.good.application.service;

import io.saasplatform.archrules.sample.good.application.port.in.PlaceOrder;
import io.saasplatform.archrules.sample.good.application.port.out.OrderStore;
import io.saasplatform.archrules.sample.good.domain.Price;

/** Sample hexagon, application service. */
public final class OrderService implements PlaceOrder {
    private final OrderStore store;

    public OrderService(OrderStore store) {
        this.store = store;
    }

    @Override
    public Price place(String item) {
        Price price = new Price(100);
        store.save(item, price);
        return price;
    }
}
