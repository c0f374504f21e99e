package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.InMemoryJobRepository;
import io.saasplatform.testkit.fake.InMemoryPorts;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;

/** Runs the {@code JobRepository} port contract against the test kit's in-memory fake. */
class InMemoryJobRepositoryContractTest extends JobRepositoryContract {
    private final PersistencePorts ports = InMemoryPorts.create();
    private final InMemoryJobRepository jobs = new InMemoryJobRepository(
            (InMemoryUnitOfWork) ports.unitOfWork(), (InMemoryCatalogRepository) ports.catalog());

    @Override
    protected PersistencePorts ports() {
        return ports;
    }

    @Override
    protected JobRepository jobs() {
        return jobs;
    }
}
