package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code MembershipRepository} port contract against the test kit's in-memory fake. */
class InMemoryMembershipRepositoryContractTest extends MembershipRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
