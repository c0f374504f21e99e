package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.testkit.fake.InMemoryRateLimiter;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Instant;

/** Runs the {@code RateLimiter} port contract against the test kit's in-memory fake. */
class InMemoryRateLimiterContractTest extends RateLimiterContract {
    @Override
    protected RateLimiter newLimiter() {
        return new InMemoryRateLimiter(new MutableClock(Instant.parse("2030-01-01T00:00:10Z")));
    }
}
