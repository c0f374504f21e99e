package io.saasplatform.adapter.persistence;

import io.saasplatform.application.fake.InMemoryAiUsageLedger;
import io.saasplatform.application.fake.InMemoryCatalogRepository;
import io.saasplatform.application.fake.InMemoryInvitationRepository;
import io.saasplatform.application.fake.InMemoryMembershipRepository;
import io.saasplatform.application.fake.InMemoryRefreshTokenStore;
import io.saasplatform.application.fake.InMemoryTenantRepository;
import io.saasplatform.application.fake.InMemoryUnitOfWork;
import io.saasplatform.application.fake.InMemoryUserRepository;

/** The application's in-memory fakes as one set of ports, so a contract proves fake and adapter behave alike. */
final class InMemoryPorts {
    private InMemoryPorts() {}

    static PersistencePorts create() {
        InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
        return new PersistencePorts(
                unitOfWork,
                unitOfWork,
                new InMemoryTenantRepository(unitOfWork),
                new InMemoryUserRepository(unitOfWork),
                new InMemoryMembershipRepository(unitOfWork),
                new InMemoryInvitationRepository(unitOfWork),
                new InMemoryRefreshTokenStore(unitOfWork),
                new InMemoryCatalogRepository(unitOfWork),
                new InMemoryAiUsageLedger(unitOfWork));
    }
}
