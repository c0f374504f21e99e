package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.OUTBOX_MESSAGES;

import io.saasplatform.domain.BackgroundWork;
import io.saasplatform.application.port.out.Outbox;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;

/**
 * The bound tenant's outbox (row-level security, plus explicit {@code tenant_id = ?} predicates). {@link #enqueue}
 * writes the message and its db-scheduler execution in the caller's transaction.
 */
final class JooqOutbox implements Outbox {
    private static final String PENDING = "pending";

    private final JooqUnitOfWork unitOfWork;

    JooqOutbox(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void enqueue(UUID id, byte[] sealedBody, Instant createdAt) {
        Transaction transaction = unitOfWork.transaction();
        transaction.dsl().insertInto(OUTBOX_MESSAGES)
                .set(OUTBOX_MESSAGES.TENANT_ID, unitOfWork.require().value())
                .set(OUTBOX_MESSAGES.ID, id)
                .set(OUTBOX_MESSAGES.KIND, "email")
                .set(OUTBOX_MESSAGES.STATUS, PENDING)
                .set(OUTBOX_MESSAGES.SEALED_BODY, sealedBody)
                .set(OUTBOX_MESSAGES.CREATED_AT, column(createdAt))
                .set(OUTBOX_MESSAGES.NEXT_ATTEMPT_AT, column(createdAt))
                .execute();
        ScheduledExecutions.schedule(
                transaction.dsl(), new BackgroundWork(BackgroundWork.Kind.OUTBOX_DELIVERY, unitOfWork.require(), id), createdAt);
    }

    @Override
    public Optional<PendingMessage> findPending(UUID id) {
        return unitOfWork.transaction().dsl()
                .select(OUTBOX_MESSAGES.ID, OUTBOX_MESSAGES.SEALED_BODY, OUTBOX_MESSAGES.ATTEMPTS)
                .from(OUTBOX_MESSAGES)
                .where(byId(id), OUTBOX_MESSAGES.STATUS.eq(PENDING))
                .fetchOptional(r -> new PendingMessage(r.value1(), r.value2(), r.value3()));
    }

    @Override
    public boolean markDelivered(UUID id, String providerMessageId, Instant at) {
        return unitOfWork.transaction().dsl().update(OUTBOX_MESSAGES)
                        .set(OUTBOX_MESSAGES.STATUS, "delivered")
                        .set(OUTBOX_MESSAGES.SEALED_BODY, (byte[]) null)
                        .set(OUTBOX_MESSAGES.ATTEMPTS, OUTBOX_MESSAGES.ATTEMPTS.plus(1))
                        .set(OUTBOX_MESSAGES.LAST_ATTEMPT_AT, column(at))
                        .set(OUTBOX_MESSAGES.DELIVERED_AT, column(at))
                        .set(OUTBOX_MESSAGES.NEXT_ATTEMPT_AT, (java.time.OffsetDateTime) null)
                        .set(OUTBOX_MESSAGES.PROVIDER_MESSAGE_ID, providerMessageId)
                        .where(byId(id), OUTBOX_MESSAGES.STATUS.eq(PENDING))
                        .execute()
                == 1;
    }

    @Override
    public void recordFailedAttempt(UUID id, int attempts, String error, Instant at, Instant nextAttemptAt) {
        unitOfWork.transaction().dsl().update(OUTBOX_MESSAGES)
                .set(OUTBOX_MESSAGES.ATTEMPTS, attempts)
                .set(OUTBOX_MESSAGES.LAST_ATTEMPT_AT, column(at))
                .set(OUTBOX_MESSAGES.LAST_ERROR, error)
                .set(OUTBOX_MESSAGES.NEXT_ATTEMPT_AT, column(nextAttemptAt))
                .where(byId(id), OUTBOX_MESSAGES.STATUS.eq(PENDING))
                .execute();
    }

    @Override
    public void markDead(UUID id, int attempts, String reason, Instant at) {
        unitOfWork.transaction().dsl().update(OUTBOX_MESSAGES)
                .set(OUTBOX_MESSAGES.STATUS, "dead")
                .set(OUTBOX_MESSAGES.ATTEMPTS, attempts)
                .set(OUTBOX_MESSAGES.LAST_ATTEMPT_AT, column(at))
                .set(OUTBOX_MESSAGES.LAST_ERROR, reason)
                .set(OUTBOX_MESSAGES.DEAD_AT, column(at))
                .set(OUTBOX_MESSAGES.NEXT_ATTEMPT_AT, (java.time.OffsetDateTime) null)
                .where(byId(id), OUTBOX_MESSAGES.STATUS.eq(PENDING))
                .execute();
    }

    private Condition byId(UUID id) {
        return OUTBOX_MESSAGES.TENANT_ID.eq(unitOfWork.require().value()).and(OUTBOX_MESSAGES.ID.eq(id));
    }
}
