package io.saasplatform.adapter.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.saasplatform.adapter.ai.ChatCompletions.PATH;
import static io.saasplatform.adapter.ai.ChatCompletions.answer;
import static io.saasplatform.adapter.ai.ChatCompletions.describe;
import static io.saasplatform.adapter.ai.ChatCompletions.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.StateTransition;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.AiUnavailableException;
import io.saasplatform.application.port.out.AiGateway.Completion;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenAiCompatibleGatewayCircuitBreakerTest {
    private static final Duration OPEN_WAIT = Duration.ofMillis(200);

    @RegisterExtension
    static WireMockExtension provider =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

    /** One attempt per call, so each call is one breaker record; opens after 4 calls at 50% failures. */
    private static AiAdapter.Settings settings() {
        return AiAdapter.Settings.defaults()
                .withApiKey("sk-test-breaker")
                .withBaseUrl(URI.create(provider.baseUrl() + "/v1"))
                .withTimeout(Duration.ofSeconds(2))
                .withMaxAttempts(1)
                .withInitialBackoff(Duration.ofMillis(10))
                .withBreaker(new AiAdapter.Breaker(4, 4, 50f, Duration.ofSeconds(1), 100f, OPEN_WAIT, 2));
    }

    private OpenAiCompatibleGateway gateway(AiAdapter.Settings settings) {
        return new OpenAiCompatibleGateway(settings, clock);
    }

    private static void failCalls(AiGateway gateway, int calls) {
        for (int i = 0; i < calls; i++) {
            assertThatThrownBy(() -> gateway.complete(describe("oak table")))
                    .isInstanceOf(AiUnavailableException.class)
                    .hasMessageContaining("HTTP 500");
        }
    }

    private static void providerFails() {
        provider.resetAll();
        provider.stubFor(post(PATH).willReturn(error(500, "server_error", "The server had an error")));
    }

    private static void providerRecovers() {
        provider.stubFor(post(PATH).willReturn(answer("Back again.")));
    }

    @Test
    void given_persistent_500s_when_the_minimum_calls_failed_then_the_breaker_opens_and_calls_fail_fast_without_reaching_the_provider() {
        providerFails();
        OpenAiCompatibleGateway gateway = gateway(settings());

        failCalls(gateway, 3);
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.CLOSED);
        failCalls(gateway, 1);
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.OPEN);

        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            AiUnavailableException rejected = catchThrowableOfType(
                    AiUnavailableException.class, () -> gateway.complete(describe("oak table")));
            assertThat(rejected).hasMessageContaining("circuit breaker is open");
            assertThat(rejected.retryAfter()).contains(OPEN_WAIT);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        provider.verify(4, postRequestedFor(urlEqualTo(PATH)));

        clock.advance(Duration.ofMillis(150));
        AiUnavailableException later = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));
        assertThat(later.retryAfter()).contains(Duration.ofMillis(50));
    }

    @Test
    void given_an_open_breaker_when_the_wait_elapsed_and_the_probes_succeed_then_it_closes() {
        providerFails();
        OpenAiCompatibleGateway gateway = gateway(settings());
        List<StateTransition> transitions = new CopyOnWriteArrayList<>();
        gateway.circuitBreaker().getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));
        failCalls(gateway, 4);
        providerRecovers();

        assertThatThrownBy(() -> gateway.complete(describe("oak table")))
                .isInstanceOf(AiUnavailableException.class)
                .hasMessageContaining("circuit breaker is open");
        clock.advance(OPEN_WAIT.plusMillis(1));
        Completion firstProbe = gateway.complete(describe("oak table"));
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.HALF_OPEN);
        gateway.complete(describe("oak table"));

        assertThat(firstProbe.text()).isEqualTo("Back again.");
        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.CLOSED);
        assertThat(transitions).containsExactly(
                StateTransition.CLOSED_TO_OPEN, StateTransition.OPEN_TO_HALF_OPEN, StateTransition.HALF_OPEN_TO_CLOSED);
        provider.verify(6, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_an_open_breaker_when_the_probes_fail_then_it_reopens_for_another_full_wait() {
        providerFails();
        OpenAiCompatibleGateway gateway = gateway(settings());
        failCalls(gateway, 4);

        clock.advance(OPEN_WAIT.plusMillis(1));
        failCalls(gateway, 2);

        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.OPEN);
        AiUnavailableException rejected = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));
        assertThat(rejected.retryAfter()).contains(OPEN_WAIT);
        provider.verify(6, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_retries_when_the_breaker_opens_during_a_call_then_the_remaining_attempts_are_not_sent() {
        providerFails();
        OpenAiCompatibleGateway gateway = gateway(settings().withMaxAttempts(3));

        failCalls(gateway, 1);
        AiUnavailableException second = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));

        assertThat(second).hasMessageContaining("circuit breaker is open");
        assertThat(second.retryAfter()).contains(OPEN_WAIT);
        provider.verify(4, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_answers_slower_than_the_slow_call_duration_when_every_call_is_slow_then_the_breaker_opens() {
        provider.stubFor(post(PATH).willReturn(answer("slow but fine").withFixedDelay(150)));
        OpenAiCompatibleGateway gateway = gateway(settings()
                .withBreaker(new AiAdapter.Breaker(4, 4, 50f, Duration.ofMillis(100), 100f, OPEN_WAIT, 2)));

        for (int i = 0; i < 4; i++) {
            assertThat(gateway.complete(describe("oak table")).text()).isEqualTo("slow but fine");
        }

        assertThat(gateway.circuitBreaker().getState()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> gateway.complete(describe("oak table")))
                .isInstanceOf(AiUnavailableException.class)
                .hasMessageContaining("circuit breaker is open");
    }

    @Test
    void given_the_public_factory_and_real_time_when_the_short_open_wait_elapses_then_half_open_probes_close_it() {
        providerFails();
        AiGateway gateway = AiAdapter.openAiCompatible(settings());
        CircuitBreaker breaker = ((OpenAiCompatibleGateway) gateway).circuitBreaker();
        failCalls(gateway, 4);
        assertThat(breaker.getState()).isEqualTo(State.OPEN);
        long openedAt = System.nanoTime();
        providerRecovers();

        Completion probe = null;
        long deadline = openedAt + Duration.ofSeconds(5).toNanos();
        while (probe == null && System.nanoTime() < deadline) {
            try {
                probe = gateway.complete(describe("oak table"));
            } catch (AiUnavailableException rejected) {
                // Wait as the adapter advises, as a caller would, instead of a fixed sleep.
                Duration wait = rejected.retryAfter().orElseThrow();
                LockSupport.parkNanos(Math.max(wait.toNanos(), Duration.ofMillis(5).toNanos()));
            }
        }

        assertThat(probe).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - openedAt)).isGreaterThanOrEqualTo(OPEN_WAIT);
        gateway.complete(describe("oak table"));
        assertThat(breaker.getState()).isEqualTo(State.CLOSED);
        provider.verify(6, postRequestedFor(urlEqualTo(PATH)));
    }
}
