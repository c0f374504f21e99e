package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
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
    private Map<Key, Instant> joined = new LinkedHashMap<>();
    private Map<Key, Instant> changed = new LinkedHashMap<>();
    // Where members' emails come from; null: listWithEmails is not available.
    private final UserRepository users;

    public InMemoryMembershipRepository(InMemoryUnitOfWork unitOfWork) {
        this(unitOfWork, null);
    }

    /** With the users whose emails {@link #listWithEmails()} shows. */
    public InMemoryMembershipRepository(InMemoryUnitOfWork unitOfWork, UserRepository users) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.users = users;
        unitOfWork.register(this);
    }

    @Override
    public void save(Membership membership) {
        Optional<TenantId> bound = visibleTenant();
        if (!bound.equals(Optional.of(membership.tenantId()))) {
            throw new SecurityException("new row violates row-level security policy for table membership: tenant "
                    + membership.tenantId() + " is not the bound tenant");
        }
        Key key = new Key(membership.tenantId(), membership.userId());
        Membership before = rows.put(key, membership);
        joined.putIfAbsent(key, Instant.now());
        if (before != null && before.role() != membership.role()) {
            Instant last = changed.getOrDefault(key, joined.get(key));
            Instant now = Instant.now();
            changed.put(key, now.isAfter(last) ? now : last);
        }
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
    public List<Member> listWithEmails() {
        if (users == null) {
            throw new IllegalStateException("construct with a UserRepository to list members with their emails");
        }
        List<Member> members = new ArrayList<>();
        for (Membership membership : list()) {
            User user = users.findById(membership.userId()).orElseThrow();
            Key key = new Key(membership.tenantId(), membership.userId());
            members.add(new Member(membership, user.email(), joined.get(key),
                    changed.getOrDefault(key, joined.get(key))));
        }
        return members;
    }

    @Override
    public boolean remove(UserId user) {
        return visibleTenant().map(tenant -> {
            joined.remove(new Key(tenant, user));
            changed.remove(new Key(tenant, user));
            return rows.remove(new Key(tenant, user)) != null;
        }).orElse(false);
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
        return List.of(new LinkedHashMap<>(rows), new LinkedHashMap<>(joined), new LinkedHashMap<>(changed));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        List<Map<Key, ?>> maps = (List<Map<Key, ?>>) snapshot;
        rows = new LinkedHashMap<>((Map<Key, Membership>) maps.get(0));
        joined = new LinkedHashMap<>((Map<Key, Instant>) maps.get(1));
        changed = new LinkedHashMap<>((Map<Key, Instant>) maps.get(2));
    }

    private Optional<TenantId> visibleTenant() {
        unitOfWork.requireActive();
        return unitOfWork.current();
    }

    private record Key(TenantId tenant, UserId user) {}
}
