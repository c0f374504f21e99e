package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.testkit.fake.InMemoryOutbox;
import io.saasplatform.testkit.fake.InMemoryPorts;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;

/** Runs the {@code Outbox} port contract against the test kit's in-memory fake. */
class InMemoryOutboxContractTest extends OutboxContract {
    private final PersistencePorts ports = InMemoryPorts.create();
    private final InMemoryOutbox outbox = new InMemoryOutbox((InMemoryUnitOfWork) ports.unitOfWork());

    @Override
    protected PersistencePorts ports() {
        return ports;
    }

    @Override
    protected Outbox outbox() {
        return outbox;
    }
}
