package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code CatalogRepository} port contract against the test kit's in-memory fake. */
class InMemoryCatalogRepositoryContractTest extends CatalogRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
