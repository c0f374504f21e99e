package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.UserRepositoryContract;
import io.saasplatform.testkit.contract.PersistencePorts;

import org.junit.jupiter.api.AfterAll;

/** Runs the {@code UserRepository} port contract against the jOOQ adapter on a real, isolated PostgreSQL database. */
class JooqUserRepositoryContractTest extends UserRepositoryContract {
    private static final JooqFixture FIXTURE = new JooqFixture();

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Override
    protected PersistencePorts ports() {
        return FIXTURE.ports();
    }
}
