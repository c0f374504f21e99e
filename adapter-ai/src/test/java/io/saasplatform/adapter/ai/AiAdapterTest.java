package io.saasplatform.adapter.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.AiGateway;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AiAdapterTest {

    @Test
    void given_an_api_key_when_building_from_settings_then_the_openai_compatible_gateway_is_used() {
        AiGateway gateway = AiAdapter.fromSettings(AiAdapter.Settings.defaults().withApiKey("sk-live-abc"));

        assertThat(gateway).isInstanceOf(OpenAiCompatibleGateway.class);
        assertThat(gateway.providerName()).isEqualTo("openai-compatible");
        assertThat(gateway.isLocal()).isFalse();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void given_no_api_key_when_building_from_settings_then_the_local_gateway_is_used(String apiKey) {
        AiGateway gateway = AiAdapter.fromSettings(AiAdapter.Settings.defaults().withApiKey(apiKey));

        assertThat(gateway).isInstanceOf(LocalDeterministicGateway.class);
        assertThat(gateway.providerName()).isEqualTo("local-deterministic");
        assertThat(gateway.isLocal()).isTrue();
    }

    @Test
    void given_no_api_key_when_building_the_openai_gateway_then_it_is_rejected() {
        assertThatThrownBy(() -> AiAdapter.openAiCompatible(AiAdapter.Settings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiKey is required for the OpenAI-compatible gateway");
    }

    @Test
    void given_defaults_then_they_target_openai_with_a_breaker_that_trips_in_realistic_conditions() {
        AiAdapter.Settings defaults = AiAdapter.Settings.defaults();

        assertThat(defaults.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(defaults.model()).isEqualTo("gpt-4o-mini");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.breaker()).isEqualTo(
                new AiAdapter.Breaker(20, 10, 50f, Duration.ofSeconds(15), 80f, Duration.ofSeconds(30), 3));
        assertThat(defaults.breaker().slowCallDuration()).isLessThan(defaults.timeout());
    }

    @Test
    void given_settings_with_a_key_when_printed_then_the_key_is_masked() {
        AiAdapter.Settings settings = AiAdapter.Settings.defaults().withApiKey("sk-live-SECRETQZXW");

        assertThat(settings.toString()).doesNotContain("SECRET").contains("apiKey=<redacted>");
        assertThat(settings.apiKey()).isEqualTo("sk-live-SECRETQZXW");
    }

    @Test
    void given_a_base_url_with_trailing_slashes_then_they_are_dropped() {
        AiAdapter.Settings settings =
                AiAdapter.Settings.defaults().withBaseUrl(URI.create("http://localhost:11434/v1//"));

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                invalid(s -> s.withApiKey("sk-with space"), "apiKey must not contain whitespace or control characters"),
                invalid(s -> s.withApiKey("sk-inject\r\nX-Evil: 1"), "apiKey must not contain whitespace"),
                invalid(s -> s.withBaseUrl(URI.create("ftp://example.com")), "baseUrl must be an http or https URL"),
                invalid(s -> s.withBaseUrl(URI.create("https://user:pw@example.com/v1")),
                        "baseUrl must not carry credentials; use apiKey"),
                invalid(s -> s.withBaseUrl(URI.create("https://example.com/v1?x=1")),
                        "baseUrl must not have a query or fragment"),
                invalid(s -> s.withModel(" "), "model must not be blank"),
                invalid(s -> s.withTimeout(Duration.ZERO), "timeout must be positive"),
                invalid(s -> s.withMaxAttempts(0), "maxAttempts must be at least 1"),
                invalid(s -> s.withInitialBackoff(Duration.ofMillis(-1)), "initialBackoff must not be negative"),
                invalid(s -> s.withMaxRetryAfter(Duration.ofSeconds(-1)), "maxRetryAfter must not be negative"),
                invalid(s -> s.withBreaker(new AiAdapter.Breaker(0, 1, 50f, Duration.ofSeconds(1), 80f,
                        Duration.ofSeconds(1), 1)), "slidingWindowSize must be at least 1"),
                invalid(s -> s.withBreaker(new AiAdapter.Breaker(1, 1, 0f, Duration.ofSeconds(1), 80f,
                        Duration.ofSeconds(1), 1)), "failureRateThreshold must be in (0, 100]"),
                invalid(s -> s.withBreaker(new AiAdapter.Breaker(1, 1, 50f, Duration.ofSeconds(1), 80f,
                        Duration.ZERO, 1)), "waitInOpen must be positive"),
                invalid(s -> s.withBreaker(new AiAdapter.Breaker(1, 1, 50f, Duration.ofSeconds(1), 80f,
                        Duration.ofSeconds(1), 0)), "permittedCallsInHalfOpen must be at least 1"));
    }

    private static Arguments invalid(UnaryOperator<AiAdapter.Settings> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("invalidSettings")
    void given_an_invalid_setting_then_it_is_rejected_naming_the_argument(
            UnaryOperator<AiAdapter.Settings> change, String message) {
        assertThatThrownBy(() -> change.apply(AiAdapter.Settings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .message()
                .doesNotContain("sk-");
    }
}
