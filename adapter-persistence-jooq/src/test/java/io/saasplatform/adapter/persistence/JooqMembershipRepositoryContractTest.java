package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.MembershipRepositoryContract;
import io.saasplatform.testkit.contract.PersistencePorts;

import org.junit.jupiter.api.AfterAll;

/** Runs the {@code MembershipRepository} port contract against the jOOQ adapter on a real, isolated PostgreSQL database. */
class JooqMembershipRepositoryContractTest extends MembershipRepositoryContract {
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
