package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.testsupport.TestPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresHealthCheckTest {
    private static final JooqFixture FIXTURE = new JooqFixture(1);

    @Test
    void given_a_running_database_when_checking_then_up() {
        HealthCheck check = FIXTURE.adapter().healthCheck();

        assertThat(check.component()).isEqualTo("postgres");
        assertThat(check.check(Duration.ofSeconds(2))).isEqualTo(HealthCheck.Result.healthy());
    }

    @Test
    void given_postgres_becoming_unreachable_when_checking_then_down_within_the_timeout_without_throwing()
            throws Exception {
        PostgresWireProxy proxy = new PostgresWireProxy(TestPostgres.host(), TestPostgres.port());
        try (PersistenceAdapter adapter = new PersistenceAdapter(
                proxy.jdbcUrl(FIXTURE.database().database().name()),
                MigratedDatabase.SERVING,
                MigratedDatabase.SERVING_PASSWORD,
                1)) {
            assertThat(adapter.healthCheck().check(Duration.ofSeconds(2)).up()).isTrue();

            proxy.close();
            long start = System.nanoTime();
            HealthCheck.Result result = adapter.healthCheck().check(Duration.ofMillis(300));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(result.up()).isFalse();
            assertThat(result.detail()).isNotBlank();
            assertThat(elapsedMillis).isLessThan(2_000);
        }
    }

    @Test
    void given_a_closed_adapter_when_checking_then_down_without_throwing() {
        PersistenceAdapter adapter = FIXTURE.database().adapter(1);
        adapter.close();

        HealthCheck.Result result = adapter.healthCheck().check(Duration.ofSeconds(1));

        assertThat(result.up()).isFalse();
        assertThat(result.detail()).isNotBlank();
    }
}
