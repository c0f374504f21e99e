package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.IdempotencyStore;
import io.saasplatform.testkit.contract.IdempotencyStoreContract;
import io.saasplatform.testkit.contract.PersistencePorts;
import org.junit.jupiter.api.AfterAll;

/** Runs the {@code IdempotencyStore} port contract against the jOOQ adapter on a real, isolated PostgreSQL database. */
class JooqIdempotencyStoreContractTest extends IdempotencyStoreContract {
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
    protected IdempotencyStore store() {
        return FIXTURE.adapter().idempotencyKeys();
    }
}
