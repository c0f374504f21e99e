package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness as a load balancer sees it: only PostgreSQL and the row-level security self-check may take a node out of
 * rotation. Redis down stops AI (503) but nothing else, so readiness stays 200 and says it is degraded.
 */
class ReadinessEndToEndTest {
    @TempDir
    Path dataDir;

    @Test
    void given_redis_unreachable_when_readiness_is_probed_then_200_degraded_with_redis_down_and_no_driver_words()
            throws Exception {
        try (CuttableProxy redis = new CuttableProxy(TestRedis.host(), TestRedis.port());
                RunningPlatform platform = RunningPlatform.start(dataDir,
                        Map.of("REDIS_URL", "redis://127.0.0.1:" + redis.port()))) {
            Response before = platform.get("/health/ready", null);
            assertThat(before.status()).as("%s", before).isEqualTo(200);
            assertThat(before.text("/status")).isEqualTo("UP");
            assertThat(before.text("/checks/rls/status")).isEqualTo("UP");

            redis.cut();
            // Readiness answers are shared for a second: wait for a fresh probe by its content, not by the clock.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            Response degraded = before;
            while (!"DEGRADED".equals(degraded.text("/status")) && System.nanoTime() < deadline) {
                degraded = platform.get("/health/ready", null);
            }

            assertThat(degraded.status()).as("%s", degraded).isEqualTo(200);
            assertThat(degraded.text("/checks/redis/status")).isEqualTo("DOWN");
            assertThat(degraded.text("/checks/postgres/status")).isEqualTo("UP");
            assertThat(degraded.raw().body()).doesNotContain("127.0.0.1").doesNotContain("Connection refused");
        }
    }
}
