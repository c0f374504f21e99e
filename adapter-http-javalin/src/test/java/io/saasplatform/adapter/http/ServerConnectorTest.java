package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.config.RoutesConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * How the API accepts connections: a backlog large enough for bursts, and an acceptor that request threads cannot
 * starve. Both were behind resets of 200 concurrent connections in the end-to-end suite.
 */
class ServerConnectorTest {
    private static final Duration READINESS = Duration.ofSeconds(2);
    private static final Duration DRAIN = Duration.ofSeconds(5);

    @Test
    void given_an_accept_queue_size_when_started_then_the_listening_connector_opens_with_that_backlog() {
        try (RunningApi api = new RunningApi(new HttpApi(new HttpApi.Settings(64 * 1024, READINESS, DRAIN, 777),
                List.of()))) {
            assertThat(acceptQueueSizes(api)).containsExactly(777);
            assertThat(api.get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void given_no_accept_queue_size_when_started_then_the_backlog_is_the_default_not_the_jvm_default_of_50() {
        try (RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()))) {
            assertThat(acceptQueueSizes(api)).containsExactly(HttpApi.Settings.DEFAULT_ACCEPT_QUEUE_SIZE);
            assertThat(HttpApi.Settings.DEFAULT_ACCEPT_QUEUE_SIZE).isGreaterThanOrEqualTo(512);
        }
    }

    @Test
    void given_defaults_then_idle_connections_outlive_an_alb_idle_timeout_of_60_seconds() {
        try (RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()))) {
            assertThat(Arrays.stream(api.app().jettyServer().server().getConnectors())
                    .map(connector -> connector.getIdleTimeout()))
                    .containsExactly(HttpApi.Settings.DEFAULT_IDLE_TIMEOUT.toMillis());
            assertThat(HttpApi.Settings.DEFAULT_IDLE_TIMEOUT).isGreaterThan(Duration.ofSeconds(60));
        }
    }

    @Test
    void given_a_non_positive_accept_queue_size_then_the_settings_are_refused() {
        assertThatThrownBy(() -> new HttpApi.Settings(64 * 1024, READINESS, DRAIN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("acceptQueueSize");
    }

    @Test
    void when_serving_then_requests_and_the_selector_run_on_virtual_threads_and_the_acceptor_on_a_platform_thread() {
        RouteGroup whoRuns = (RoutesConfig routes, JsonBodies bodies) -> routes.get("/test/thread",
                ctx -> ctx.result(Thread.currentThread().isVirtual() ? "virtual" : "platform"));
        try (RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of(), List.of(whoRuns)))) {
            assertThat(api.get("/test/thread").body()).isEqualTo("virtual");
            // Thread.getAllStackTraces lists platform threads only: the acceptor must be one of them, blocked in
            // accept, so that a burst of request threads on the carrier threads cannot keep it from the accept queue.
            assertThat(Thread.getAllStackTraces().entrySet())
                    .as("a platform thread running Jetty's acceptor")
                    .anySatisfy(thread -> assertThat(Arrays.stream(thread.getValue())
                            .anyMatch(frame -> frame.getClassName().startsWith(AbstractConnector.class.getName())
                                    && frame.getMethodName().equals("run")))
                            .as("%s", thread.getKey().getName())
                            .isTrue());
            // The selector among the request threads: handing each request from a platform selector thread to a
            // virtual one cost 10-20 % more server CPU per request (ServerThreads). Its loop is running once a request
            // has been answered, so a platform thread in it would be listed now.
            assertThat(Thread.getAllStackTraces().entrySet())
                    .as("platform threads running Jetty's selector")
                    .noneSatisfy(thread -> assertThat(Arrays.stream(thread.getValue())
                            .anyMatch(frame -> frame.getClassName().startsWith(ManagedSelector.class.getName())))
                            .as("%s", thread.getKey().getName())
                            .isTrue());
        }
    }

    private static List<Integer> acceptQueueSizes(RunningApi api) {
        return Arrays.stream(api.app().jettyServer().server().getConnectors())
                .map(connector -> ((ServerConnector) connector).getAcceptQueueSize())
                .toList();
    }
}
