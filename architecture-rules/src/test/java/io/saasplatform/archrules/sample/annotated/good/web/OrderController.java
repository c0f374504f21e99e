package io.saasplatform.archrules.sample.annotated.good.web;

import io.saasplatform.archrules.sample.annotated.good.PlaceOrder;
import org.jmolecules.architecture.hexagonal.PrimaryAdapter;

/** Annotated sample: driving adapter, annotated on the type. */
@PrimaryAdapter
public final class OrderController {
    private final PlaceOrder placeOrder;

    public OrderController(PlaceOrder placeOrder) {
        this.placeOrder = placeOrder;
    }

    public long post(String item) {
        return placeOrder.place(item);
    }
}
