package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.testkit.fake.InMemoryPorts;

/** Runs the {@code TenantReads} port contract against its sequential form over the test kit's in-memory fakes. */
class InMemoryTenantReadsContractTest extends TenantReadsContract {
    private final PersistencePorts ports = InMemoryPorts.create();

    @Override
    protected PersistencePorts ports() {
        return ports;
    }

    @Override
    protected TenantReads tenantReads() {
        return TenantReads.sequential(ports.tenants(), ports.memberships(), ports.catalog());
    }
}
