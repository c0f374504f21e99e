package io.saasplatform.application.port.out;

import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outgoing port: invitations of the tenant bound to the current {@link UnitOfWork}; tokens are stored hashed. */
public interface InvitationRepository {
    void insert(Invitation invitation, byte[] tokenHash);

    Optional<Invitation> findByTokenHash(byte[] tokenHash);

    /** Marks it accepted only if it was still open; false when another request accepted it first (single use). */
    boolean markAccepted(UUID invitationId, UserId acceptedBy, Instant acceptedAt);

    /** The bound tenant's invitations neither accepted nor expired at {@code now}, oldest first. */
    List<Invitation> listPending(Instant now);

    /** Deletes one invitation if it is not accepted (revocation); false when there is no such pending invitation. */
    boolean deletePending(UUID invitationId);

    /**
     * Deletes the pending invitations {@code inviter} sent for a role that {@code inviterRole} may no longer grant
     * (every one when {@code inviterRole} is empty: the inviter left the tenant). Returns how many.
     */
    int deletePendingBeyond(UserId inviter, Optional<Role> inviterRole);
}
