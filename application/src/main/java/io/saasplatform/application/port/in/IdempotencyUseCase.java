package io.saasplatform.application.port.in;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Incoming port: makes a request that creates or spends safe to retry. A driving adapter asks {@link #begin} before
 * running the use case, and either {@link #complete}s the key with the response or {@link #abandon}s it when the use
 * case failed (nothing was committed, so a retry may run it again).
 */
public interface IdempotencyUseCase {
    /** Longest key accepted (the IETF Idempotency-Key draft leaves it to the server; Stripe uses 255). */
    int MAX_KEY_LENGTH = 255;

    Outcome begin(Request request);

    void complete(Request request, RecordedResponse response);

    void abandon(Request request);

    /**
     * One attempt: {@code tenant} empty scopes the key to the user (no tenant applies, as for opening a tenant);
     * {@code fingerprint} identifies the request (caller, method, path, body), so a key reused for another request
     * is told apart from a retry.
     */
    record Request(UserId user, Optional<TenantId> tenant, String key, byte[] fingerprint) {
        public Request {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(tenant, "tenant");
            validKey(key);
            fingerprint = fingerprint.clone();
        }

        @Override
        public byte[] fingerprint() {
            return fingerprint.clone();
        }
    }

    /** Checks an {@code Idempotency-Key}: 1 to 255 visible ASCII characters. */
    static String validKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidValueException("Idempotency-Key",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return key;
    }

    /** What to do with the request. */
    sealed interface Outcome {
        /** The key is ours: run the use case, then complete or abandon. */
        record Proceed() implements Outcome {}

        /** Answered before: send this again, run nothing. */
        record Replay(RecordedResponse response) implements Outcome {}

        /** The first attempt is still running: 409, retry after the given time. */
        record InProgress(Duration retryAfter) implements Outcome {}

        /** The key was used for a different request: 422. */
        record KeyReused() implements Outcome {}
    }
}
