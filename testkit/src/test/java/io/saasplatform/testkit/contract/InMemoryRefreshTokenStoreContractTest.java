package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code RefreshTokenStore} port contract against the test kit's in-memory fake. */
class InMemoryRefreshTokenStoreContractTest extends RefreshTokenStoreContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
