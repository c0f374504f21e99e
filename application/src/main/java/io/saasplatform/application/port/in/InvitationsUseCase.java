package io.saasplatform.application.port.in;

import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.UserId;
import java.util.List;
import java.util.UUID;

/** Incoming port: invite people to the caller's tenant by email, and accept such invitations. */
public interface InvitationsUseCase {
    /**
     * Owner/admin; only an owner may invite an owner. The token is emailed, never returned or stored. Rate limited per
     * tenant (429); the limit counted is reported to {@code limits}.
     */
    Invitation invite(Actor actor, String email, String role, RateLimitObserver limits);

    default Invitation invite(Actor actor, String email, String role) {
        return invite(actor, email, role, RateLimitObserver.IGNORE);
    }

    /**
     * Accepts with the emailed token; the signed-in user's email must match, and the inviter must still be a member
     * who may grant the invited role. Expired, used, revoked or unknown tokens are all answered as not found.
     */
    Membership accept(UserId user, String token);

    /** Admin or owner: the tenant's pending invitations (neither accepted nor expired), oldest first. */
    List<Invitation> listPending(Actor actor);

    /** Admin or owner: withdraws a pending invitation; its token stops working. Not found when not pending. */
    void revoke(Actor actor, UUID invitationId);

    /**
     * One pending invitation of the actor's tenant (admin or owner, as for listing); 404 when it is unknown, accepted,
     * expired or another tenant's. The default reads it from {@link #listPending}, which a tenant keeps short.
     */
    default Invitation getPending(Actor actor, UUID invitationId) {
        return listPending(actor).stream()
                .filter(invitation -> invitation.id().equals(invitationId))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("invitation"));
    }
}
