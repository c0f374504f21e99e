package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.domain.TenantId;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Test fake of the {@link RefreshTokenStore} port. Only usable inside {@code withoutTenant}, like the real store's
 * contract asks; {@link #lockByHash} holds because {@link InMemoryUnitOfWork} runs one unit of work at a time.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore, InMemoryUnitOfWork.Participant {
    private static final HexFormat HEX = HexFormat.of();

    private final InMemoryUnitOfWork unitOfWork;
    private State state = new State(new LinkedHashMap<>(), new LinkedHashMap<>());

    public InMemoryRefreshTokenStore(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public void createFamily(Family family) {
        requireNoTenant();
        if (state.families.putIfAbsent(family.id(), family) != null) {
            throw new IllegalStateException("duplicate family id " + family.id());
        }
    }

    @Override
    public void insertToken(UUID familyId, byte[] tokenHash, Instant issuedAt) {
        requireNoTenant();
        if (!state.families.containsKey(familyId)) {
            throw new IllegalStateException("foreign key violation: no family " + familyId);
        }
        if (state.tokens.putIfAbsent(HEX.formatHex(tokenHash), new Token(familyId, tokenHash.clone(), issuedAt,
                Optional.empty(), Optional.empty())) != null) {
            throw new IllegalStateException("duplicate token hash");
        }
    }

    @Override
    public Optional<TokenState> lockByHash(byte[] tokenHash) {
        requireNoTenant();
        Token token = state.tokens.get(HEX.formatHex(tokenHash));
        if (token == null) {
            return Optional.empty();
        }
        return Optional.of(new TokenState(
                token.hash.clone(),
                state.families.get(token.familyId),
                token.issuedAt,
                token.usedAt,
                token.sealedSuccessor.map(byte[]::clone)));
    }

    @Override
    public void markRotated(byte[] tokenHash, Instant usedAt, byte[] successorHash, byte[] sealedSuccessor) {
        requireNoTenant();
        String key = HEX.formatHex(tokenHash);
        Token token = state.tokens.get(key);
        if (token == null) {
            throw new IllegalStateException("no such token");
        }
        state.tokens.put(key, new Token(token.familyId, token.hash, token.issuedAt, Optional.of(usedAt),
                Optional.of(sealedSuccessor.clone())));
    }

    @Override
    public void touchFamily(UUID familyId, Instant lastUsedAt, Optional<TenantId> selectedTenant) {
        requireNoTenant();
        Family f = family(familyId);
        state.families.put(familyId, new Family(
                f.id(), f.user(), selectedTenant, f.createdAt(), f.absoluteExpiresAt(), lastUsedAt, f.revokedAt()));
    }

    @Override
    public void revokeFamily(UUID familyId, Instant revokedAt) {
        requireNoTenant();
        Family f = family(familyId);
        state.families.put(familyId, new Family(
                f.id(), f.user(), f.selectedTenant(), f.createdAt(), f.absoluteExpiresAt(), f.lastUsedAt(),
                f.revokedAt().or(() -> Optional.of(revokedAt))));
    }

    @Override
    public int clearSealedSuccessors(Instant rotatedBefore) {
        requireNoTenant();
        int cleared = 0;
        for (Map.Entry<String, Token> entry : state.tokens.entrySet()) {
            Token t = entry.getValue();
            if (t.sealedSuccessor.isPresent() && t.usedAt.isPresent() && !t.usedAt.get().isAfter(rotatedBefore)) {
                entry.setValue(new Token(t.familyId, t.hash, t.issuedAt, t.usedAt, Optional.empty()));
                cleared++;
            }
        }
        return cleared;
    }

    @Override
    public int deleteDeadFamilies(Instant now, Instant idleBefore, Instant revokedBefore) {
        requireNoTenant();
        java.util.Set<UUID> dead = new java.util.HashSet<>();
        for (Family f : state.families.values()) {
            if (!f.absoluteExpiresAt().isAfter(now) || f.lastUsedAt().isBefore(idleBefore)
                    || f.revokedAt().filter(at -> at.isBefore(revokedBefore)).isPresent()) {
                dead.add(f.id());
            }
        }
        state.families.keySet().removeAll(dead);
        state.tokens.values().removeIf(t -> dead.contains(t.familyId));
        return dead.size();
    }

    /** Every stored family, bypassing the unit of work: for assertions only. */
    public List<Family> families() {
        return List.copyOf(state.families.values());
    }

    /** How many tokens were ever issued (rotations included): for assertions only. */
    public int tokenCount() {
        return state.tokens.size();
    }

    @Override
    public Object snapshot() {
        return new State(new LinkedHashMap<>(state.families), new LinkedHashMap<>(state.tokens));
    }

    @Override
    public void restore(Object snapshot) {
        State saved = (State) snapshot;
        state = new State(new LinkedHashMap<>(saved.families), new LinkedHashMap<>(saved.tokens));
    }

    private Family family(UUID familyId) {
        Family family = state.families.get(familyId);
        if (family == null) {
            throw new IllegalStateException("no family " + familyId);
        }
        return family;
    }

    private void requireNoTenant() {
        unitOfWork.requireActive();
        if (unitOfWork.current().isPresent() || unitOfWork.currentUser().isPresent()) {
            throw new IllegalStateException("refresh tokens are global: use them inside withoutTenant");
        }
    }

    private record Token(
            UUID familyId, byte[] hash, Instant issuedAt, Optional<Instant> usedAt, Optional<byte[]> sealedSuccessor) {}

    private record State(Map<UUID, Family> families, Map<String, Token> tokens) {}
}
