package io.saasplatform.application.port.out;

import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Outgoing port: invitations of the tenant bound to the current {@link UnitOfWork}; tokens are stored hashed. */
public interface InvitationRepository {
    void insert(Invitation invitation, byte[] tokenHash);

    Optional<Invitation> findByTokenHash(byte[] tokenHash);

    /** Marks it accepted only if it was still open; false when another request accepted it first (single use). */
    boolean markAccepted(UUID invitationId, UserId acceptedBy, Instant acceptedAt);
}
