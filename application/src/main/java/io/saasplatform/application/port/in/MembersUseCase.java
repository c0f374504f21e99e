package io.saasplatform.application.port.in;

import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.UserId;
import java.util.List;

/** Incoming port: the members of the caller's tenant. */
public interface MembersUseCase {
    /** Adds an existing user with a role (admin and above; only an owner may grant owner). */
    Membership addMember(Actor actor, UserId user, Role role);

    /** Every member of the caller's tenant, oldest first. */
    List<Membership> listMembers(Actor actor);

    /** Every member of the caller's tenant with email and join time, oldest first (staff and above). */
    List<Member> listMembersWithEmails(Actor actor);

    /** Owner only; the last owner cannot be demoted (conflict). */
    Member changeRole(Actor actor, UserId member, Role role);

    /** Owner only; the last owner cannot be removed (conflict). */
    void removeMember(Actor actor, UserId member);
}
