package com.example.shop.adapter.memory;

import io.saasplatform.testkit.contract.CatalogRepositoryContract;
import io.saasplatform.testkit.contract.PersistencePorts;

/**
 * The platform's {@code CatalogRepository} contract, run against this example's map-backed adapter: the same cases
 * the platform's own jOOQ adapter passes, isolation between tenants included.
 */
class MapCatalogRepositoryContractTest extends CatalogRepositoryContract {
    private final MapUnitOfWork unitOfWork = new MapUnitOfWork();
    // The contract needs the unit of work, the tenant directory and the catalog; the other ports stay unused.
    private final PersistencePorts ports = new PersistencePorts(unitOfWork, unitOfWork, new MapTenantRepository(unitOfWork),
            new MapUserRepository(unitOfWork), new MapMembershipRepository(unitOfWork), null, null,
            new MapCatalogRepository(unitOfWork), null);

    @Override
    protected PersistencePorts ports() {
        return ports;
    }
}
