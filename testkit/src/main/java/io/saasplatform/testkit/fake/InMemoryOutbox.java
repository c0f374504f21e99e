package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Test fake of the {@link Outbox} port that mimics row-level security (only the bound tenant's messages are visible)
 * and takes part in in-memory transactions, so a rolled-back unit of work leaves no message behind.
 */
public final class InMemoryOutbox implements Outbox, InMemoryUnitOfWork.Participant {
    /** One stored message as the table would hold it. */
    public record Row(TenantId tenant, UUID id, String status, byte[] sealedBody, int attempts, Optional<String> error,
            Optional<Instant> nextAttemptAt, Optional<String> providerMessageId) {}

    private final InMemoryUnitOfWork unitOfWork;
    private Map<UUID, Row> rows = new LinkedHashMap<>();

    public InMemoryOutbox(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public void enqueue(UUID id, byte[] sealedBody, Instant createdAt) {
        TenantId tenant = unitOfWork.require();
        rows.put(id, new Row(tenant, id, "pending", sealedBody.clone(), 0, Optional.empty(), Optional.of(createdAt),
                Optional.empty()));
    }

    @Override
    public Optional<PendingMessage> findPending(UUID id) {
        return pending(id)
                .map(r -> new PendingMessage(r.id(), r.sealedBody().clone(), r.attempts()));
    }

    @Override
    public boolean markDelivered(UUID id, String providerMessageId, Instant at) {
        Optional<Row> row = pending(id);
        row.ifPresent(r -> rows.put(id, new Row(r.tenant(), id, "delivered", null, r.attempts() + 1, r.error(),
                Optional.empty(), Optional.of(providerMessageId))));
        return row.isPresent();
    }

    @Override
    public void recordFailedAttempt(UUID id, int attempts, String error, Instant at, Instant nextAttemptAt) {
        pending(id).ifPresent(r -> rows.put(id, new Row(r.tenant(), id, r.status(), r.sealedBody(), attempts,
                Optional.of(error), Optional.of(nextAttemptAt), Optional.empty())));
    }

    @Override
    public void markDead(UUID id, int attempts, String reason, Instant at) {
        pending(id).ifPresent(r -> rows.put(id, new Row(r.tenant(), id, "dead", r.sealedBody(), attempts,
                Optional.of(reason), Optional.empty(), Optional.empty())));
    }

    /** Every row of every tenant, for assertions. */
    public List<Row> allRows() {
        return List.copyOf(rows.values());
    }

    /** Only a pending message changes: a repeated or late execution leaves a delivered or dead one as it is. */
    private Optional<Row> pending(UUID id) {
        return visible(id).filter(r -> r.status().equals("pending"));
    }

    private Optional<Row> visible(UUID id) {
        Optional<TenantId> bound = unitOfWork.current();
        return Optional.ofNullable(rows.get(id)).filter(r -> bound.equals(Optional.of(r.tenant())));
    }

    @Override
    public Object snapshot() {
        return new LinkedHashMap<>(rows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        rows = new LinkedHashMap<>((Map<UUID, Row>) snapshot);
    }
}
