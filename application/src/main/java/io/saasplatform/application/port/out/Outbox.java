package io.saasplatform.application.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Outgoing port: the bound tenant's outbox of sealed messages. {@link #enqueue} joins the caller's unit of work, so a
 * message is stored (and its delivery scheduled) exactly when the business change that sends it commits.
 */
public interface Outbox {
    /** Stores a pending message and schedules its first delivery attempt, in the current unit of work. */
    void enqueue(UUID id, byte[] sealedBody, Instant createdAt);

    /** The message if it is still pending; empty once delivered or dead (a repeated execution then does nothing). */
    Optional<PendingMessage> findPending(UUID id);

    /** Marks it delivered with the provider's id and erases its body; false when it was no longer pending. */
    boolean markDelivered(UUID id, String providerMessageId, Instant at);

    /** Records a failed attempt that will be retried at {@code nextAttemptAt}. */
    void recordFailedAttempt(UUID id, int attempts, String error, Instant at, Instant nextAttemptAt);

    /** Marks it dead, keeping the row (and its sealed body, for a retry by an operator) with the reason. */
    void markDead(UUID id, int attempts, String reason, Instant at);

    /** A message waiting for delivery; {@code attempts} counts the attempts made so far. */
    record PendingMessage(UUID id, byte[] sealedBody, int attempts) {}
}
