package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.testkit.fake.InMemoryAiBudgets;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;

/** Runs the {@code AiBudgets} port contract against the test kit's in-memory fake. */
class InMemoryAiBudgetsContractTest extends AiBudgetsContract {
    @Override
    protected AiBudgets newBudgets(MutableClock clock, Duration holdTtl) {
        return new InMemoryAiBudgets(clock, holdTtl);
    }
}
