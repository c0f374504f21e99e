package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.testkit.contract.PersistencePorts;
import io.saasplatform.testkit.contract.TenantReadsContract;
import org.junit.jupiter.api.AfterAll;

/** Runs the {@code TenantReads} port contract against the jOOQ adapter's fused reads on a real PostgreSQL database. */
class JooqTenantReadsContractTest extends TenantReadsContract {
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
    protected TenantReads tenantReads() {
        return FIXTURE.adapter().tenantReads();
    }
}
