package io.saasplatform.application.port.out;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * Outgoing port: idempotency keys and the first response to each, per tenant or, where no tenant applies, per user.
 * Call a tenant's keys inside {@link UnitOfWork#inTenant} (they are the tenant's data) and a user's inside
 * {@link UnitOfWork#withoutTenant}. A key whose {@code expiresAt} has passed does not exist for any method.
 */
public interface IdempotencyStore {
    /**
     * Claims {@code key} for a request with {@code fingerprint}, or reports who holds it. Claims a key that is running
     * but whose lock has lapsed (its node died). Removes the scope's expired keys on the way.
     */
    Claim claim(Scope scope, String key, byte[] fingerprint, Instant now, Instant lockedUntil, Instant expiresAt);

    /** Stores the response of a claimed key; it is replayed from now on. */
    void complete(Scope scope, String key, RecordedResponse response);

    /** Forgets a claimed key that has no response, so that a retry runs the request again. */
    void release(Scope scope, String key);

    /** Whose keys: a tenant's, or (tenant empty) a user's. */
    record Scope(UserId user, Optional<TenantId> tenant) {}

    /** The state of a key after {@link #claim}. */
    sealed interface Claim {
        /** New, or taken over from a lapsed lock: the caller runs the request. */
        record Acquired() implements Claim {}

        record Done(RecordedResponse response) implements Claim {}

        record Running(Instant lockedUntil) implements Claim {}

        /** Held by a request with another fingerprint. */
        record Mismatch() implements Claim {}
    }
}
