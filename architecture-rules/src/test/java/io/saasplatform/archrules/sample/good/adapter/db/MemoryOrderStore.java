package io.saasplatform.archrules.sample.good.adapter.db;

import io.saasplatform.archrules.sample.good.application.port.out.OrderStore;
import io.saasplatform.archrules.sample.good.domain.Price;
import java.util.HashMap;
import java.util.Map;

/** Sample hexagon, driven adapter. */
public final class MemoryOrderStore implements OrderStore {
    private final Map<String, Price> orders = new HashMap<>();

    @Override
    public void save(String item, Price price) {
        orders.put(item, price);
    }
}
