package io.saasplatform.archrules.sample.annotated.bad;

import io.saasplatform.archrules.sample.annotated.good.PlaceOrder;
import org.jmolecules.architecture.hexagonal.SecondaryAdapter;

/** Planted: a driven adapter calls an incoming port. */
@SecondaryAdapter
public final class StoreCallingUseCase {
    public long save(PlaceOrder placeOrder) {
        return placeOrder.place("x");
    }
}
