package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.application.port.out.IdempotencyStore;
import io.saasplatform.application.port.out.IdempotencyStore.Claim;
import io.saasplatform.application.port.out.IdempotencyStore.Scope;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@link IdempotencyStore}: one claim wins a key, the stored response is replayed, another request
 * under the same key is told apart, released and expired keys are free again, a lapsed lock can be taken over, and a
 * tenant's keys are its own.
 */
public abstract class IdempotencyStoreContract extends PortContractSupport {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final Instant LOCKED_UNTIL = NOW.plus(Duration.ofMinutes(2));
    private static final Instant EXPIRES = NOW.plus(Duration.ofHours(24));
    private static final RecordedResponse CREATED = new RecordedResponse(201,
            Map.of("Location", "/tenants/me/products/1", "Content-Type", "application/json"),
            "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8));

    protected abstract IdempotencyStore store();

    private Scope tenantScope(Tenant tenant, User user) {
        return new Scope(user.id(), Optional.of(tenant.id()));
    }

    private <T> T in(Scope scope, Supplier<T> work) {
        return scope.tenant().isPresent()
                ? ports().unitOfWork().inTenant(scope.tenant().get(), work)
                : ports().unitOfWork().withoutTenant(work);
    }

    private Claim claim(Scope scope, String key, String fingerprint, Instant now) {
        return in(scope, () -> store().claim(scope, key, bytes(fingerprint), now, now.plus(Duration.ofMinutes(2)),
                now.plus(Duration.ofHours(24))));
    }

    private void complete(Scope scope, String key, RecordedResponse response) {
        in(scope, () -> {
            store().complete(scope, key, response);
            return null;
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String key() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void given_a_new_key_when_claiming_twice_then_the_first_acquires_and_the_second_sees_it_running() {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();

        assertThat(claim(scope, key, "a", NOW)).isInstanceOf(Claim.Acquired.class);
        assertThat(claim(scope, key, "a", NOW)).isEqualTo(new Claim.Running(LOCKED_UNTIL));
    }

    @Test
    void given_a_completed_key_when_claiming_with_the_same_fingerprint_then_the_stored_response_comes_back() {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();
        claim(scope, key, "a", NOW);
        complete(scope, key, CREATED);

        assertThat(claim(scope, key, "a", NOW.plusSeconds(5))).isEqualTo(new Claim.Done(CREATED));
    }

    @Test
    void given_a_key_when_claiming_with_another_fingerprint_then_mismatch_running_or_done() {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();
        claim(scope, key, "a", NOW);
        assertThat(claim(scope, key, "b", NOW)).isInstanceOf(Claim.Mismatch.class);
        complete(scope, key, CREATED);
        assertThat(claim(scope, key, "b", NOW)).isInstanceOf(Claim.Mismatch.class);
    }

    @Test
    void given_a_released_key_when_claiming_again_then_it_is_acquired_but_a_completed_one_is_not_released() {
        Scope scope = tenantScope(newTenant(), newUser());
        String released = key();
        claim(scope, released, "a", NOW);
        in(scope, () -> {
            store().release(scope, released);
            return null;
        });
        assertThat(claim(scope, released, "a", NOW)).isInstanceOf(Claim.Acquired.class);

        String done = key();
        claim(scope, done, "a", NOW);
        complete(scope, done, CREATED);
        in(scope, () -> {
            store().release(scope, done);
            return null;
        });
        assertThat(claim(scope, done, "a", NOW)).isEqualTo(new Claim.Done(CREATED));
    }

    @Test
    void given_an_expired_key_when_claiming_then_it_is_acquired_afresh_even_with_another_fingerprint() {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();
        claim(scope, key, "a", NOW);
        complete(scope, key, CREATED);

        Instant dayLater = EXPIRES.plusSeconds(1);
        assertThat(claim(scope, key, "b", dayLater)).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void given_a_running_key_whose_lock_lapsed_when_claiming_then_it_is_taken_over() {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();
        claim(scope, key, "a", NOW);

        assertThat(claim(scope, key, "a", LOCKED_UNTIL.plusSeconds(1))).isInstanceOf(Claim.Acquired.class);
        assertThat(claim(scope, key, "a", LOCKED_UNTIL.plusSeconds(2))).isInstanceOf(Claim.Running.class);
    }

    @Test
    void given_the_same_key_in_two_tenants_when_claiming_then_each_tenant_has_its_own() {
        User user = newUser();
        Scope a = tenantScope(newTenant(), user);
        Scope b = tenantScope(newTenant(), user);
        String key = key();
        claim(a, key, "a", NOW);
        complete(a, key, CREATED);

        assertThat(claim(b, key, "other", NOW)).isInstanceOf(Claim.Acquired.class);
    }

    @Test
    void given_the_same_key_for_two_users_without_tenant_when_claiming_then_each_user_has_their_own() {
        Scope a = new Scope(newUser().id(), Optional.empty());
        Scope b = new Scope(newUser().id(), Optional.empty());
        String key = key();
        claim(a, key, "a", NOW);
        complete(a, key, CREATED);

        assertThat(claim(b, key, "other", NOW)).isInstanceOf(Claim.Acquired.class);
        assertThat(claim(a, key, "a", NOW)).isEqualTo(new Claim.Done(CREATED));
    }

    @Test
    void given_a_unit_of_work_of_tenant_b_when_claiming_a_key_of_tenant_a_then_refused() {
        User user = newUser();
        Scope a = tenantScope(newTenant(), user);
        Tenant b = newTenant();

        assertThatThrownBy(() -> ports().unitOfWork().inTenant(b.id(),
                () -> store().claim(a, key(), bytes("a"), NOW, LOCKED_UNTIL, EXPIRES)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void given_twenty_concurrent_claims_of_one_key_then_exactly_one_acquires() throws Exception {
        Scope scope = tenantScope(newTenant(), newUser());
        String key = key();
        int threads = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Claim> attempt = () -> {
                    start.await();
                    return claim(scope, key, "a", NOW);
                };
                claims.add(pool.submit(attempt));
            }
            start.countDown();
            int acquired = 0;
            for (Future<Claim> claim : claims) {
                Claim result = claim.get();
                if (result instanceof Claim.Acquired) {
                    acquired++;
                } else {
                    assertThat(result).isInstanceOf(Claim.Running.class);
                }
            }
            assertThat(acquired).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
