package io.saasplatform.adapter.redis;

import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.testkit.contract.RateLimiterContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the {@code RateLimiter} port contract against the Redis limiter on a real (embedded) Redis. */
class RedisRateLimiterContractTest extends RateLimiterContract {
    private EmbeddedRedis redis;
    private RedisAdapter adapter;

    @Override
    protected RateLimiter newLimiter() {
        redis = new EmbeddedRedis();
        adapter = new RedisAdapter(redis.url());
        return adapter.rateLimiter();
    }

    @AfterEach
    void stop() {
        adapter.close();
        redis.close();
    }
}
