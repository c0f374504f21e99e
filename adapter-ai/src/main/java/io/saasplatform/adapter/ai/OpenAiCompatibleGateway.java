package io.saasplatform.adapter.ai;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.saasplatform.application.port.out.AiGateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AiGateway} over any OpenAI-compatible chat-completions API, using the JDK HTTP client.
 *
 * <p>One completion is {@code Retry(CircuitBreaker(one HTTP attempt))}: the breaker records every attempt, and an open
 * breaker is not retried. Per attempt:
 *
 * <ul>
 *   <li>2xx: {@code choices[0].message.content} and {@code usage}; usage is estimated when the provider omits it; no
 *       text at all is a failure, never an empty or partial answer.
 *   <li>408, 429, 5xx, connection errors: retried with exponential backoff, or after the provider's
 *       {@code Retry-After}/{@code retry-after-ms} when that is within {@code maxRetryAfter}; beyond it the call fails
 *       at once and reports the provider's wait.
 *   <li>Timeout (no complete answer within {@code timeout}): not retried, because a second attempt would multiply the
 *       latency the end user waits for; the breaker counts it.
 *   <li>401/403: not retried; an {@link AiUnavailableException} (not an {@code IllegalStateException}) so the metered
 *       service releases the quota reservation as for any other outage; logged at ERROR as a configuration problem
 *       and counted by the breaker, so a wrong key stops hammering the provider.
 *   <li>Other 4xx (a bad request, an unknown model, a prompt too long): not retried and ignored by the breaker, since
 *       the provider is healthy.
 * </ul>
 *
 * <p>The API key is only ever written into the {@code Authorization} header; provider error messages are redacted
 * before they reach an exception or a log line, and the body of a 401/403 (which echoes part of the key) is dropped.
 *
 * <p>Thread-safe.
 */
final class OpenAiCompatibleGateway implements AiGateway {
    static final String PROVIDER = "openai-compatible";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_DETAIL_CHARS = 200;
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(?i)(bearer\\s+\\S+|\\b(sk|pk|rk|key)-[A-Za-z0-9_\\-*.]{4,})");

    private final AiAdapter.Settings settings;
    private final URI endpoint;
    private final Clock clock;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private volatile Instant openUntil = Instant.MIN;

    OpenAiCompatibleGateway(AiAdapter.Settings settings) {
        this(settings, Clock.systemUTC());
    }

    /** {@code clock} drives the breaker's open wait and {@code Retry-After} dates, so tests can step over them. */
    OpenAiCompatibleGateway(AiAdapter.Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.hasApiKey()) {
            throw new IllegalArgumentException("apiKey is required for the OpenAI-compatible gateway");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.endpoint = URI.create(settings.baseUrl() + "/chat/completions");
        this.http = HttpClient.newBuilder()
                .connectTimeout(min(settings.timeout(), MAX_CONNECT_TIMEOUT))
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 is negotiated by ALPN over TLS; over plain http (a local server, a stub) an h2c upgrade only
                // adds a round trip and a failure mode.
                .version("https".equalsIgnoreCase(endpoint.getScheme())
                        ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .build();
        this.breaker = CircuitBreaker.of("ai-provider", breakerConfig(settings.breaker(), clock));
        this.retry = Retry.of("ai-provider", retryConfig());
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openUntil = this.clock.instant().plus(settings.breaker().waitInOpen());
            }
            LOG.warn("AI provider circuit breaker: {}", event.getStateTransition());
        });
        retry.getEventPublisher().onRetry(event -> LOG.warn(
                "AI provider attempt {} failed ({}); retrying in {} ms",
                event.getNumberOfRetryAttempts(),
                event.getLastThrowable().getMessage(),
                event.getWaitInterval().toMillis()));
        LOG.info("AI provider: {} at {} (default model {}, timeout {}, max attempts {})",
                PROVIDER, settings.baseUrl(), settings.model(), settings.timeout(), settings.maxAttempts());
    }

    @Override
    public Completion complete(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        String model = request.model() == null || request.model().isBlank() ? settings.model() : request.model();
        HttpRequest httpRequest = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(request, model)))
                .build();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Completion> guarded = CircuitBreaker.decorateSupplier(breaker, () -> {
            attempts.incrementAndGet();
            return attempt(httpRequest, request, model);
        });
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        } catch (AttemptFailed e) {
            String message = "AI provider unavailable after " + attempts.get()
                    + (attempts.get() == 1 ? " attempt: " : " attempts: ") + e.getMessage();
            if (e.misconfigured) {
                LOG.error("{}; check the configured AI API key", message);
            } else {
                LOG.warn(message);
            }
            throw new AiUnavailableException(message, e.retryAfter, e);
        } catch (CallNotPermittedException e) {
            Duration wait = remainingOpenWait();
            LOG.debug("AI call rejected: circuit breaker {} for another {}", breaker.getState(), wait);
            throw new AiUnavailableException(
                    "AI provider unavailable: circuit breaker is " + breaker.getState().name().toLowerCase(Locale.ROOT)
                            + ", retry in " + wait.toMillis() + " ms",
                    wait,
                    e);
        }
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    CircuitBreaker circuitBreaker() {
        return breaker;
    }

    Retry retry() {
        return retry;
    }

    private Completion attempt(HttpRequest httpRequest, CompletionRequest request, String model) {
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            // The request timeout alone may stop at the response headers; this bounds the body too.
            response = pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw AttemptFailed.callersFault("interrupted while waiting for the AI provider", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw AttemptFailed.retryable("could not connect to the AI provider: connect timed out", null, cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(cause);
            }
            if (cause instanceof IOException) {
                throw AttemptFailed.retryable(
                        "I/O error talking to the AI provider: " + cause.getClass().getSimpleName(), null, cause);
            }
            throw AttemptFailed.providerFault("unexpected error calling the AI provider", null, cause);
        }
        return handle(response, request, model);
    }

    private AttemptFailed timedOut(Throwable cause) {
        return AttemptFailed.providerFault(
                "AI provider did not answer within " + settings.timeout().toMillis() + " ms", null, cause);
    }

    private Completion handle(HttpResponse<String> response, CompletionRequest request, String model) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(response.body(), request, model);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> retryAfter = retryAfter(response.headers(), clock.instant());
            String detail = "HTTP " + status + errorDetail(response.body());
            if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
                throw AttemptFailed.providerFault(detail + ", provider asks to retry after "
                        + readable(retryAfter.get()) + ", more than the " + readable(settings.maxRetryAfter())
                        + " this adapter waits", retryAfter.get(), null);
            }
            throw AttemptFailed.retryable(detail, retryAfter.orElse(null), null);
        }
        if (status == 401 || status == 403) {
            // The body of a 401 echoes a masked part of the key: drop it.
            throw AttemptFailed.misconfigured("HTTP " + status + ": the provider rejected the API key");
        }
        if (status >= 400) {
            throw AttemptFailed.callersFault(
                    "HTTP " + status + ": the provider rejected the request" + errorDetail(response.body()), null);
        }
        throw AttemptFailed.providerFault("unexpected HTTP " + status + " from the AI provider", null, null);
    }

    private Completion parse(String body, CompletionRequest request, String model) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw AttemptFailed.providerFault("AI provider answered with malformed JSON", null, null);
        }
        if (root == null) {
            throw AttemptFailed.providerFault("AI provider answered with an empty body", null, null);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isTextual()) {
            throw AttemptFailed.providerFault("AI provider answered without message text", null, null);
        }
        String text = content.asText();
        JsonNode usage = root.path("usage");
        long inputTokens = tokenCount(usage.path("prompt_tokens"))
                .orElseGet(() -> estimatePromptTokens(request.messages()));
        long outputTokens = tokenCount(usage.path("completion_tokens")).orElseGet(() -> estimateTextTokens(text));
        JsonNode answeredModel = root.path("model");
        return new Completion(
                text,
                answeredModel.isTextual() && !answeredModel.asText().isBlank() ? answeredModel.asText() : model,
                PROVIDER,
                new TokenUsage(inputTokens, outputTokens));
    }

    private static Optional<Long> tokenCount(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0
                ? Optional.of(node.asLong())
                : Optional.empty();
    }

    /** Same ~4 characters per token rule as the prompt estimate, rounded up. */
    static long estimateTextTokens(String text) {
        return (text.length() + 3) / 4;
    }

    private static byte[] requestBody(CompletionRequest request, String model) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        for (Message message : request.messages()) {
            messages.addObject()
                    .put("role", message.role().name().toLowerCase(Locale.ROOT))
                    .put("content", message.content());
        }
        root.put("max_tokens", request.maxOutputTokens());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialise a chat completion request", e);
        }
    }

    /** The provider's {@code error.type}/{@code code}/{@code message}, redacted and shortened, or "". */
    private String errorDetail(String body) {
        JsonNode error;
        try {
            error = body == null || body.isBlank() ? null : JSON.readTree(body).path("error");
        } catch (JacksonException e) {
            return "";
        }
        if (error == null || !error.isObject()) {
            return "";
        }
        StringBuilder detail = new StringBuilder();
        for (String field : List.of("type", "code", "message")) {
            JsonNode value = error.path(field);
            if (value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
                detail.append(detail.isEmpty() ? " (" : ", ").append(field).append('=').append(value.asText());
            }
        }
        if (detail.isEmpty()) {
            return "";
        }
        String redacted = redact(detail.toString());
        if (redacted.length() > MAX_DETAIL_CHARS) {
            redacted = redacted.substring(0, MAX_DETAIL_CHARS) + "…";
        }
        return redacted + ")";
    }

    private String redact(String text) {
        return SECRET_LIKE
                .matcher(text.replace(settings.apiKey(), "[redacted]"))
                .replaceAll("[redacted]");
    }

    private Duration remainingOpenWait() {
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            Duration remaining = Duration.between(clock.instant(), openUntil);
            return remaining.isNegative() ? Duration.ZERO : remaining;
        }
        // Half-open with every probe in flight: the probes settle within one attempt timeout.
        return settings.timeout();
    }

    /**
     * The wait a 408/429/5xx response asks for: {@code retry-after-ms} (OpenAI), else {@code Retry-After} as seconds
     * or an HTTP date; empty when absent or unreadable.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                double value = Double.parseDouble(millis.get().strip());
                if (value >= 0 && Double.isFinite(value)) {
                    return Optional.of(Duration.ofMillis((long) Math.ceil(value)));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> header = headers.firstValue("retry-after").map(String::strip);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException tooLarge) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private long waitBeforeRetry(int failedAttempts, Throwable failure) {
        if (failure instanceof AttemptFailed f && f.retryAfter != null) {
            return f.retryAfter.toMillis();
        }
        long base = settings.initialBackoff().toMillis();
        double exponential = base * Math.pow(2, Math.max(0, failedAttempts - 1));
        // Jitter spreads the retries of many callers hit by the same outage.
        double jittered = exponential * ThreadLocalRandom.current().nextDouble(0.8, 1.2);
        return (long) Math.min(jittered, settings.maxRetryAfter().toMillis());
    }

    private RetryConfig retryConfig() {
        return RetryConfig.<Completion>custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(t -> t instanceof AttemptFailed f && f.retryable)
                .intervalBiFunction((Integer attempt, Either<Throwable, Completion> outcome) ->
                        waitBeforeRetry(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .build();
    }

    private static CircuitBreakerConfig breakerConfig(AiAdapter.Breaker breaker, Clock clock) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .slowCallDurationThreshold(breaker.slowCallDuration())
                .slowCallRateThreshold(breaker.slowCallRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.permittedCallsInHalfOpen())
                .recordException(t -> t instanceof AttemptFailed f && f.providerFault)
                .ignoreException(t -> t instanceof AttemptFailed f && !f.providerFault)
                .clock(clock)
                .build();
    }

    private static String readable(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One failed HTTP attempt, classified for the Retry (retryable) and the CircuitBreaker (providerFault). */
    static final class AttemptFailed extends RuntimeException {
        final boolean retryable;
        final boolean providerFault;
        final boolean misconfigured;
        final Duration retryAfter;

        private AttemptFailed(
                String message,
                boolean retryable,
                boolean providerFault,
                boolean misconfigured,
                Duration retryAfter,
                Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
            this.providerFault = providerFault;
            this.misconfigured = misconfigured;
            this.retryAfter = retryAfter;
        }

        static AttemptFailed retryable(String message, Duration retryAfter, Throwable cause) {
            return new AttemptFailed(message, true, true, false, retryAfter, cause);
        }

        static AttemptFailed providerFault(String message, Duration retryAfter, Throwable cause) {
            return new AttemptFailed(message, false, true, false, retryAfter, cause);
        }

        static AttemptFailed misconfigured(String message) {
            return new AttemptFailed(message, false, true, true, null, null);
        }

        static AttemptFailed callersFault(String message, Throwable cause) {
            return new AttemptFailed(message, false, false, false, null, cause);
        }
    }
}
