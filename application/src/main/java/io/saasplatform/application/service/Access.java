package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import java.util.Optional;

/** The services' one rule for who may act in a tenant; call inside a unit of work bound to the actor's tenant. */
final class Access {
    private Access() {}

    /** The caller's role; a non-member is told the tenant does not exist rather than that it is forbidden. */
    static Role requireRole(MembershipRepository memberships, Actor actor, Role required, String operation) {
        return requireRole(memberships.find(actor.user()), required, operation);
    }

    /** {@link #requireRole(MembershipRepository, Actor, Role, String)}, given the actor's membership as read. */
    static Role requireRole(Optional<Membership> membership, Role required, String operation) {
        Role role = membership
                .map(Membership::role)
                .orElseThrow(() -> new NotFoundException("tenant"));
        if (!role.atLeast(required)) {
            throw new ForbiddenException(required, operation);
        }
        return role;
    }
}
