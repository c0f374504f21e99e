package io.saasplatform.archrules.sample.bad.adapter.web;

import io.saasplatform.archrules.sample.good.application.port.out.OrderStore;
import io.saasplatform.archrules.sample.good.application.service.OrderService;
import io.saasplatform.archrules.sample.good.domain.Price;

/** Planted: a driving adapter reaches a service implementation and an outgoing port. */
public final class ControllerBypassingPorts {
    public void post(OrderService service, OrderStore store) {
        service.place("x");
        store.save("x", new Price(1));
    }
}
