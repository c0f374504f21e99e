package io.saasplatform.application.port.in;

import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.UserId;

/** Incoming port: invite people to the caller's tenant by email, and accept such invitations. */
public interface InvitationsUseCase {
    /** Owner/admin; only an owner may invite an owner. The token is emailed, never returned or stored. */
    Invitation invite(Actor actor, String email, String role);

    /**
     * Accepts with the emailed token; the signed-in user's email must match. Expired, used or unknown tokens are all
     * answered as not found.
     */
    Membership accept(UserId user, String token);
}
