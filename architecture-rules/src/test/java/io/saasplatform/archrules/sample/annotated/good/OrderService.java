package io.saasplatform.archrules.sample.annotated.good;

import org.jmolecules.architecture.hexagonal.Application;

/** Annotated sample: application service. */
@Application
public final class OrderService implements PlaceOrder {
    private final OrderStore store;

    public OrderService(OrderStore store) {
        this.store = store;
    }

    @Override
    public long place(String item) {
        store.save(item, 100);
        return 100;
    }
}
