package io.saasplatform.archrules.sample.good.adapter.web;

import io.saasplatform.archrules.sample.good.application.port.in.PlaceOrder;

/** Sample hexagon, driving adapter. */
public final class OrderController {
    private final PlaceOrder placeOrder;

    public OrderController(PlaceOrder placeOrder) {
        this.placeOrder = placeOrder;
    }

    public String post(String item) {
        return Long.toString(placeOrder.place(item).cents());
    }
}
