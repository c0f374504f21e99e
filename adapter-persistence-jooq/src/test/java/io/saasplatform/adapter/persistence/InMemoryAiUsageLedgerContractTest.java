package io.saasplatform.adapter.persistence;

/** Runs the {@code AiUsageLedger} port contract against the application's in-memory fake. */
class InMemoryAiUsageLedgerContractTest extends AiUsageLedgerContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
