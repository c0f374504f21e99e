package io.saasplatform.archrules.sample.bad.domain;

import io.saasplatform.archrules.sample.good.application.service.OrderService;

/** Planted: the domain reaches a service. */
public final class PriceCallingService {
    public Object place(OrderService service) {
        return service.place("x");
    }
}
