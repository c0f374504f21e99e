package io.saasplatform.application.port.out;

import io.saasplatform.domain.Member;
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

    /**
     * Members of the bound tenant with their user's email and the time they joined, oldest first (the order of
     * {@link #list()}). Users are global, so a member's email is readable wherever the membership is.
     */
    List<Member> listWithEmails();

    /** One member of the bound tenant as {@link #listWithEmails()} shows it; empty when not a member. */
    default Optional<Member> findWithEmail(UserId user) {
        return listWithEmails().stream().filter(m -> m.membership().userId().equals(user)).findFirst();
    }

    boolean remove(UserId user);

    /** How many owners the bound tenant has, counted under a lock so that two demotions cannot race to zero. */
    int countOwnersForUpdate();

    /**
     * Every membership of {@code user} across tenants; only inside {@link UnitOfWork#asUser}, where the database lets a
     * user read their own memberships and nothing else.
     */
    List<Membership> ofUser(UserId user);
}
