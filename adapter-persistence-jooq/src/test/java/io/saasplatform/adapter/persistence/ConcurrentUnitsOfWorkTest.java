package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.CatalogRepository.CycleException;
import io.saasplatform.application.port.out.RefreshTokenStore.Family;
import io.saasplatform.application.port.out.RefreshTokenStore.TokenState;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.application.service.CatalogService;
import io.saasplatform.application.service.TenantService;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two units of work racing on one row, on real PostgreSQL: the first holds its locks until told to commit, the second
 * is started and observed waiting for a lock (in {@code pg_stat_activity}, never by sleeping), then the first
 * commits and the second must see its result.
 */
class ConcurrentUnitsOfWorkTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final JooqFixture FIXTURE = new JooqFixture(3);
    private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

    @AfterAll
    static void close() {
        THREADS.shutdownNow();
        FIXTURE.close();
    }

    @Test
    void given_two_refreshes_of_one_token_when_racing_then_the_second_waits_and_sees_the_first_rotation() throws Exception {
        PersistenceAdapter adapter = FIXTURE.adapter();
        User user = newUser(adapter);
        Family family = new Family(UUID.randomUUID(), user.id(), Optional.empty(), NOW, NOW.plus(30, ChronoUnit.DAYS),
                NOW, Optional.empty());
        byte[] hash = randomHash();
        byte[] successor = randomHash();
        byte[] sealed = {7, 7, 7};
        Instant rotatedAt = NOW.plusSeconds(60);
        adapter.unitOfWork().withoutTenant(() -> {
            adapter.refreshTokens().createFamily(family);
            adapter.refreshTokens().insertToken(family.id(), hash, NOW);
            return null;
        });
        CountDownLatch firstLocked = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);

        Future<TokenState> first = THREADS.submit(() -> adapter.unitOfWork().withoutTenant(() -> {
            TokenState seen = adapter.refreshTokens().lockByHash(hash).orElseThrow();
            firstLocked.countDown();
            await(firstMayCommit);
            adapter.refreshTokens().markRotated(hash, rotatedAt, successor, sealed);
            adapter.refreshTokens().insertToken(family.id(), successor, rotatedAt);
            adapter.refreshTokens().touchFamily(family.id(), rotatedAt, Optional.empty());
            return seen;
        }));
        await(firstLocked);
        Future<TokenState> second = THREADS.submit(() ->
                adapter.unitOfWork().withoutTenant(() -> adapter.refreshTokens().lockByHash(hash).orElseThrow()));

        awaitSessionsWaitingForALock(1);
        assertThat(second).as("the second refresh waits for the first").isNotDone();
        firstMayCommit.countDown();

        assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).usedAt()).isEmpty();
        TokenState afterRotation = second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(afterRotation.usedAt()).as("the second sees the first's rotation").contains(rotatedAt);
        assertThat(afterRotation.sealedSuccessor()).hasValueSatisfying(value -> assertThat(value).isEqualTo(sealed));
        assertThat(afterRotation.family().lastUsedAt()).isEqualTo(rotatedAt);
    }

    @Test
    void given_two_acceptances_of_one_invitation_when_racing_then_the_second_waits_and_is_refused() throws Exception {
        PersistenceAdapter adapter = FIXTURE.adapter();
        Tenant tenant = newTenant(adapter);
        User inviter = newUser(adapter);
        User first = newUser(adapter);
        User second = newUser(adapter);
        Invitation invitation = new Invitation(UUID.randomUUID(), tenant.id(), EmailAddress.of(unique() + "@example.com"),
                Role.STAFF, inviter.id(), NOW, NOW.plus(7, ChronoUnit.DAYS), Optional.empty());
        adapter.unitOfWork().runInTenant(tenant.id(), () -> adapter.invitations().insert(invitation, randomHash()));
        CountDownLatch firstAccepted = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);

        Future<Boolean> winner = THREADS.submit(() -> adapter.unitOfWork().inTenant(tenant.id(), () -> {
            boolean accepted = adapter.invitations().markAccepted(invitation.id(), first.id(), NOW.plusSeconds(1));
            firstAccepted.countDown();
            await(firstMayCommit);
            return accepted;
        }));
        await(firstAccepted);
        Future<Boolean> loser = THREADS.submit(() -> adapter.unitOfWork().inTenant(tenant.id(), () ->
                adapter.invitations().markAccepted(invitation.id(), second.id(), NOW.plusSeconds(2))));

        awaitSessionsWaitingForALock(1);
        assertThat(loser).isNotDone();
        firstMayCommit.countDown();

        assertThat(winner.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(loser.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void given_two_owners_demoted_concurrently_when_each_counts_owners_for_update_then_the_second_sees_one() throws Exception {
        PersistenceAdapter adapter = FIXTURE.adapter();
        Tenant tenant = newTenant(adapter);
        User alice = newUser(adapter);
        User bob = newUser(adapter);
        adapter.unitOfWork().runInTenant(tenant.id(), () -> {
            adapter.memberships().save(new Membership(tenant.id(), alice.id(), Role.OWNER));
            adapter.memberships().save(new Membership(tenant.id(), bob.id(), Role.OWNER));
        });
        CountDownLatch firstDemoted = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);

        Future<Integer> first = THREADS.submit(() -> adapter.unitOfWork().inTenant(tenant.id(), () -> {
            int owners = adapter.memberships().countOwnersForUpdate();
            adapter.memberships().save(new Membership(tenant.id(), alice.id(), Role.ADMIN));
            firstDemoted.countDown();
            await(firstMayCommit);
            return owners;
        }));
        await(firstDemoted);
        Future<Integer> second = THREADS.submit(() ->
                adapter.unitOfWork().inTenant(tenant.id(), () -> adapter.memberships().countOwnersForUpdate()));

        awaitSessionsWaitingForALock(1);
        assertThat(second).isNotDone();
        firstMayCommit.countDown();

        assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .as("bob's demotion would now leave no owner, and the count says so")
                .isEqualTo(1);
    }

    @Test
    void given_two_moves_that_close_a_cycle_together_when_racing_then_the_second_waits_and_is_refused() throws Exception {
        PersistenceAdapter adapter = FIXTURE.adapter();
        Tenant tenant = newTenant(adapter);
        // Two trees, z <- y and x <- w. Moving x under y and z under w is fine one at a time, but together the moves
        // close x -> y -> z -> w -> x. They touch four different rows, so no row lock orders them: only the
        // trigger's per-tenant lock makes the second check see the first move.
        Category z = Category.create(Optional.empty(), "Z", Slug.of("z"), 0, NOW);
        Category y = Category.create(Optional.of(z.id()), "Y", Slug.of("y"), 0, NOW);
        Category x = Category.create(Optional.empty(), "X", Slug.of("x"), 0, NOW);
        Category w = Category.create(Optional.of(x.id()), "W", Slug.of("w"), 0, NOW);
        adapter.unitOfWork().runInTenant(tenant.id(), () -> List.of(z, y, x, w).forEach(adapter.catalog()::insertCategory));
        CountDownLatch firstMoved = new CountDownLatch(1);
        CountDownLatch firstMayCommit = new CountDownLatch(1);

        Future<Optional<Category>> first = THREADS.submit(() -> adapter.unitOfWork().inTenant(tenant.id(), () -> {
            Optional<Category> moved = adapter.catalog().updateCategory(
                    x.changed(Optional.of(y.id()), x.name(), x.slug(), 0, NOW.plusSeconds(1)));
            firstMoved.countDown();
            await(firstMayCommit);
            return moved;
        }));
        await(firstMoved);
        Future<Optional<Category>> second = THREADS.submit(() -> adapter.unitOfWork().inTenant(tenant.id(), () ->
                adapter.catalog().updateCategory(z.changed(Optional.of(w.id()), z.name(), z.slug(), 0, NOW.plusSeconds(2)))));

        awaitSessionsWaitingForALock(1);
        assertThat(second).as("the second move waits for the first").isNotDone();
        firstMayCommit.countDown();

        assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isPresent();
        assertThatThrownBy(() -> second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CycleException.class);
        assertThat(adapter.unitOfWork().inTenant(tenant.id(), () -> adapter.catalog().ancestorsOf(x.id())))
                .containsExactly(y.id(), z.id());
    }

    @Test
    void given_a_price_validated_against_the_default_currency_when_the_default_changes_meanwhile_then_the_change_waits_and_refuses()
            throws Exception {
        PersistenceAdapter adapter = FIXTURE.adapter();
        User owner = newUser(adapter);
        TenantService tenantService = new TenantService(
                adapter.unitOfWork(), adapter.tenants(), adapter.users(), adapter.memberships(), adapter.catalog(),
                adapter.invitations());
        Tenant tenant = tenantService.createTenant(new CreateTenantCommand(
                owner.id(), "shop-" + UUID.randomUUID().toString().substring(0, 8), "Saffron Shop", "KWD"));
        Actor actor = new Actor(owner.id(), tenant.id());
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch insertMayCommit = new CountDownLatch(1);
        CatalogRepository pausingAfterInsert = (CatalogRepository) Proxy.newProxyInstance(
                CatalogRepository.class.getClassLoader(), new Class<?>[] {CatalogRepository.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(adapter.catalog(), args);
                        if (method.getName().equals("insertProduct")) {
                            inserted.countDown();
                            await(insertMayCommit);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CatalogService catalog = new CatalogService(
                adapter.unitOfWork(), adapter.memberships(), adapter.tenants(), pausingAfterInsert, Clock.systemUTC());

        // A KWD price with 3 decimals, inheriting the default: valid now, invalid in USD.
        Future<PricedProduct> write = THREADS.submit(() -> catalog.createProduct(actor,
                new ProductDraft("Saffron", null, null, new BigDecimal("12.345"), null, null, "published")));
        await(inserted);
        Future<Tenant> change = THREADS.submit(() -> tenantService.changeDefaultCurrency(actor, "USD"));
        awaitSessionsWaitingForALock(1);

        assertThat(change).as("the currency change waits for the product write").isNotDone();
        insertMayCommit.countDown();

        assertThat(write.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).price().formatted()).isEqualTo("12.345");
        assertThatThrownBy(() -> change.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ConflictException.class)
                .hasMessageContaining("1 product");
        assertThat(tenantService.getTenant(actor).defaultCurrency()).isEqualTo(CurrencyCode.of("KWD"));
    }

    /** Polls the server's own view of its sessions; the condition, not a delay, ends the wait. */
    private static void awaitSessionsWaitingForALock(int sessions) throws SQLException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try (Connection admin = FIXTURE.database().admin().getConnection();
                PreparedStatement waiting = admin.prepareStatement("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND application_name = 'saas-platform'
                          AND wait_event_type = 'Lock'""")) {
            while (true) {
                try (ResultSet row = waiting.executeQuery()) {
                    row.next();
                    if (row.getInt(1) >= sessions) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no session started waiting for a lock within " + PATIENCE);
                }
                LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static User newUser(PersistenceAdapter adapter) {
        return adapter.unitOfWork().withoutTenant(() ->
                adapter.users().insertOrGet(User.register(EmailAddress.of("racer-" + unique() + "@example.com"))));
    }

    private static Tenant newTenant(PersistenceAdapter adapter) {
        Tenant tenant = Tenant.open(Slug.of("race-" + unique()), "Race", CurrencyCode.of("KWD"));
        adapter.unitOfWork().runInTenant(tenant.id(), () -> adapter.tenants().insert(tenant));
        return tenant;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 13);
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }
}
