package io.saasplatform.adapter.redis;

import io.saasplatform.application.port.out.AiBudgets;
import io.saasplatform.testkit.contract.AiBudgetsContract;
import io.saasplatform.testkit.fake.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** Runs the {@code AiBudgets} port contract against the Redis budgets on a real (embedded) Redis. */
class RedisAiBudgetsContractTest extends AiBudgetsContract {
    private EmbeddedRedis redis;
    private RedisAdapter adapter;

    @Override
    protected AiBudgets newBudgets(MutableClock clock, Duration holdTtl) {
        redis = new EmbeddedRedis();
        adapter = new RedisAdapter(redis.url());
        return adapter.aiBudgets(clock, holdTtl);
    }

    @AfterEach
    void stop() {
        adapter.close();
        redis.close();
    }
}
