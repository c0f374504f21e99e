package io.saasplatform.application.port.out;

import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.domain.EmailAddress;

/** Outgoing port: verifies an identity provider's ID token (Amazon Cognito, or the built-in mock provider). */
public interface IdentityTokenVerifier {
    /**
     * Verifies signature, issuer, audience, token use and expiry.
     *
     * @throws InvalidCredentialsException for any token that is not a valid ID token of the configured provider
     */
    VerifiedIdentity verify(String idToken);

    /** Who the provider vouches for: its stable subject id and the user's email. */
    record VerifiedIdentity(String subject, EmailAddress email) {}
}
