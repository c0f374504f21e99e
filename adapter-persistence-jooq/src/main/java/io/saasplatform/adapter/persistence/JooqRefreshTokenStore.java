package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.schema.Tables.REFRESH_FAMILIES;
import static io.saasplatform.adapter.persistence.schema.Tables.REFRESH_TOKENS;

import io.saasplatform.adapter.persistence.schema.tables.RefreshFamilies;
import io.saasplatform.adapter.persistence.schema.tables.RefreshTokens;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Record;

/**
 * Refresh-token families and tokens: user-owned, outside row-level security (see migration V2), reached only through
 * the hash of a token. Works in any unit of work; the port asks for {@code withoutTenant}.
 */
final class JooqRefreshTokenStore implements RefreshTokenStore {
    private static final RefreshTokens T = REFRESH_TOKENS.as("t");
    private static final RefreshFamilies F = REFRESH_FAMILIES.as("f");

    private final JooqUnitOfWork unitOfWork;

    JooqRefreshTokenStore(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public void createFamily(Family family) {
        unitOfWork.transaction().dsl()
                .insertInto(REFRESH_FAMILIES)
                .set(REFRESH_FAMILIES.ID, family.id())
                .set(REFRESH_FAMILIES.USER_ID, family.user().value())
                .set(REFRESH_FAMILIES.SELECTED_TENANT_ID, family.selectedTenant().map(TenantId::value).orElse(null))
                .set(REFRESH_FAMILIES.CREATED_AT, column(family.createdAt()))
                .set(REFRESH_FAMILIES.ABSOLUTE_EXPIRES_AT, column(family.absoluteExpiresAt()))
                .set(REFRESH_FAMILIES.LAST_USED_AT, column(family.lastUsedAt()))
                .set(REFRESH_FAMILIES.REVOKED_AT, column(family.revokedAt().orElse(null)))
                .execute();
    }

    @Override
    public void insertToken(UUID familyId, byte[] tokenHash, Instant issuedAt) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        unitOfWork.transaction().dsl()
                .insertInto(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.TOKEN_HASH, tokenHash)
                .set(REFRESH_TOKENS.FAMILY_ID, familyId)
                .set(REFRESH_TOKENS.ISSUED_AT, column(issuedAt))
                .execute();
    }

    @Override
    public Optional<TokenState> lockByHash(byte[] tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        // One round trip. The family row is the lock that serialises refreshes of one family. The token row is locked
        // too, and that matters: in READ COMMITTED a waiting statement re-reads only the rows it LOCKS once the first
        // transaction commits (EvalPlanQual); a row merely joined would come from the statement's old snapshot, and
        // the second refresh would miss the first's rotation (used_at, sealed successor).
        return unitOfWork.transaction().dsl()
                .select(T.TOKEN_HASH, T.ISSUED_AT, T.USED_AT, T.SEALED_SUCCESSOR,
                        F.ID, F.USER_ID, F.SELECTED_TENANT_ID, F.CREATED_AT, F.ABSOLUTE_EXPIRES_AT, F.LAST_USED_AT,
                        F.REVOKED_AT)
                .from(T)
                .join(F).on(F.ID.eq(T.FAMILY_ID))
                .where(T.TOKEN_HASH.eq(tokenHash))
                .forUpdate()
                .of(T, F)
                .fetchOptional(JooqRefreshTokenStore::toTokenState);
    }

    @Override
    public void markRotated(byte[] tokenHash, Instant usedAt, byte[] successorHash, byte[] sealedSuccessor) {
        Objects.requireNonNull(successorHash, "successorHash");
        unitOfWork.transaction().dsl()
                .update(REFRESH_TOKENS)
                .set(REFRESH_TOKENS.USED_AT, column(usedAt))
                .set(REFRESH_TOKENS.SUCCESSOR_HASH, successorHash)
                .set(REFRESH_TOKENS.SEALED_SUCCESSOR, sealedSuccessor)
                .where(REFRESH_TOKENS.TOKEN_HASH.eq(tokenHash))
                .execute();
    }

    @Override
    public void touchFamily(UUID familyId, Instant lastUsedAt, Optional<TenantId> selectedTenant) {
        unitOfWork.transaction().dsl()
                .update(REFRESH_FAMILIES)
                .set(REFRESH_FAMILIES.LAST_USED_AT, column(lastUsedAt))
                .set(REFRESH_FAMILIES.SELECTED_TENANT_ID, selectedTenant.map(TenantId::value).orElse(null))
                .where(REFRESH_FAMILIES.ID.eq(familyId))
                .execute();
    }

    @Override
    public void revokeFamily(UUID familyId, Instant revokedAt) {
        // The first revocation wins: revoking again (reuse detected twice, sign-out after reuse) keeps its time.
        unitOfWork.transaction().dsl()
                .update(REFRESH_FAMILIES)
                .set(REFRESH_FAMILIES.REVOKED_AT, column(revokedAt))
                .where(REFRESH_FAMILIES.ID.eq(familyId))
                .and(REFRESH_FAMILIES.REVOKED_AT.isNull())
                .execute();
    }

    @Override
    public int clearSealedSuccessors(Instant rotatedBefore) {
        return unitOfWork.transaction().dsl()
                .update(REFRESH_TOKENS)
                .setNull(REFRESH_TOKENS.SEALED_SUCCESSOR)
                .where(REFRESH_TOKENS.SEALED_SUCCESSOR.isNotNull())
                .and(REFRESH_TOKENS.USED_AT.le(column(rotatedBefore)))
                .execute();
    }

    @Override
    public int deleteDeadFamilies(Instant now, Instant idleBefore, Instant revokedBefore) {
        // Tokens go with their family (ON DELETE CASCADE).
        return unitOfWork.transaction().dsl()
                .deleteFrom(REFRESH_FAMILIES)
                .where(REFRESH_FAMILIES.ABSOLUTE_EXPIRES_AT.le(column(now)))
                .or(REFRESH_FAMILIES.LAST_USED_AT.lt(column(idleBefore)))
                .or(REFRESH_FAMILIES.REVOKED_AT.lt(column(revokedBefore)))
                .execute();
    }

    private static TokenState toTokenState(Record row) {
        Family family = new Family(
                row.get(F.ID),
                new UserId(row.get(F.USER_ID)),
                Optional.ofNullable(row.get(F.SELECTED_TENANT_ID)).map(TenantId::new),
                instant(row.get(F.CREATED_AT)),
                instant(row.get(F.ABSOLUTE_EXPIRES_AT)),
                instant(row.get(F.LAST_USED_AT)),
                Optional.ofNullable(instant(row.get(F.REVOKED_AT))));
        return new TokenState(
                row.get(T.TOKEN_HASH),
                family,
                instant(row.get(T.ISSUED_AT)),
                Optional.ofNullable(instant(row.get(T.USED_AT))),
                Optional.ofNullable(row.get(T.SEALED_SUCCESSOR)));
    }
}
