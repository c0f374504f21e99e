package io.saasplatform.testkit.fake;

import io.saasplatform.testkit.contract.PersistencePorts;

/** Test kit: the in-memory fakes as one set of persistence ports, so a contract proves fake and adapter behave alike. */
public final class InMemoryPorts {
    private InMemoryPorts() {}

    public static PersistencePorts create() {
        InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
        InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
        return new PersistencePorts(
                unitOfWork,
                unitOfWork,
                new InMemoryTenantRepository(unitOfWork),
                users,
                new InMemoryMembershipRepository(unitOfWork, users),
                new InMemoryInvitationRepository(unitOfWork),
                new InMemoryRefreshTokenStore(unitOfWork),
                new InMemoryCatalogRepository(unitOfWork),
                new InMemoryAiUsageLedger(unitOfWork));
    }
}
