package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code InvitationRepository} port contract against the test kit's in-memory fake. */
class InMemoryInvitationRepositoryContractTest extends InvitationRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
