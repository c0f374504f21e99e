package io.saasplatform.archrules.sample.annotated.bad;

import io.saasplatform.archrules.sample.annotated.good.OrderService;
import org.jmolecules.architecture.hexagonal.PrimaryAdapter;

/** Planted: a driving adapter calls the application service instead of its port. */
@PrimaryAdapter
public final class ControllerCallingService {
    public long post(OrderService service) {
        return service.place("x");
    }
}
