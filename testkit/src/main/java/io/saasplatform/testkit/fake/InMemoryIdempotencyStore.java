package io.saasplatform.testkit.fake;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.application.port.out.IdempotencyStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** In-memory {@link IdempotencyStore}: one map under one lock, the key's owner being the tenant or else the user. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Id(UUID owner, boolean tenant, String key) {}

    private record Entry(byte[] fingerprint, Instant lockedUntil, Instant expiresAt, RecordedResponse response) {}

    private final Map<Id, Entry> entries = new HashMap<>();

    @Override
    public synchronized Claim claim(Scope scope, String key, byte[] fingerprint, Instant now, Instant lockedUntil,
            Instant expiresAt) {
        Id id = id(scope, key);
        Entry entry = entries.get(id);
        if (entry == null || !entry.expiresAt().isAfter(now)) {
            entries.put(id, new Entry(fingerprint.clone(), lockedUntil, expiresAt, null));
            return new Claim.Acquired();
        }
        if (!Arrays.equals(entry.fingerprint(), fingerprint)) {
            return new Claim.Mismatch();
        }
        if (entry.response() != null) {
            return new Claim.Done(entry.response());
        }
        if (entry.lockedUntil().isAfter(now)) {
            return new Claim.Running(entry.lockedUntil());
        }
        entries.put(id, new Entry(entry.fingerprint(), lockedUntil, entry.expiresAt(), null));
        return new Claim.Acquired();
    }

    @Override
    public synchronized void complete(Scope scope, String key, RecordedResponse response) {
        entries.computeIfPresent(id(scope, key),
                (id, entry) -> new Entry(entry.fingerprint(), entry.lockedUntil(), entry.expiresAt(), response));
    }

    @Override
    public synchronized void release(Scope scope, String key) {
        Id id = id(scope, key);
        Entry entry = entries.get(id);
        if (entry != null && entry.response() == null) {
            entries.remove(id);
        }
    }

    private static Id id(Scope scope, String key) {
        Optional<UUID> tenant = scope.tenant().map(t -> t.value());
        return new Id(tenant.orElseGet(() -> scope.user().value()), tenant.isPresent(), key);
    }
}
