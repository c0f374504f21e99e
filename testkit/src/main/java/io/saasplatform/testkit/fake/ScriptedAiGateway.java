package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.AiGateway;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Test fake of the {@link AiGateway} port: answers each call with the next scripted outcome (a completion or an
 * exception) and records the requests it received. Given the {@link InMemoryUnitOfWork}, it refuses to be called
 * inside a unit of work, so a test fails when a service holds a transaction open across a slow provider call.
 */
public final class ScriptedAiGateway implements AiGateway {
    public static final String PROVIDER = "scripted";
    public static final String MODEL = "scripted-model";

    private final Optional<InMemoryUnitOfWork> unitOfWork;
    private final boolean local;
    private final Deque<Function<CompletionRequest, Completion>> script = new ArrayDeque<>();
    private final List<CompletionRequest> requests = new ArrayList<>();

    public ScriptedAiGateway(InMemoryUnitOfWork unitOfWork, boolean local) {
        this.unitOfWork = Optional.of(Objects.requireNonNull(unitOfWork, "unitOfWork"));
        this.local = local;
    }

    public ScriptedAiGateway(InMemoryUnitOfWork unitOfWork) {
        this(unitOfWork, false);
    }

    public ScriptedAiGateway() {
        this.unitOfWork = Optional.empty();
        this.local = false;
    }

    /** The next call answers {@code text} with this usage. */
    public synchronized ScriptedAiGateway willAnswer(String text, long inputTokens, long outputTokens) {
        script.add(request -> new Completion(text, MODEL, PROVIDER, new TokenUsage(inputTokens, outputTokens)));
        return this;
    }

    /**
     * The next call runs {@code duringCall} (to change the world while the provider "thinks") and then answers
     * {@code text} with this usage.
     */
    public synchronized ScriptedAiGateway willAnswerAfter(
            Runnable duringCall, String text, long inputTokens, long outputTokens) {
        Objects.requireNonNull(duringCall, "duringCall");
        script.add(request -> {
            duringCall.run();
            return new Completion(text, MODEL, PROVIDER, new TokenUsage(inputTokens, outputTokens));
        });
        return this;
    }

    /** The next call fails as an unavailable provider, optionally saying when to retry. */
    public synchronized ScriptedAiGateway willBeUnavailable(Duration retryAfter) {
        script.add(request -> {
            throw new AiUnavailableException("provider unavailable (scripted)", retryAfter, null);
        });
        return this;
    }

    /** The next call fails with {@code failure}. */
    public synchronized ScriptedAiGateway willFail(RuntimeException failure) {
        Objects.requireNonNull(failure, "failure");
        script.add(request -> {
            throw failure;
        });
        return this;
    }

    @Override
    public Completion complete(CompletionRequest request) {
        unitOfWork.ifPresent(uow -> {
            if (uow.active()) {
                throw new IllegalStateException("the AI provider was called inside a unit of work");
            }
        });
        Function<CompletionRequest, Completion> next;
        synchronized (this) {
            requests.add(request);
            next = script.poll();
        }
        if (next == null) {
            throw new IllegalStateException("no scripted answer left for " + request);
        }
        return next.apply(request);
    }

    @Override
    public String providerName() {
        return PROVIDER;
    }

    @Override
    public boolean isLocal() {
        return local;
    }

    /** Every request received so far, oldest first. */
    public synchronized List<CompletionRequest> requests() {
        return List.copyOf(requests);
    }
}
