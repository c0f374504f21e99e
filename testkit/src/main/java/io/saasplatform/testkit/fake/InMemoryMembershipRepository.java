package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Test fake of the {@link MembershipRepository} port that mimics PostgreSQL row-level security.
 *
 * <p>Reads see only rows of the tenant bound to the unit of work (none without a tenant), and saving a membership of
 * any other tenant is refused with a {@link SecurityException}, like a policy's {@code WITH CHECK}. Inside
 * {@code asUser} the bound user's own memberships in every tenant are readable through {@link #ofUser}, and nothing
 * can be written.
 */
public final class InMemoryMembershipRepository implements MembershipRepository, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    // Insertion order is "oldest first"; replacing a value keeps its original position.
    private Map<Key, Membership> rows = new LinkedHashMap<>();

    public InMemoryMembershipRepository(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public void save(Membership membership) {
        Optional<TenantId> bound = visibleTenant();
        if (!bound.equals(Optional.of(membership.tenantId()))) {
            throw new SecurityException("new row violates row-level security policy for table membership: tenant "
                    + membership.tenantId() + " is not the bound tenant");
        }
        rows.put(new Key(membership.tenantId(), membership.userId()), membership);
    }

    @Override
    public Optional<Membership> find(UserId user) {
        return visibleTenant().map(tenant -> rows.get(new Key(tenant, user)));
    }

    @Override
    public List<Membership> list() {
        Optional<TenantId> bound = visibleTenant();
        return rows.values().stream()
                .filter(m -> bound.equals(Optional.of(m.tenantId())))
                .toList();
    }

    @Override
    public boolean remove(UserId user) {
        return visibleTenant().map(tenant -> rows.remove(new Key(tenant, user)) != null).orElse(false);
    }

    @Override
    public int countOwnersForUpdate() {
        return (int) list().stream().filter(m -> m.role() == Role.OWNER).count();
    }

    @Override
    public List<Membership> ofUser(UserId user) {
        Optional<TenantId> bound = visibleTenant();
        Optional<UserId> self = unitOfWork.currentUser();
        // The rows row-level security lets through: the bound tenant's, or the bound user's own.
        return rows.values().stream()
                .filter(m -> bound.equals(Optional.of(m.tenantId())) || self.equals(Optional.of(m.userId())))
                .filter(m -> m.userId().equals(user))
                .toList();
    }

    /** Every stored membership of every tenant, bypassing row-level security: for assertions only. */
    public List<Membership> allRows() {
        return List.copyOf(rows.values());
    }

    @Override
    public Object snapshot() {
        return new LinkedHashMap<>(rows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        rows = new LinkedHashMap<>((Map<Key, Membership>) snapshot);
    }

    private Optional<TenantId> visibleTenant() {
        unitOfWork.requireActive();
        return unitOfWork.current();
    }

    private record Key(TenantId tenant, UserId user) {}
}
