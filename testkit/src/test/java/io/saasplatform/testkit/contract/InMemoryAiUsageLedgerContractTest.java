package io.saasplatform.testkit.contract;

import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code AiUsageLedger} port contract against the test kit's in-memory fake. */
class InMemoryAiUsageLedgerContractTest extends AiUsageLedgerContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
