package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Test fake of the {@link InvitationRepository} port that mimics row-level security: only the bound tenant's
 * invitations are visible or changeable, and inserting one for any other tenant throws a {@link SecurityException}.
 */
public final class InMemoryInvitationRepository implements InvitationRepository, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    private Map<UUID, Row> rows = new LinkedHashMap<>();

    public InMemoryInvitationRepository(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public void insert(Invitation invitation, byte[] tokenHash) {
        Optional<TenantId> bound = visibleTenant();
        if (!bound.equals(Optional.of(invitation.tenantId()))) {
            throw new SecurityException("new row violates row-level security policy for table invitation: tenant "
                    + invitation.tenantId() + " is not the bound tenant");
        }
        if (rows.containsKey(invitation.id())) {
            throw new IllegalStateException("duplicate invitation id " + invitation.id());
        }
        rows.put(invitation.id(), new Row(invitation, tokenHash.clone(), Optional.empty()));
    }

    @Override
    public Optional<Invitation> findByTokenHash(byte[] tokenHash) {
        Optional<TenantId> bound = visibleTenant();
        return rows.values().stream()
                .filter(row -> bound.equals(Optional.of(row.invitation.tenantId())))
                .filter(row -> MessageDigest.isEqual(row.tokenHash, tokenHash))
                .map(Row::invitation)
                .findFirst();
    }

    @Override
    public boolean markAccepted(UUID invitationId, UserId acceptedBy, Instant acceptedAt) {
        Optional<TenantId> bound = visibleTenant();
        Row row = rows.get(invitationId);
        if (row == null || !bound.equals(Optional.of(row.invitation.tenantId())) || row.invitation.accepted()) {
            return false;
        }
        Invitation i = row.invitation;
        Invitation accepted = new Invitation(
                i.id(), i.tenantId(), i.email(), i.role(), i.invitedBy(), i.createdAt(), i.expiresAt(),
                Optional.of(acceptedAt));
        rows.put(invitationId, new Row(accepted, row.tokenHash, Optional.of(acceptedBy)));
        return true;
    }

    @Override
    public List<Invitation> listPending(Instant now) {
        Optional<TenantId> bound = visibleTenant();
        return rows.values().stream()
                .map(Row::invitation)
                .filter(i -> bound.equals(Optional.of(i.tenantId())) && !i.accepted() && !i.expiredAt(now))
                .sorted(java.util.Comparator.comparing(Invitation::createdAt))
                .toList();
    }

    @Override
    public boolean deletePending(UUID invitationId) {
        Optional<TenantId> bound = visibleTenant();
        Row row = rows.get(invitationId);
        if (row == null || !bound.equals(Optional.of(row.invitation.tenantId())) || row.invitation.accepted()) {
            return false;
        }
        rows.remove(invitationId);
        return true;
    }

    @Override
    public int deletePendingBeyond(UserId inviter, Optional<io.saasplatform.domain.Role> inviterRole) {
        Optional<TenantId> bound = visibleTenant();
        List<UUID> doomed = rows.values().stream()
                .map(Row::invitation)
                .filter(i -> bound.equals(Optional.of(i.tenantId())) && !i.accepted())
                .filter(i -> i.invitedBy().equals(inviter))
                .filter(i -> inviterRole.map(held -> !held.mayGrant(i.role())).orElse(true))
                .map(Invitation::id)
                .toList();
        doomed.forEach(rows::remove);
        return doomed.size();
    }

    /** Every stored invitation of every tenant, bypassing row-level security: for assertions only. */
    public List<Invitation> allRows() {
        return rows.values().stream().map(Row::invitation).toList();
    }

    /** Whether any stored invitation has this token hash, across tenants: for assertions only. */
    public boolean storesHash(byte[] tokenHash) {
        return rows.values().stream().anyMatch(row -> MessageDigest.isEqual(row.tokenHash, tokenHash));
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

    private Optional<TenantId> visibleTenant() {
        unitOfWork.requireActive();
        return unitOfWork.current();
    }

    private record Row(Invitation invitation, byte[] tokenHash, Optional<UserId> acceptedBy) {}
}
