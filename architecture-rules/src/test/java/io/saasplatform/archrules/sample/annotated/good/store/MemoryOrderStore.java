package io.saasplatform.archrules.sample.annotated.good.store;

import io.saasplatform.archrules.sample.annotated.good.OrderStore;

/** Annotated sample: driven adapter, stereotyped by its package. */
public final class MemoryOrderStore implements OrderStore {
    @Override
    public void save(String item, long cents) {}
}
