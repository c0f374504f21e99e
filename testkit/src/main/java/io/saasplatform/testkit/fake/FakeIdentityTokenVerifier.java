package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.out.IdentityTokenVerifier;
import io.saasplatform.domain.EmailAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Test fake of the {@link IdentityTokenVerifier} port: only the ID tokens a test registered are valid. */
public final class FakeIdentityTokenVerifier implements IdentityTokenVerifier {
    private final Map<String, VerifiedIdentity> identities = new ConcurrentHashMap<>();

    /** Makes {@code idToken} verify as {@code email}, with a subject derived from it; returns the token. */
    public String issue(String idToken, String email) {
        identities.put(idToken, new VerifiedIdentity("sub-" + email, EmailAddress.of(email)));
        return idToken;
    }

    @Override
    public VerifiedIdentity verify(String idToken) {
        VerifiedIdentity identity = idToken == null ? null : identities.get(idToken);
        if (identity == null) {
            throw new InvalidCredentialsException("ID token is not valid");
        }
        return identity;
    }
}
