package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.util.UUID;

/** Incoming port of the worker: one delivery attempt of one outbox message, as its tenant. */
public interface MailDelivery {
    /** Tries to deliver the message once and says what the worker should do next. */
    Outcome deliver(TenantId tenant, UUID messageId);

    /** What became of one attempt. */
    sealed interface Outcome {}

    /** Accepted by the provider; the body is erased. */
    record Delivered(String providerMessageId) implements Outcome {}

    /** A transient failure: try again at {@code at}. */
    record RetryAt(Instant at, String reason) implements Outcome {}

    /** A permanent failure, or attempts exhausted: the message is kept as dead, never retried by the worker. */
    record Dead(String reason) implements Outcome {}

    /** Nothing to do: the message was already delivered or dead (a repeated execution), or does not exist. */
    record Gone() implements Outcome {}
}
