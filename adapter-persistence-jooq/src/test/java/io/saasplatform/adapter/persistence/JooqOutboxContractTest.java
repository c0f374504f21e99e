package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.testkit.contract.OutboxContract;
import io.saasplatform.testkit.contract.PersistencePorts;
import org.junit.jupiter.api.AfterAll;

/** Runs the {@code Outbox} port contract against the jOOQ adapter on a real, isolated PostgreSQL database. */
class JooqOutboxContractTest extends OutboxContract {
    private static final JooqFixture FIXTURE = new JooqFixture();

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Override
    protected PersistencePorts ports() {
        return FIXTURE.ports();
    }

    @Override
    protected Outbox outbox() {
        return FIXTURE.adapter().outbox();
    }
}
