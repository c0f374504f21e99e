package io.saasplatform.adapter.ai;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.saasplatform.application.port.out.AiGateway;
import java.util.List;
import java.util.Locale;

/**
 * Times every provider call as {@code ai_provider_calls_seconds{provider, outcome="success|unavailable|error"}} (with
 * histogram buckets) and, for a gateway with a circuit breaker, publishes
 * {@code ai_provider_circuit_state{state="closed|open|half_open|…"}}: 1 for the breaker's current state, 0 for the
 * others.
 */
final class MeteredGateway implements AiGateway {
    static final String CALLS = "ai.provider.calls";
    static final String CIRCUIT = "ai.provider.circuit.state";

    private final AiGateway delegate;
    private final MeterRegistry registry;

    MeteredGateway(AiGateway delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
        if (delegate instanceof OpenAiCompatibleGateway openAi) {
            CircuitBreaker breaker = openAi.circuitBreaker();
            for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                Gauge.builder(CIRCUIT, breaker, b -> b.getState() == state ? 1 : 0)
                        .description("AI provider circuit breaker: 1 for the current state")
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    @Override
    public Completion complete(CompletionRequest request) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "error";
        try {
            Completion completion = delegate.complete(request);
            outcome = "success";
            return completion;
        } catch (AiUnavailableException e) {
            outcome = "unavailable";
            throw e;
        } finally {
            sample.stop(Timer.builder(CALLS)
                    .description("AI provider completions by outcome")
                    .tag("provider", delegate.providerName())
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .register(registry));
        }
    }

    @Override
    public String providerName() {
        return delegate.providerName();
    }

    @Override
    public boolean isLocal() {
        return delegate.isLocal();
    }

    @Override
    public long estimatePromptTokens(List<Message> messages) {
        return delegate.estimatePromptTokens(messages);
    }
}
