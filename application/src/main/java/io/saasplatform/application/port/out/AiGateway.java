package io.saasplatform.application.port.out;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: a provider-neutral chat completion (an OpenAI-compatible API in production, a local deterministic
 * provider offline).
 *
 * <p>Only the application's metered AI service calls this port, so every call is reserved against the tenant's quota
 * before it is made and settled after.
 */
public interface AiGateway {
    /**
     * Runs one completion; {@link AiUnavailableException} when the provider cannot answer (timeout, 5xx, 429 after
     * retries, circuit open). Never returns partial text.
     */
    Completion complete(CompletionRequest request);

    /** Which provider answers ("openai-compatible", "local-deterministic"), for responses and logs. */
    String providerName();

    /** Whether answers come from the local deterministic provider rather than a real model. */
    boolean isLocal();

    /** A rough upper estimate of the prompt tokens of {@code messages} (used to size quota reservations). */
    default long estimatePromptTokens(List<Message> messages) {
        long chars = 0;
        for (Message m : messages) {
            chars += m.content().length() + 8;
        }
        // ~4 characters per token for English text; round up and add the chat framing overhead.
        return (chars + 3) / 4 + 8;
    }

    /** Who speaks a chat message. */
    enum Role {
        SYSTEM,
        USER,
        ASSISTANT
    }

    /** One chat message of a completion request. */
    record Message(Role role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    /** {@code model} may be null to use the adapter's configured default model. */
    record CompletionRequest(List<Message> messages, String model, int maxOutputTokens) {
        public CompletionRequest {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("messages must not be empty");
            }
            if (maxOutputTokens < 1) {
                throw new IllegalArgumentException("maxOutputTokens must be positive");
            }
        }
    }

    /** A provider's answer: its text, the model and provider that wrote it, and the tokens it cost. */
    record Completion(String text, String model, String provider, TokenUsage usage) {
        public Completion {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /** Tokens a completion cost, as the provider counted them. */
    record TokenUsage(long inputTokens, long outputTokens) {
        public TokenUsage {
            if (inputTokens < 0 || outputTokens < 0) {
                throw new IllegalArgumentException("token counts must not be negative");
            }
        }

        public long totalTokens() {
            return inputTokens + outputTokens;
        }
    }

    /** The provider could not answer; {@link #retryAfter()} when it said how long to wait (or the breaker is open). */
    final class AiUnavailableException extends RuntimeException {
        private final Duration retryAfter;

        public AiUnavailableException(String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }

        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }
}
