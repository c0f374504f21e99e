package io.saasplatform.archrules.sample.good.boot;

import io.saasplatform.archrules.sample.good.adapter.db.MemoryOrderStore;
import io.saasplatform.archrules.sample.good.adapter.web.OrderController;
import io.saasplatform.archrules.sample.good.application.service.OrderService;

/** Sample hexagon, composition root. */
public final class Wiring {
    private Wiring() {}

    public static OrderController controller() {
        return new OrderController(new OrderService(new MemoryOrderStore()));
    }
}
