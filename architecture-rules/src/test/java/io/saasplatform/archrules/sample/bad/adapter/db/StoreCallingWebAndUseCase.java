package io.saasplatform.archrules.sample.bad.adapter.db;

import io.saasplatform.archrules.sample.good.adapter.web.OrderController;
import io.saasplatform.archrules.sample.good.application.port.in.PlaceOrder;

/** Planted: a driven adapter reaches another adapter and an incoming port. */
public final class StoreCallingWebAndUseCase {
    public String save(OrderController controller, PlaceOrder placeOrder) {
        placeOrder.place("y");
        return controller.post("x");
    }
}
