package io.saasplatform.adapter.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.saasplatform.adapter.ai.ChatCompletions.PATH;
import static io.saasplatform.adapter.ai.ChatCompletions.answer;
import static io.saasplatform.adapter.ai.ChatCompletions.describe;
import static io.saasplatform.adapter.ai.ChatCompletions.error;
import static io.saasplatform.adapter.ai.ChatCompletions.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.saasplatform.application.port.out.AiGateway.AiUnavailableException;
import io.saasplatform.application.port.out.AiGateway.Completion;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiGateway.Role;
import io.saasplatform.application.port.out.AiGateway.TokenUsage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiCompatibleGatewayTest {
    private static final String API_KEY = "sk-test-SECRETQZXW";

    @RegisterExtension
    static WireMockExtension provider =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static AiAdapter.Settings settings() {
        return AiAdapter.Settings.defaults()
                .withApiKey(API_KEY)
                .withBaseUrl(URI.create(provider.baseUrl() + "/v1"))
                .withTimeout(Duration.ofSeconds(2))
                .withInitialBackoff(Duration.ofMillis(10))
                .withMaxRetryAfter(Duration.ofSeconds(2));
    }

    private static OpenAiCompatibleGateway gateway(AiAdapter.Settings settings) {
        return new OpenAiCompatibleGateway(settings);
    }

    @Test
    void given_provider_answers_when_completing_then_text_model_and_usage_are_parsed() {
        provider.stubFor(post(PATH).willReturn(answer("A sturdy oak table.")));

        Completion completion = gateway(settings()).complete(describe("oak table"));

        assertThat(completion.text()).isEqualTo("A sturdy oak table.");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(completion.provider()).isEqualTo("openai-compatible");
        assertThat(completion.usage()).isEqualTo(new TokenUsage(21, 7));
    }

    @Test
    void given_a_request_when_completing_then_it_posts_model_messages_and_max_tokens_with_the_bearer_key() {
        provider.stubFor(post(PATH).willReturn(answer("ok")));
        CompletionRequest request = new CompletionRequest(
                List.of(new Message(Role.SYSTEM, "Be brief."), new Message(Role.USER, "Describe \"oak\" tables")),
                "gpt-4.1-nano",
                50);

        gateway(settings()).complete(request);

        provider.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4.1-nano",
                         "messages":[{"role":"system","content":"Be brief."},
                                     {"role":"user","content":"Describe \\"oak\\" tables"}],
                         "max_tokens":50}
                        """)));
    }

    @Test
    void given_a_request_without_model_when_completing_then_the_configured_model_is_sent() {
        provider.stubFor(post(PATH).willReturn(answer("ok")));

        gateway(settings().withModel("my-default-model")).complete(describe("oak table"));

        provider.verify(postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(equalToJson("{\"model\":\"my-default-model\"}", true, true)));
    }

    @Test
    void given_a_base_url_with_trailing_slash_when_completing_then_it_posts_to_chat_completions_under_it() {
        provider.stubFor(post(PATH).willReturn(answer("ok")));

        gateway(settings().withBaseUrl(URI.create(provider.baseUrl() + "/v1/"))).complete(describe("oak"));

        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_an_answer_without_usage_when_completing_then_usage_is_estimated() {
        provider.stubFor(post(PATH).willReturn(json(200, """
                {"choices":[{"message":{"role":"assistant","content":"Twelve chars"}}]}
                """)));
        OpenAiCompatibleGateway gateway = gateway(settings().withModel("fallback-model"));
        CompletionRequest request = describe("oak table");

        Completion completion = gateway.complete(request);

        assertThat(completion.usage())
                .isEqualTo(new TokenUsage(gateway.estimatePromptTokens(request.messages()), 3));
        assertThat(completion.model()).isEqualTo("fallback-model");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"choices\":[]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":null}}]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"tool_calls\":[]}}]}",
        "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"cut",
        "<html>Bad gateway</html>"
    })
    void given_an_answer_without_usable_text_when_completing_then_unavailable_and_not_retried(String body) {
        provider.stubFor(post(PATH).willReturn(json(200, body)));

        assertThatThrownBy(() -> gateway(settings()).complete(describe("oak table")))
                .isInstanceOf(AiUnavailableException.class)
                .hasMessageContaining("AI provider");
        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_500_then_200_when_completing_then_the_retry_succeeds() {
        provider.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "server_error", "The server had an error"))
                .willSetStateTo("recovered"));
        provider.stubFor(post(PATH).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(answer("Recovered answer.")));

        Completion completion = gateway(settings()).complete(describe("oak table"));

        assertThat(completion.text()).isEqualTo("Recovered answer.");
        provider.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_persistent_503_when_completing_then_unavailable_after_max_attempts_with_exponential_backoff() {
        provider.stubFor(post(PATH).willReturn(error(503, "server_error", "overloaded")));
        OpenAiCompatibleGateway gateway = gateway(settings().withMaxAttempts(3).withInitialBackoff(Duration.ofMillis(40)));
        List<Duration> waits = recordedWaits(gateway);

        AiUnavailableException failure = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));

        assertThat(failure).hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 503");
        assertThat(failure.retryAfter()).isEmpty();
        provider.verify(3, postRequestedFor(urlEqualTo(PATH)));
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0).toMillis()).isBetween(32L, 48L);
        assertThat(waits.get(1).toMillis()).isBetween(64L, 96L);
    }

    @Test
    void given_429_with_retry_after_1_when_completing_then_it_waits_a_second_before_retrying() {
        provider.stubFor(post(PATH).inScenario("limited").whenScenarioStateIs(STARTED)
                .willReturn(error(429, "rate_limit_exceeded", "Rate limit reached").withHeader("Retry-After", "1"))
                .willSetStateTo("allowed"));
        provider.stubFor(post(PATH).inScenario("limited").whenScenarioStateIs("allowed")
                .willReturn(answer("After the wait.")));
        OpenAiCompatibleGateway gateway = gateway(settings());
        List<Duration> waits = recordedWaits(gateway);

        Completion completion = gateway.complete(describe("oak table"));

        assertThat(completion.text()).isEqualTo("After the wait.");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        List<ServeEvent> requests = new ArrayList<>(provider.getAllServeEvents());
        requests.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        assertThat(requests).hasSize(2);
        long gapMillis = requests.get(1).getRequest().getLoggedDate().getTime()
                - requests.get(0).getRequest().getLoggedDate().getTime();
        // The second request cannot start before the first answered plus one second; allow for clock granularity.
        assertThat(gapMillis).isGreaterThanOrEqualTo(990);
    }

    @Test
    void given_retry_after_beyond_the_cap_when_completing_then_it_fails_at_once_reporting_retry_after() {
        provider.stubFor(post(PATH).willReturn(
                error(429, "rate_limit_exceeded", "Rate limit reached").withHeader("Retry-After", "120")));

        long started = System.nanoTime();
        AiUnavailableException failure = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway(settings()).complete(describe("oak table")));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(failure).hasMessageContaining("HTTP 429");
        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_429_on_every_attempt_when_completing_then_the_last_retry_after_is_reported() {
        provider.stubFor(post(PATH).willReturn(
                error(429, "rate_limit_exceeded", "Rate limit reached").withHeader("retry-after-ms", "20")));

        AiUnavailableException failure = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway(settings()).complete(describe("oak table")));

        assertThat(failure.retryAfter()).contains(Duration.ofMillis(20));
        provider.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void given_a_provider_slower_than_the_timeout_when_completing_then_unavailable_within_the_bound_without_retry() {
        provider.stubFor(post(PATH).willReturn(answer("too late").withFixedDelay(3_000)));
        OpenAiCompatibleGateway gateway = gateway(settings().withTimeout(Duration.ofMillis(300)));

        long started = System.nanoTime();
        AiUnavailableException failure = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).hasMessageContaining("did not answer within 300 ms");
        assertThat(elapsed).isBetween(Duration.ofMillis(290), Duration.ofMillis(1_500));
        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(gateway.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @Test
    void given_400_when_completing_then_not_retried_and_ignored_by_the_breaker() {
        provider.stubFor(post(PATH).willReturn(
                error(400, "invalid_request_error", "This model's maximum context length is 128000 tokens")));
        OpenAiCompatibleGateway gateway = gateway(settings());

        assertThatThrownBy(() -> gateway.complete(describe("oak table")))
                .isInstanceOf(AiUnavailableException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("maximum context length");
        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(gateway.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(gateway.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isZero();
    }

    @Test
    void given_401_when_completing_then_not_retried_and_unavailable_as_a_configuration_problem() {
        provider.stubFor(post(PATH).willReturn(
                error(401, "invalid_request_error", "Incorrect API key provided: sk-tes*********QZXW")));
        OpenAiCompatibleGateway gateway = gateway(settings());

        assertThatThrownBy(() -> gateway.complete(describe("oak table")))
                .isInstanceOf(AiUnavailableException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("rejected the API key");
        provider.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(gateway.circuitBreaker().getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 500, 503})
    void given_a_provider_echoing_the_key_when_failing_then_the_key_never_appears_in_exceptions_or_logs(int status) {
        String echo = "Bad key " + API_KEY + " (sk-tes*********QZXW), Authorization: Bearer " + API_KEY;
        provider.stubFor(post(PATH).willReturn(error(status, "invalid_request_error", echo)));
        OpenAiCompatibleGateway gateway = gateway(settings());

        String logged;
        Throwable failure;
        try (CapturedStderr stderr = new CapturedStderr()) {
            failure = catchThrowableOfType(AiUnavailableException.class, () -> gateway.complete(describe("oak")));
            logged = stderr.text();
        }

        assertThat(failure).isNotNull();
        assertThat(logged).contains("HTTP " + status);
        assertThat(chainText(failure) + logged).doesNotContain("SECRET").doesNotContain("QZXW");
    }

    @Test
    void given_nothing_listening_when_completing_then_connection_errors_are_retried_and_unavailable()
            throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiCompatibleGateway gateway =
                gateway(settings().withBaseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1")));

        AiUnavailableException failure = catchThrowableOfType(
                AiUnavailableException.class, () -> gateway.complete(describe("oak table")));

        assertThat(failure).hasMessageContaining("after 3 attempts").hasRootCauseInstanceOf(IOException.class);
        assertThat(gateway.retry().getMetrics().getNumberOfFailedCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void given_a_healthy_provider_when_completing_then_the_breaker_stays_closed() {
        provider.stubFor(post(PATH).willReturn(answer("ok")));
        OpenAiCompatibleGateway gateway = gateway(settings());

        for (int i = 0; i < 12; i++) {
            gateway.complete(describe("oak table " + i));
        }

        assertThat(gateway.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(gateway.circuitBreaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(12);
    }

    private static List<Duration> recordedWaits(OpenAiCompatibleGateway gateway) {
        List<Duration> waits = new CopyOnWriteArrayList<>();
        gateway.retry().getEventPublisher().onRetry(event -> waits.add(event.getWaitInterval()));
        return waits;
    }

    private static String chainText(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
