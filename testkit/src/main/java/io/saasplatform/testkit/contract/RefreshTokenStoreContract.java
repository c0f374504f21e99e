package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.RefreshTokenStore.Family;
import io.saasplatform.application.port.out.RefreshTokenStore.TokenState;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code RefreshTokenStore}: families and tokens are reached by token hash only, in a unit of work
 * without tenant, and record rotation, use and revocation. (That a second refresh waits for the first is an adapter
 * property, proven against PostgreSQL in {@code ConcurrentUnitsOfWorkTest}.)
 */
public abstract class RefreshTokenStoreContract extends PortContractSupport {
    private static final Instant SIGNED_IN = Instant.parse("2026-03-01T09:00:00.123456Z");

    @Test
    void given_a_family_with_a_token_when_locking_the_token_by_hash_then_it_comes_with_its_family() {
        User user = newUser();
        Tenant tenant = newTenant();
        Family family = familyOf(user, Optional.of(tenant.id()));
        byte[] hash = tokenHash();

        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), hash, SIGNED_IN);
        });

        TokenState state = lock(hash.clone()).orElseThrow();
        assertThat(state.tokenHash()).isEqualTo(hash);
        assertThat(state.family()).isEqualTo(family);
        assertThat(state.issuedAt()).isEqualTo(SIGNED_IN);
        assertThat(state.usedAt()).isEmpty();
        assertThat(state.sealedSuccessor()).isEmpty();
    }

    @Test
    void given_an_unknown_hash_when_locking_then_nothing_is_found() {
        User user = newUser();
        Family family = familyOf(user, Optional.empty());
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), tokenHash(), SIGNED_IN);
        });

        assertThat(lock(tokenHash())).isEmpty();
    }

    @Test
    void given_two_families_when_locking_each_token_then_each_leads_to_its_own_family() {
        Family first = familyOf(newUser(), Optional.empty());
        Family second = familyOf(newUser(), Optional.empty());
        byte[] firstHash = tokenHash();
        byte[] secondHash = tokenHash();
        store(() -> {
            ports().refreshTokens().createFamily(first);
            ports().refreshTokens().createFamily(second);
            ports().refreshTokens().insertToken(first.id(), firstHash, SIGNED_IN);
            ports().refreshTokens().insertToken(second.id(), secondHash, SIGNED_IN);
        });

        assertThat(lock(firstHash).orElseThrow().family()).isEqualTo(first);
        assertThat(lock(secondHash).orElseThrow().family()).isEqualTo(second);
    }

    @Test
    void given_a_rotated_token_when_locking_it_then_it_reads_as_used_with_its_sealed_successor() {
        Family family = familyOf(newUser(), Optional.empty());
        byte[] hash = tokenHash();
        byte[] successor = tokenHash();
        byte[] sealed = {1, 2, 3, 4, 5};
        Instant rotated = SIGNED_IN.plus(10, ChronoUnit.MINUTES);
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), hash, SIGNED_IN);
        });

        store(() -> {
            ports().refreshTokens().lockByHash(hash);
            ports().refreshTokens().markRotated(hash, rotated, successor, sealed);
            ports().refreshTokens().insertToken(family.id(), successor, rotated);
        });

        TokenState old = lock(hash).orElseThrow();
        assertThat(old.usedAt()).contains(rotated);
        assertThat(old.sealedSuccessor()).hasValueSatisfying(value -> assertThat(value).isEqualTo(sealed));
        TokenState next = lock(successor).orElseThrow();
        assertThat(next.family().id()).isEqualTo(family.id());
        assertThat(next.issuedAt()).isEqualTo(rotated);
        assertThat(next.usedAt()).isEmpty();
    }

    @Test
    void given_a_family_when_touched_then_last_use_and_the_selected_tenant_follow_and_an_empty_selection_clears_it() {
        Tenant first = newTenant();
        Tenant second = newTenant();
        Family family = familyOf(newUser(), Optional.of(first.id()));
        byte[] hash = tokenHash();
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), hash, SIGNED_IN);
        });
        Instant later = SIGNED_IN.plus(1, ChronoUnit.HOURS);

        store(() -> ports().refreshTokens().touchFamily(family.id(), later, Optional.of(second.id())));
        Family switched = lock(hash).orElseThrow().family();
        store(() -> ports().refreshTokens().touchFamily(family.id(), later.plusSeconds(1), Optional.empty()));
        Family cleared = lock(hash).orElseThrow().family();

        assertThat(switched.lastUsedAt()).isEqualTo(later);
        assertThat(switched.selectedTenant()).contains(second.id());
        assertThat(switched.createdAt()).isEqualTo(family.createdAt());
        assertThat(switched.absoluteExpiresAt()).isEqualTo(family.absoluteExpiresAt());
        assertThat(cleared.lastUsedAt()).isEqualTo(later.plusSeconds(1));
        assertThat(cleared.selectedTenant()).isEmpty();
    }

    @Test
    void given_a_family_when_revoked_twice_then_it_reads_as_revoked_at_the_first_time() {
        Family family = familyOf(newUser(), Optional.empty());
        byte[] hash = tokenHash();
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), hash, SIGNED_IN);
        });
        Instant revoked = SIGNED_IN.plus(5, ChronoUnit.MINUTES);

        store(() -> ports().refreshTokens().revokeFamily(family.id(), revoked));
        store(() -> ports().refreshTokens().revokeFamily(family.id(), revoked.plusSeconds(30)));

        assertThat(lock(hash).orElseThrow().family().revokedAt()).contains(revoked);
    }

    @Test
    void given_a_revoked_family_when_locking_any_of_its_tokens_then_each_shows_the_revocation() {
        Family family = familyOf(newUser(), Optional.empty());
        byte[] first = tokenHash();
        byte[] second = tokenHash();
        Instant revoked = SIGNED_IN.plus(5, ChronoUnit.MINUTES);
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), first, SIGNED_IN);
            ports().refreshTokens().insertToken(family.id(), second, SIGNED_IN.plusSeconds(1));
        });

        store(() -> ports().refreshTokens().revokeFamily(family.id(), revoked));

        assertThat(lock(first).orElseThrow().family().revokedAt()).contains(revoked);
        assertThat(lock(second).orElseThrow().family().revokedAt()).contains(revoked);
    }

    private void store(Runnable work) {
        ports().unitOfWork().withoutTenant(() -> {
            work.run();
            return null;
        });
    }

    @Test
    void given_sealed_successors_older_and_younger_than_the_cutoff_when_clearing_then_only_the_older_lose_theirs() {
        Family family = familyOf(newUser(), Optional.empty());
        byte[] old = tokenHash();
        byte[] recent = tokenHash();
        Instant oldRotation = SIGNED_IN.plus(1, ChronoUnit.MINUTES);
        Instant recentRotation = SIGNED_IN.plus(20, ChronoUnit.MINUTES);
        store(() -> {
            ports().refreshTokens().createFamily(family);
            ports().refreshTokens().insertToken(family.id(), old, SIGNED_IN);
            ports().refreshTokens().insertToken(family.id(), recent, SIGNED_IN);
            ports().refreshTokens().markRotated(old, oldRotation, tokenHash(), new byte[] {1});
            ports().refreshTokens().markRotated(recent, recentRotation, tokenHash(), new byte[] {2});
        });

        int cleared = ports().unitOfWork().withoutTenant(
                () -> ports().refreshTokens().clearSealedSuccessors(SIGNED_IN.plus(10, ChronoUnit.MINUTES)));

        assertThat(cleared).isEqualTo(1);
        assertThat(lock(old).orElseThrow().sealedSuccessor()).isEmpty();
        assertThat(lock(old).orElseThrow().usedAt()).as("still a used token: replaying it is still detected")
                .contains(oldRotation);
        assertThat(lock(recent).orElseThrow().sealedSuccessor()).isPresent();
    }

    @Test
    void given_expired_idle_revoked_and_live_families_when_purging_then_only_the_live_one_and_its_tokens_remain() {
        Instant now = SIGNED_IN.plus(40, ChronoUnit.DAYS);
        Family expired = familyOf(newUser(), Optional.empty());
        Family idle = new Family(UUID.randomUUID(), newUser().id(), Optional.empty(), now.minus(10, ChronoUnit.DAYS),
                now.plus(20, ChronoUnit.DAYS), now.minus(8, ChronoUnit.DAYS), Optional.empty());
        Family revoked = new Family(UUID.randomUUID(), newUser().id(), Optional.empty(), now.minus(3, ChronoUnit.DAYS),
                now.plus(27, ChronoUnit.DAYS), now.minus(3, ChronoUnit.DAYS), Optional.of(now.minus(2, ChronoUnit.DAYS)));
        Family live = new Family(UUID.randomUUID(), newUser().id(), Optional.empty(), now.minus(1, ChronoUnit.DAYS),
                now.plus(29, ChronoUnit.DAYS), now.minus(1, ChronoUnit.HOURS), Optional.empty());
        byte[] liveToken = tokenHash();
        byte[] expiredToken = tokenHash();
        byte[] idleToken = tokenHash();
        byte[] revokedToken = tokenHash();
        store(() -> {
            for (Family family : java.util.List.of(expired, idle, revoked, live)) {
                ports().refreshTokens().createFamily(family);
            }
            ports().refreshTokens().insertToken(expired.id(), expiredToken, SIGNED_IN);
            ports().refreshTokens().insertToken(idle.id(), idleToken, idle.createdAt());
            ports().refreshTokens().insertToken(revoked.id(), revokedToken, revoked.createdAt());
            ports().refreshTokens().insertToken(live.id(), liveToken, now.minus(1, ChronoUnit.HOURS));
        });

        int deleted = ports().unitOfWork().withoutTenant(() -> ports().refreshTokens()
                .deleteDeadFamilies(now, now.minus(7, ChronoUnit.DAYS), now.minus(1, ChronoUnit.DAYS)));

        // At least these three: other tests of the class share the database and their families are dead by now.
        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(lock(expiredToken)).isEmpty();
        assertThat(lock(idleToken)).isEmpty();
        assertThat(lock(revokedToken)).isEmpty();
        assertThat(lock(liveToken).orElseThrow().family()).isEqualTo(live);
    }

    private Optional<TokenState> lock(byte[] hash) {
        return ports().unitOfWork().withoutTenant(() -> ports().refreshTokens().lockByHash(hash));
    }

    protected static Family familyOf(User user, Optional<TenantId> selected) {
        return new Family(UUID.randomUUID(), user.id(), selected, SIGNED_IN, SIGNED_IN.plus(30, ChronoUnit.DAYS),
                SIGNED_IN, Optional.empty());
    }

    protected static byte[] tokenHash() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }
}
