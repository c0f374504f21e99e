package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code UserRepository} port contract against the test kit's in-memory fake. */
class InMemoryUserRepositoryContractTest extends UserRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
