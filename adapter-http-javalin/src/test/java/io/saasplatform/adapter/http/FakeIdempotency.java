package io.saasplatform.adapter.http;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.application.port.in.IdempotencyUseCase;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Idempotency keys in a map: the first request proceeds, a retry replays, a running key answers at once. */
final class FakeIdempotency implements IdempotencyUseCase {
    private record Id(Optional<?> tenant, Object user, String key) {}

    private record Entry(byte[] fingerprint, RecordedResponse response) {}

    private final Map<Id, Entry> entries = new HashMap<>();

    private static Id id(Request request) {
        return new Id(request.tenant(), request.tenant().isPresent() ? null : request.user(), request.key());
    }

    @Override
    public synchronized Outcome begin(Request request) {
        Entry entry = entries.get(id(request));
        if (entry == null) {
            entries.put(id(request), new Entry(request.fingerprint(), null));
            return new Outcome.Proceed();
        }
        if (!Arrays.equals(entry.fingerprint(), request.fingerprint())) {
            return new Outcome.KeyReused();
        }
        return entry.response() == null
                ? new Outcome.InProgress(Duration.ofSeconds(1))
                : new Outcome.Replay(entry.response());
    }

    @Override
    public synchronized void complete(Request request, RecordedResponse response) {
        entries.computeIfPresent(id(request), (id, entry) -> new Entry(entry.fingerprint(), response));
    }

    @Override
    public synchronized void abandon(Request request) {
        entries.remove(id(request));
    }
}
