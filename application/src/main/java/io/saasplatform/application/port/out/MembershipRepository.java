package io.saasplatform.application.port.out;

import io.saasplatform.domain.Membership;
import io.saasplatform.domain.UserId;
import java.util.List;
import java.util.Optional;

/** Outgoing port: memberships of the tenant bound to the current {@link UnitOfWork}. */
public interface MembershipRepository {
    /** Adds or replaces the membership; its tenant must be the bound tenant. */
    void save(Membership membership);

    Optional<Membership> find(UserId user);

    /** Members of the bound tenant, oldest first. */
    List<Membership> list();

    boolean remove(UserId user);
}
