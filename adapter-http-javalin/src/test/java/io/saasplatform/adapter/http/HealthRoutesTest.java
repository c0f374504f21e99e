package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HealthRoutesTest {
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @Test
    void given_no_dependencies_when_liveness_is_probed_then_200_up() {
        try (RunningApi api = start(List.of(new Down("postgres")))) {
            Reply reply = api.get("/health/live");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.json().get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void given_a_worker_node_then_it_serves_health_and_nothing_else() {
        try (RunningApi api = new RunningApi(HttpApi.healthOnly(HttpApi.Settings.defaults(), List.of(new Up("postgres"))))) {
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            assertThat(api.get("/health/ready").status()).isEqualTo(200);
            // The API's routes, its documentation included, are not there (404s are checked against the document,
            // which lists 404 for the jobs listing).
            assertThat(api.get("/tenants/me/jobs").status()).isEqualTo(404);
            assertThat(api.get("/tenants/me/ai/usage").status()).isEqualTo(404);
        }
    }

    @Test
    void given_every_check_up_when_readiness_is_probed_then_200_listing_each_component() {
        try (RunningApi api = start(List.of(new Up("postgres"), new Up("redis")))) {
            Reply reply = api.get("/health/ready");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.requestId()).isNotBlank();
            JsonNode body = reply.json();
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("UP");
            assertThat(body.get("checks").get("redis").get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void given_a_required_check_down_when_readiness_is_probed_then_503_naming_it_without_the_drivers_words() {
        try (RunningApi api = start(List.of(new Down("postgres"), new Up("redis")))) {
            Reply reply = api.get("/health/ready");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
            JsonNode body = reply.json();
            assertThat(body.get("type").asText()).endsWith("problems/service-unavailable");
            assertThat(body.get("detail").asText()).isEqualTo("Not ready: postgres");
            assertThat(body.get("requestId").asText()).isEqualTo(reply.requestId());
            assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("DOWN");
            assertThat(body.get("checks").get("redis").get("status").asText()).isEqualTo("UP");
            // Hosts, user names and authentication failures are for the log, not for anyone who asks.
            assertThat(reply.body()).doesNotContain(Down.DRIVER_MESSAGE).doesNotContain("db.internal");
            assertThat(body.get("checks").get("postgres").has("detail")).isFalse();
        }
    }

    @Test
    void given_an_optional_check_down_when_readiness_is_probed_then_200_degraded_listing_it_down() {
        // Redis down: the catalog, the storefront and sign-in still work, only AI answers 503. The node stays in.
        try (RunningApi api = start(List.of(new Up("postgres"), HealthCheck.optional(new Down("redis"))))) {
            Reply reply = api.get("/health/ready");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            JsonNode body = reply.json();
            assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(body.get("checks").get("postgres").get("status").asText()).isEqualTo("UP");
            assertThat(body.get("checks").get("redis").get("status").asText()).isEqualTo("DOWN");
            assertThat(reply.body()).doesNotContain(Down.DRIVER_MESSAGE);
        }
    }

    @Test
    void given_many_probes_within_a_second_when_readiness_is_asked_then_the_checks_run_once_per_second() {
        Counting postgres = new Counting("postgres");
        long[] now = {0};
        HealthRoutes routes = new HealthRoutes(List.of(postgres), TIMEOUT, null, () -> now[0]);

        for (int i = 0; i < 5; i++) {
            assertThat(routes.readiness().status()).isEqualTo("UP");
        }
        now[0] += Duration.ofMillis(999).toNanos();
        routes.readiness();
        int withinTheSecond = postgres.probes.get();
        now[0] += Duration.ofMillis(1).toNanos();
        routes.readiness();

        assertThat(withinTheSecond).isEqualTo(1);
        assertThat(postgres.probes.get()).isEqualTo(2);
    }

    @Test
    void given_a_check_that_hangs_when_readiness_is_probed_then_503_within_the_bound() {
        Hangs hangs = new Hangs("postgres");
        try (RunningApi api = start(List.of(hangs, new Up("redis")))) {
            long started = System.nanoTime();
            Reply reply = api.get("/health/ready");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(reply.status()).isEqualTo(503);
            assertThat(elapsed).isLessThan(TIMEOUT.plusSeconds(1));
            JsonNode checks = reply.json().get("checks");
            assertThat(checks.get("postgres").get("status").asText()).isEqualTo("DOWN");
            assertThat(checks.get("redis").get("status").asText()).isEqualTo("UP");
        } finally {
            hangs.release();
        }
    }

    @Test
    void given_a_check_that_throws_when_readiness_is_probed_then_503_naming_it() {
        HealthCheck throwing = new HealthCheck() {
            @Override
            public String component() {
                return "s3";
            }

            @Override
            public Result check(Duration timeout) {
                throw new IllegalStateException("bug");
            }
        };
        try (RunningApi api = start(List.of(throwing))) {
            Reply reply = api.get("/health/ready");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().get("checks").get("s3").get("status").asText()).isEqualTo("DOWN");
        }
    }

    @Test
    void given_two_checks_with_the_same_component_when_building_the_api_then_it_is_refused() {
        assertThatThrownBy(() -> new HttpApi(HttpApi.Settings.defaults(), List.of(new Up("redis"), new Down("redis"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique");
    }

    private static RunningApi start(List<HealthCheck> checks) {
        return new RunningApi(new HttpApi(new HttpApi.Settings(64 * 1024, TIMEOUT), checks));
    }

    private record Up(String component) implements HealthCheck {
        @Override
        public Result check(Duration timeout) {
            return Result.healthy();
        }
    }

    private record Down(String component) implements HealthCheck {
        static final String DRIVER_MESSAGE =
                "FATAL: password authentication failed for user \"saas_app\" (db.internal:5432)";

        @Override
        public Result check(Duration timeout) {
            return Result.down(DRIVER_MESSAGE);
        }
    }

    private record Counting(String component, java.util.concurrent.atomic.AtomicInteger probes)
            implements HealthCheck {
        Counting(String component) {
            this(component, new java.util.concurrent.atomic.AtomicInteger());
        }

        @Override
        public Result check(Duration timeout) {
            probes.incrementAndGet();
            return Result.healthy();
        }
    }

    /** Ignores its timeout and blocks until released, like a probe stuck on a dead socket. */
    private static final class Hangs implements HealthCheck {
        private final String component;
        private final CountDownLatch never = new CountDownLatch(1);

        Hangs(String component) {
            this.component = component;
        }

        @Override
        public String component() {
            return component;
        }

        @Override
        public Result check(Duration timeout) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.healthy();
        }

        void release() {
            never.countDown();
        }
    }
}
