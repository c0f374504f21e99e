package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.testkit.fake.InMemoryQuotaMeter;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;

/** Runs the {@code QuotaMeter} port contract against the test kit's in-memory fake. */
class InMemoryQuotaMeterContractTest extends QuotaMeterContract {
    @Override
    protected QuotaMeter newMeter(MutableClock clock, Duration holdTtl) {
        return new InMemoryQuotaMeter(clock, holdTtl);
    }
}
