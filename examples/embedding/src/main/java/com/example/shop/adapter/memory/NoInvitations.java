package com.example.shop.adapter.memory;

import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Driven adapter (example) of the {@link InvitationRepository} port for a shop that takes no invitations: nothing is
 * pending, so removing a member has nothing to revoke, and sending an invitation is refused.
 */
public final class NoInvitations implements InvitationRepository {
    @Override
    public void insert(Invitation invitation, byte[] tokenHash) {
        throw new UnsupportedOperationException("this shop takes no invitations");
    }

    @Override
    public Optional<Invitation> findByTokenHash(byte[] tokenHash) {
        return Optional.empty();
    }

    @Override
    public boolean markAccepted(UUID invitationId, UserId acceptedBy, Instant acceptedAt) {
        return false;
    }

    @Override
    public List<Invitation> listPending(Instant now) {
        return List.of();
    }

    @Override
    public boolean deletePending(UUID invitationId) {
        return false;
    }

    @Override
    public int deletePendingBeyond(UserId inviter, Optional<Role> inviterRole) {
        return 0;
    }
}
