package io.saasplatform.adapter.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.AiGateway;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Driven adapter entry point for the {@link AiGateway} port: builds the OpenAI-compatible gateway when an API key is
 * configured, the local deterministic one otherwise.
 *
 * <p>The bootstrap calls {@link #fromSettings(Settings)}; tests in other modules call
 * {@link #openAiCompatible(Settings)} with a stub {@link Settings#baseUrl() baseUrl} and short durations.
 */
public final class AiAdapter {
    private AiAdapter() {}

    /** The OpenAI-compatible gateway when {@code settings} has an API key, else the local deterministic gateway. */
    public static AiGateway fromSettings(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return settings.hasApiKey() ? openAiCompatible(settings) : localDeterministic();
    }

    /**
     * A gateway calling {@code POST {baseUrl}/chat/completions} with retry, timeout and circuit breaker.
     *
     * @throws IllegalArgumentException when {@code settings} has no API key
     */
    public static AiGateway openAiCompatible(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.hasApiKey()) {
            throw new IllegalArgumentException("apiKey is required for the OpenAI-compatible gateway");
        }
        return new OpenAiCompatibleGateway(settings);
    }

    /**
     * {@code gateway} with its calls timed by outcome, and its circuit breaker's state published, in {@code registry}.
     */
    public static AiGateway metered(AiGateway gateway, MeterRegistry registry) {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(registry, "registry");
        return new MeteredGateway(gateway, registry);
    }

    /** A gateway that answers offline with text derived from the prompt; logs a WARN that it is not a real model. */
    public static AiGateway localDeterministic() {
        return new LocalDeterministicGateway();
    }

    /**
     * Configuration of the AI adapter. Start from {@link #defaults()} and adjust with the {@code with*} methods.
     *
     * @param apiKey provider API key; {@code null} or blank selects the local deterministic gateway. Never printed:
     *     {@link #toString()} masks it
     * @param baseUrl API root, {@code http} or {@code https}, without credentials; requests go to
     *     {@code {baseUrl}/chat/completions} (a trailing slash is dropped)
     * @param model model used when a request names none
     * @param timeout budget of one HTTP attempt, response body included; a timed-out attempt is not retried
     * @param maxAttempts attempts per completion, the first included (1 disables retries)
     * @param initialBackoff wait before the second attempt; doubles for each further attempt (with ±20% jitter)
     * @param maxRetryAfter longest wait the adapter accepts between attempts; a provider {@code Retry-After} beyond it
     *     fails the call at once, reporting the provider's value in {@link AiGateway.AiUnavailableException#retryAfter()}
     * @param breaker circuit breaker around each HTTP attempt
     */
    public record Settings(
            String apiKey,
            URI baseUrl,
            String model,
            Duration timeout,
            int maxAttempts,
            Duration initialBackoff,
            Duration maxRetryAfter,
            Breaker breaker) {
        public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
        public static final String DEFAULT_MODEL = "gpt-4o-mini";

        public Settings {
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            if (apiKey != null && apiKey.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("apiKey must not contain whitespace or control characters");
            }
            baseUrl = normalize(Objects.requireNonNull(baseUrl, "baseUrl"));
            Objects.requireNonNull(model, "model");
            if (model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            requirePositive(timeout, "timeout");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            requireNotNegative(initialBackoff, "initialBackoff");
            requireNotNegative(maxRetryAfter, "maxRetryAfter");
            Objects.requireNonNull(breaker, "breaker");
        }

        /**
         * No API key (so the local gateway), {@link #DEFAULT_BASE_URL}, {@link #DEFAULT_MODEL}, 20 s timeout, 3
         * attempts, 500 ms initial backoff, 10 s maximum {@code Retry-After}, {@link Breaker#defaults()}.
         */
        public static Settings defaults() {
            return new Settings(
                    null,
                    DEFAULT_BASE_URL,
                    DEFAULT_MODEL,
                    Duration.ofSeconds(20),
                    3,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(10),
                    Breaker.defaults());
        }

        public boolean hasApiKey() {
            return apiKey != null;
        }

        public Settings withApiKey(String apiKey) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withBaseUrl(URI baseUrl) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withModel(String model) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withTimeout(Duration timeout) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withMaxAttempts(int maxAttempts) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withInitialBackoff(Duration initialBackoff) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withMaxRetryAfter(Duration maxRetryAfter) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        public Settings withBreaker(Breaker breaker) {
            return new Settings(apiKey, baseUrl, model, timeout, maxAttempts, initialBackoff, maxRetryAfter, breaker);
        }

        /** Masks the API key: settings end up in logs and exception messages. */
        @Override
        public String toString() {
            return "Settings[apiKey=" + (apiKey == null ? "<none>" : "<redacted>")
                    + ", baseUrl=" + baseUrl
                    + ", model=" + model
                    + ", timeout=" + timeout
                    + ", maxAttempts=" + maxAttempts
                    + ", initialBackoff=" + initialBackoff
                    + ", maxRetryAfter=" + maxRetryAfter
                    + ", breaker=" + breaker + "]";
        }

        private static URI normalize(URI baseUrl) {
            String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL");
            }
            if (baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must name a host");
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl must not carry credentials; use apiKey");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl must not have a query or fragment");
            }
            String text = baseUrl.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            return URI.create(text);
        }
    }

    /**
     * Circuit breaker around each HTTP attempt (COUNT_BASED sliding window). Timeouts, 5xx, 429, 401/403, connection
     * errors and unusable answers count as failures; other 4xx (the request's fault, not the provider's) are ignored.
     *
     * @param slidingWindowSize attempts the failure and slow-call rates are computed over
     * @param minimumNumberOfCalls attempts recorded before the breaker may open
     * @param failureRateThreshold percentage of failed attempts that opens the breaker
     * @param slowCallDuration attempts slower than this count as slow; keep it a little under the timeout
     * @param slowCallRateThreshold percentage of slow attempts that opens the breaker
     * @param waitInOpen how long the breaker rejects calls before letting probes through
     * @param permittedCallsInHalfOpen probe attempts whose outcome closes or reopens the breaker
     */
    public record Breaker(
            int slidingWindowSize,
            int minimumNumberOfCalls,
            float failureRateThreshold,
            Duration slowCallDuration,
            float slowCallRateThreshold,
            Duration waitInOpen,
            int permittedCallsInHalfOpen) {
        public Breaker {
            if (slidingWindowSize < 1) {
                throw new IllegalArgumentException("slidingWindowSize must be at least 1");
            }
            if (minimumNumberOfCalls < 1) {
                throw new IllegalArgumentException("minimumNumberOfCalls must be at least 1");
            }
            requirePercentage(failureRateThreshold, "failureRateThreshold");
            requirePositive(slowCallDuration, "slowCallDuration");
            requirePercentage(slowCallRateThreshold, "slowCallRateThreshold");
            requirePositive(waitInOpen, "waitInOpen");
            if (permittedCallsInHalfOpen < 1) {
                throw new IllegalArgumentException("permittedCallsInHalfOpen must be at least 1");
            }
        }

        /**
         * Window of 20 attempts, at least 10 recorded, opens at 50% failures or 80% of attempts slower than 15 s
         * (with the default 20 s timeout), stays open 30 s, then 3 probes decide.
         */
        public static Breaker defaults() {
            return new Breaker(20, 10, 50f, Duration.ofSeconds(15), 80f, Duration.ofSeconds(30), 3);
        }

        private static void requirePercentage(float value, String name) {
            if (!(value > 0f && value <= 100f)) {
                throw new IllegalArgumentException(name + " must be in (0, 100]");
            }
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireNotNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
