package io.saasplatform.application.port.out;

import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Outgoing port: refresh-token families (one per sign-in) and their tokens, stored as SHA-256 hashes only.
 *
 * <p>Families belong to users, not tenants, so they live outside row-level security; the only way in is the hash of a
 * 256-bit random token. Call inside {@link UnitOfWork#withoutTenant}.
 */
public interface RefreshTokenStore {
    void createFamily(Family family);

    void insertToken(UUID familyId, byte[] tokenHash, Instant issuedAt);

    /**
     * Finds the token by hash and locks its family row until the unit of work ends, so that concurrent refreshes of one
     * family are serialised (the first rotates, the others see the rotation).
     */
    Optional<TokenState> lockByHash(byte[] tokenHash);

    /** Marks a token used and records its successor (hash, and the successor sealed for the grace window). */
    void markRotated(byte[] tokenHash, Instant usedAt, byte[] successorHash, byte[] sealedSuccessor);

    /** Records use of the family: idle timeout counts from here; the selected tenant follows switch-tenant. */
    void touchFamily(UUID familyId, Instant lastUsedAt, Optional<TenantId> selectedTenant);

    void revokeFamily(UUID familyId, Instant revokedAt);

    /**
     * Forgets the sealed successor of every token rotated at or before {@code rotatedBefore} (the end of the grace
     * window): nobody may receive it again, so it need not exist. The token stays, used, so that replaying it is still
     * detected. Returns how many were cleared.
     */
    int clearSealedSuccessors(Instant rotatedBefore);

    /**
     * Deletes every family that can never refresh again, with its tokens: past its absolute expiry at {@code now},
     * unused since before {@code idleBefore}, or revoked before {@code revokedBefore}. Returns how many families.
     */
    int deleteDeadFamilies(Instant now, Instant idleBefore, Instant revokedBefore);

    /** A sign-in session: its tenant selection and its absolute and idle limits. */
    record Family(
            UUID id,
            UserId user,
            Optional<TenantId> selectedTenant,
            Instant createdAt,
            Instant absoluteExpiresAt,
            Instant lastUsedAt,
            Optional<Instant> revokedAt) {}

    /** A token with its family; {@code usedAt} is set once rotated, with the successor's sealed value. */
    record TokenState(
            byte[] tokenHash,
            Family family,
            Instant issuedAt,
            Optional<Instant> usedAt,
            Optional<byte[]> sealedSuccessor) {}
}
