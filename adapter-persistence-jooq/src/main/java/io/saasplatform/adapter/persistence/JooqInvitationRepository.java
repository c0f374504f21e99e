package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.schema.Tables.INVITATIONS;

import io.saasplatform.adapter.persistence.schema.tables.records.InvitationsRecord;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Invitations of the bound tenant; only the token's hash is stored. Row-level security is the guard, the explicit
 * {@code tenant_id = ?} predicates state the intent (as in {@link JooqMembershipRepository}).
 */
final class JooqInvitationRepository implements InvitationRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqInvitationRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void insert(Invitation invitation, byte[] tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        // No Java-side tenant check: an invitation of another tenant reaches PostgreSQL, whose WITH CHECK refuses it.
        unitOfWork.transaction().dsl()
                .insertInto(INVITATIONS)
                .set(INVITATIONS.ID, invitation.id())
                .set(INVITATIONS.TENANT_ID, invitation.tenantId().value())
                .set(INVITATIONS.EMAIL, invitation.email().value())
                .set(INVITATIONS.ROLE, invitation.role().wireName())
                .set(INVITATIONS.TOKEN_HASH, tokenHash)
                .set(INVITATIONS.INVITED_BY, invitation.invitedBy().value())
                .set(INVITATIONS.CREATED_AT, column(invitation.createdAt()))
                .set(INVITATIONS.EXPIRES_AT, column(invitation.expiresAt()))
                .set(INVITATIONS.ACCEPTED_AT, column(invitation.acceptedAt().orElse(null)))
                .execute();
    }

    @Override
    public Optional<Invitation> findByTokenHash(byte[] tokenHash) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(INVITATIONS)
                .where(ofBoundTenant(transaction))
                .and(INVITATIONS.TOKEN_HASH.eq(tokenHash))
                .fetchOptional(JooqInvitationRepository::toDomain);
    }

    @Override
    public boolean markAccepted(UUID invitationId, UserId acceptedBy, Instant acceptedAt) {
        Transaction transaction = unitOfWork.transaction();
        // Conditional UPDATE: of two concurrent acceptances the second waits for the first's row lock, re-checks
        // accepted_at IS NULL against the committed row and updates nothing. Single use without SELECT ... FOR UPDATE.
        return transaction.dsl()
                        .update(INVITATIONS)
                        .set(INVITATIONS.ACCEPTED_AT, column(acceptedAt))
                        .set(INVITATIONS.ACCEPTED_BY, acceptedBy.value())
                        .where(ofBoundTenant(transaction))
                        .and(INVITATIONS.ID.eq(invitationId))
                        .and(INVITATIONS.ACCEPTED_AT.isNull())
                        .execute()
                == 1;
    }

    @Override
    public List<Invitation> listPending(Instant now) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(INVITATIONS)
                .where(ofBoundTenant(transaction))
                .and(INVITATIONS.ACCEPTED_AT.isNull())
                .and(INVITATIONS.EXPIRES_AT.gt(column(now)))
                .orderBy(INVITATIONS.CREATED_AT, INVITATIONS.ID)
                .fetch(JooqInvitationRepository::toDomain);
    }

    @Override
    public boolean deletePending(UUID invitationId) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                        .deleteFrom(INVITATIONS)
                        .where(ofBoundTenant(transaction))
                        .and(INVITATIONS.ID.eq(invitationId))
                        .and(INVITATIONS.ACCEPTED_AT.isNull())
                        .execute()
                == 1;
    }

    @Override
    public int deletePendingBeyond(UserId inviter, Optional<Role> inviterRole) {
        Transaction transaction = unitOfWork.transaction();
        List<String> beyond = Arrays.stream(Role.values())
                .filter(role -> inviterRole.map(held -> !held.mayGrant(role)).orElse(true))
                .map(Role::wireName)
                .toList();
        if (beyond.isEmpty()) {
            return 0;
        }
        return transaction.dsl()
                .deleteFrom(INVITATIONS)
                .where(ofBoundTenant(transaction))
                .and(INVITATIONS.INVITED_BY.eq(inviter.value()))
                .and(INVITATIONS.ACCEPTED_AT.isNull())
                .and(INVITATIONS.ROLE.in(beyond))
                .execute();
    }

    private static Condition ofBoundTenant(Transaction transaction) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : INVITATIONS.TENANT_ID.eq(bound);
    }

    private static Invitation toDomain(InvitationsRecord row) {
        return new Invitation(
                row.getId(),
                new TenantId(row.getTenantId()),
                EmailAddress.of(row.getEmail()),
                Role.parse(row.getRole()),
                new UserId(row.getInvitedBy()),
                instant(row.getCreatedAt()),
                instant(row.getExpiresAt()),
                Optional.ofNullable(instant(row.getAcceptedAt())));
    }
}
