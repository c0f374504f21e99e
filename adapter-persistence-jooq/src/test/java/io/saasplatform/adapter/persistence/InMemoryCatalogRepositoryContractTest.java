package io.saasplatform.adapter.persistence;

/** Runs the {@code CatalogRepository} port contract against the application's in-memory fake. */
class InMemoryCatalogRepositoryContractTest extends CatalogRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
