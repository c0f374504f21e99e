package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.CatalogRepositoryContract;
import io.saasplatform.testkit.contract.PersistencePorts;
import org.junit.jupiter.api.AfterAll;

/**
 * The {@code CatalogRepository} port contract against the jOOQ adapter with every listing read in a read-only unit of
 * work: one round trip per read, no transaction around it (ADR 0009). With {@link JooqCatalogRepositoryContractTest},
 * every keyset and filter test runs on both paths and must give the same pages.
 */
class JooqCatalogRepositoryReadOnlyContractTest extends CatalogRepositoryContract {
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
    protected boolean readsInReadOnlyUnits() {
        return true;
    }
}
