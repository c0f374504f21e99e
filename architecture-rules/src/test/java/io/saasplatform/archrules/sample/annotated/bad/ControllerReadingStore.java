package io.saasplatform.archrules.sample.annotated.bad;

import io.saasplatform.archrules.sample.annotated.good.OrderStore;
import org.jmolecules.architecture.hexagonal.PrimaryAdapter;

/** Planted: a driving adapter uses an outgoing port. */
@PrimaryAdapter
public final class ControllerReadingStore {
    public void post(OrderStore store) {
        store.save("x", 1);
    }
}
