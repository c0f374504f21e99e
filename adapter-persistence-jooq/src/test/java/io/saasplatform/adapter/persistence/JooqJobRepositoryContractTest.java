package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.testkit.contract.JobRepositoryContract;
import io.saasplatform.testkit.contract.PersistencePorts;
import org.junit.jupiter.api.AfterAll;

/** Runs the {@code JobRepository} port contract against the jOOQ adapter on a real, isolated PostgreSQL database. */
class JooqJobRepositoryContractTest extends JobRepositoryContract {
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
    protected JobRepository jobs() {
        return FIXTURE.adapter().jobs();
    }
}
