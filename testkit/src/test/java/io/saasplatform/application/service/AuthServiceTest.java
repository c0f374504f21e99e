package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.FakeIdentityTokenVerifier;
import io.saasplatform.testkit.fake.InMemoryMembershipRepository;
import io.saasplatform.testkit.fake.InMemoryRateLimiter;
import io.saasplatform.testkit.fake.InMemoryRefreshTokenStore;
import io.saasplatform.testkit.fake.InMemoryTenantRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.InMemoryUserRepository;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.AuthUseCase.SignIn;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.RateLimitedException;
import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.application.port.out.RefreshTokenStore.Family;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AuthServiceTest {
    private static final byte[] SECRET = "a-test-secret-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    private static final String ADDRESS = "203.0.113.7";

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    private final InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
    private final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork);
    private final InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore(unitOfWork);
    private final FakeIdentityTokenVerifier identities = new FakeIdentityTokenVerifier();
    private final InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter(clock);
    private final TenantService tenantService =
            new TenantService(unitOfWork, tenants, users, memberships, new InMemoryCatalogRepository(unitOfWork),
                    new io.saasplatform.testkit.fake.InMemoryInvitationRepository(unitOfWork));
    private final AuthService auth = authService(AuthSettings.defaults(SECRET));

    // --- development sign-in

    @Test
    void given_unknown_email_when_dev_login_then_user_created_without_tenant_or_refresh_token() {
        SignIn signIn = auth.devLogin("Ann@Example.com", Optional.empty(), ADDRESS);

        assertThat(signIn.user().email()).isEqualTo(EmailAddress.of("ann@example.com"));
        assertThat(users.allRows()).containsExactly(signIn.user());
        assertThat(signIn.tenant()).isEmpty();
        assertThat(signIn.refreshToken()).isEmpty();
        assertThat(auth.devLogin("ann@example.com", Optional.empty(), ADDRESS).user()).isEqualTo(signIn.user());
    }

    @Test
    void given_member_when_dev_login_with_tenant_slug_then_scoped_to_that_tenant_with_role() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");

        SignIn signIn = auth.devLogin("ann@example.com", Optional.of("acme"), ADDRESS);

        assertThat(signIn.tenant()).contains(new TenantGrant(acme.id(), acme.slug(), acme.name(), Role.OWNER));
    }

    @Test
    void given_non_member_when_dev_login_with_tenant_slug_then_forbidden() {
        tenantOwnedBy(registeredUser("ann@example.com"), "acme");

        assertThatThrownBy(() -> auth.devLogin("eve@example.com", Optional.of("acme"), ADDRESS))
                .isInstanceOf(ForbiddenException.class);
    }

    @Test
    void given_unknown_slug_when_dev_login_then_tenant_not_found() {
        assertThatThrownBy(() -> auth.devLogin("ann@example.com", Optional.of("nowhere"), ADDRESS))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));
    }

    // --- sign-in with an ID token

    @Test
    void given_user_of_exactly_one_tenant_when_login_without_slug_then_that_tenant_and_a_refresh_token() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");

        SignIn signIn = auth.login(identities.issue("id-ann", "ann@example.com"), Optional.empty(), ADDRESS);

        assertThat(signIn.user()).isEqualTo(ann);
        assertThat(signIn.tenant()).map(TenantGrant::id).contains(acme.id());
        assertThat(signIn.refreshToken()).hasValueSatisfying(token -> {
            assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
            assertThat(token.familyExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));
        });
        assertThat(refreshTokens.families()).singleElement().satisfies(family -> {
            assertThat(family.user()).isEqualTo(ann.id());
            assertThat(family.selectedTenant()).contains(acme.id());
        });
    }

    @Test
    void given_user_of_two_tenants_when_login_without_slug_then_no_tenant() {
        User ann = registeredUser("ann@example.com");
        tenantOwnedBy(ann, "acme");
        tenantOwnedBy(ann, "bolt");

        SignIn signIn = auth.login(identities.issue("id-ann", "ann@example.com"), Optional.empty(), ADDRESS);

        assertThat(signIn.tenant()).isEmpty();
        assertThat(signIn.refreshToken()).isPresent();
    }

    @Test
    void given_new_person_when_login_then_user_created_without_tenant() {
        SignIn signIn = auth.login(identities.issue("id-new", "new@example.com"), Optional.empty(), ADDRESS);

        assertThat(users.allRows()).containsExactly(signIn.user());
        assertThat(signIn.tenant()).isEmpty();
    }

    @Test
    void given_non_member_when_login_with_slug_then_forbidden_and_no_session_started() {
        tenantOwnedBy(registeredUser("ann@example.com"), "acme");

        assertThatThrownBy(() -> auth.login(identities.issue("id-eve", "eve@example.com"), Optional.of("acme"), ADDRESS))
                .isInstanceOf(ForbiddenException.class);

        assertThat(refreshTokens.families()).isEmpty();
    }

    @Test
    void given_invalid_id_token_when_login_then_invalid_credentials_and_nobody_created() {
        assertThatThrownBy(() -> auth.login("forged", Optional.empty(), ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.login("", Optional.empty(), ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class);

        assertThat(users.allRows()).isEmpty();
    }

    // --- refresh-token rotation

    @Test
    void given_refresh_token_when_refreshing_then_rotated_to_a_new_token_in_the_same_tenant() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");
        SignIn first = login("ann@example.com", Optional.empty());

        SignIn refreshed = auth.refresh(token(first), ADDRESS);

        assertThat(token(refreshed)).isNotEqualTo(token(first));
        assertThat(refreshed.user()).isEqualTo(ann);
        assertThat(refreshed.tenant()).map(TenantGrant::id).contains(acme.id());
        assertThat(refreshed.refreshToken().orElseThrow().familyExpiresAt())
                .isEqualTo(first.refreshToken().orElseThrow().familyExpiresAt());
        assertThat(token(auth.refresh(token(refreshed), ADDRESS))).isNotIn(token(first), token(refreshed));
    }

    @Test
    void given_rotated_token_when_reused_after_grace_window_then_family_revoked_and_even_newest_token_refused() {
        registeredUser("ann@example.com");
        SignIn first = login("ann@example.com", Optional.empty());
        String newest = token(auth.refresh(token(first), ADDRESS));
        clock.advance(Duration.ofSeconds(11));

        assertThatThrownBy(() -> auth.refresh(token(first), ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class)
                .hasMessageContaining("revoked");

        assertThat(refreshTokens.families()).singleElement()
                .satisfies(family -> assertThat(family.revokedAt()).contains(clock.instant()));
        assertThatThrownBy(() -> auth.refresh(newest, ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void given_rotated_token_when_reused_within_grace_window_then_same_successor_without_second_rotation() {
        registeredUser("ann@example.com");
        SignIn first = login("ann@example.com", Optional.empty());
        String successor = token(auth.refresh(token(first), ADDRESS));
        int issued = refreshTokens.tokenCount();
        clock.advance(Duration.ofSeconds(10));

        String again = token(auth.refresh(token(first), ADDRESS));

        assertThat(again).isEqualTo(successor);
        assertThat(refreshTokens.tokenCount()).isEqualTo(issued);
        assertThat(refreshTokens.families()).singleElement()
                .satisfies(family -> assertThat(family.revokedAt()).isEmpty());
        assertThat(auth.refresh(successor, ADDRESS).refreshToken()).isPresent();
    }

    @Test
    void given_twenty_concurrent_refreshes_of_one_token_then_exactly_one_rotation_and_all_hold_the_same_valid_token()
            throws Exception {
        registeredUser("ann@example.com");
        String original = token(login("ann@example.com", Optional.empty()));
        int callers = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                String address = "198.51.100." + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return token(auth.refresh(original, address));
                }));
            }
            start.countDown();
            Set<String> tokens = new HashSet<>();
            for (Future<String> result : results) {
                tokens.add(result.get());
            }

            assertThat(tokens).hasSize(1);
            assertThat(refreshTokens.tokenCount()).as("the original and one successor").isEqualTo(2);
            assertThat(auth.refresh(tokens.iterator().next(), ADDRESS).refreshToken()).isPresent();
        }
    }

    @Test
    void given_continuous_rotation_when_absolute_lifetime_passes_then_refused() {
        registeredUser("ann@example.com");
        String current = token(login("ann@example.com", Optional.empty()));
        for (int day = 6; day < 30; day += 6) {
            clock.advance(Duration.ofDays(6));
            current = token(auth.refresh(current, ADDRESS));
        }
        clock.advance(Duration.ofDays(6));
        String last = current;

        assertThatThrownBy(() -> auth.refresh(last, ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void given_family_unused_for_longer_than_idle_timeout_when_refreshing_then_refused_and_revoked() {
        registeredUser("ann@example.com");
        String token = token(login("ann@example.com", Optional.empty()));
        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThatThrownBy(() -> auth.refresh(token, ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class)
                .hasMessageContaining("idle");

        assertThat(refreshTokens.families()).singleElement()
                .satisfies(family -> assertThat(family.revokedAt()).isPresent());
    }

    @Test
    void given_family_used_just_within_idle_timeout_when_refreshing_then_rotated() {
        registeredUser("ann@example.com");
        String token = token(login("ann@example.com", Optional.empty()));
        clock.advance(Duration.ofDays(7));

        assertThat(auth.refresh(token, ADDRESS).refreshToken()).isPresent();
    }

    @Test
    void given_unknown_refresh_token_when_refreshing_then_invalid_credentials() {
        assertThatThrownBy(() -> auth.refresh("not-a-token", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.refresh("x".repeat(10_000), ADDRESS))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void given_member_removed_from_selected_tenant_when_refreshing_then_token_rotated_without_tenant() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");
        User bob = registeredUser("bob@example.com");
        tenantService.addMember(new Actor(ann.id(), acme.id()), bob.id(), Role.STAFF);
        SignIn bobSignIn = login("bob@example.com", Optional.of("acme"));
        tenantService.removeMember(new Actor(ann.id(), acme.id()), bob.id());

        SignIn refreshed = auth.refresh(token(bobSignIn), ADDRESS);

        assertThat(refreshed.tenant()).isEmpty();
        assertThat(refreshed.refreshToken()).isPresent();
    }

    // --- logout

    @Test
    void given_signed_in_user_when_logging_out_then_family_revoked_and_refresh_refused() {
        registeredUser("ann@example.com");
        SignIn first = login("ann@example.com", Optional.empty());
        String rotated = token(auth.refresh(token(first), ADDRESS));

        auth.logout(token(first));

        assertThatThrownBy(() -> auth.refresh(rotated, ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
        assertThatCode(() -> auth.logout(rotated)).doesNotThrowAnyException();
    }

    @Test
    void given_unknown_or_missing_token_when_logging_out_then_nothing_happens() {
        assertThatCode(() -> {
                    auth.logout("unknown");
                    auth.logout("");
                    auth.logout(null);
                })
                .doesNotThrowAnyException();
    }

    // --- rate limits

    @Test
    void given_too_many_sign_ins_from_one_address_then_rate_limited_until_the_window_ends() {
        for (int i = 0; i < 10; i++) {
            auth.devLogin("user" + i + "@example.com", Optional.empty(), ADDRESS);
        }

        assertThatThrownBy(() -> auth.devLogin("late@example.com", Optional.empty(), ADDRESS))
                .isInstanceOfSatisfying(
                        RateLimitedException.class, e -> assertThat(e.retryAfter()).isPositive());
        assertThat(auth.devLogin("other@example.com", Optional.empty(), "192.0.2.1").user()).isNotNull();

        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.devLogin("late@example.com", Optional.empty(), ADDRESS).user()).isNotNull();
    }

    @Test
    void given_too_many_sign_ins_for_one_account_from_many_addresses_then_rate_limited() {
        for (int i = 0; i < 5; i++) {
            auth.login(identities.issue("id-ann", "ann@example.com"), Optional.empty(), "192.0.2." + i);
        }

        assertThatThrownBy(() -> auth.login("id-ann", Optional.empty(), "192.0.2.99"))
                .isInstanceOfSatisfying(
                        RateLimitedException.class, e -> assertThat(e.retryAfter()).isPositive());
    }

    @Test
    void given_invalid_id_tokens_from_one_address_then_rate_limited_before_verifying() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> auth.login("forged", Optional.empty(), ADDRESS))
                    .isInstanceOf(InvalidCredentialsException.class);
        }
        String valid = identities.issue("id-ann", "ann@example.com");

        assertThatThrownBy(() -> auth.login(valid, Optional.empty(), ADDRESS))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void given_too_many_refreshes_from_one_address_then_rate_limited() {
        int allowed = AuthSettings.DEFAULT_PER_ADDRESS.attempts() * 6;
        for (int i = 0; i < allowed; i++) {
            assertThatThrownBy(() -> auth.refresh("guess", ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
        }

        assertThatThrownBy(() -> auth.refresh("guess", ADDRESS)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void given_a_hundred_sessions_behind_one_address_when_each_refreshes_then_none_is_rate_limited() {
        // An office behind one NAT address: successful refreshes must never count against the address.
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String email = "user" + i + "@example.com";
            // Signed in from anywhere (sign-in has its own per-address limit); all refresh from the office address.
            tokens.add(token(auth.login(identities.issue("id-" + email, email), Optional.empty(), "192.0.2." + i)));
        }

        for (String refreshToken : tokens) {
            assertThat(auth.refresh(refreshToken, ADDRESS).refreshToken()).isPresent();
        }
    }

    @Test
    void given_one_family_refreshing_faster_than_its_limit_then_rate_limited_without_revoking_it() {
        String refreshToken = token(login("ann@example.com", Optional.empty()));
        int allowed = AuthSettings.DEFAULT_PER_ADDRESS.attempts() * 3;
        for (int i = 0; i < allowed; i++) {
            refreshToken = token(auth.refresh(refreshToken, ADDRESS));
        }
        String current = refreshToken;

        assertThatThrownBy(() -> auth.refresh(current, ADDRESS)).isInstanceOf(RateLimitedException.class);
        clock.advance(AuthSettings.DEFAULT_PER_ADDRESS.window());
        assertThat(auth.refresh(current, ADDRESS).refreshToken()).as("the family was not revoked").isPresent();
    }

    @Test
    void given_a_rotation_past_its_grace_window_and_an_expired_session_when_purging_then_both_are_gone() {
        String first = token(login("ann@example.com", Optional.empty()));
        String second = token(auth.refresh(first, ADDRESS));
        String other = token(login("bob@example.com", Optional.empty()));

        assertThat(auth.purgeStaleSessions()).as("within the grace window nothing goes")
                .isEqualTo(new SessionHousekeeping.Purged(0, 0));
        clock.advance(AuthSettings.DEFAULT_GRACE_WINDOW.plusSeconds(1));
        SessionHousekeeping.Purged afterGrace = auth.purgeStaleSessions();
        clock.advance(AuthSettings.DEFAULT_IDLE_TIMEOUT.plusDays(1));
        SessionHousekeeping.Purged afterIdle = auth.purgeStaleSessions();

        assertThat(afterGrace).isEqualTo(new SessionHousekeeping.Purged(1, 0));
        assertThat(afterIdle.familiesDeleted()).isEqualTo(2);
        assertThat(refreshTokens.families()).isEmpty();
        assertThat(refreshTokens.tokenCount()).isZero();
        assertThatThrownBy(() -> auth.refresh(second, ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> auth.refresh(other, ADDRESS)).isInstanceOf(InvalidCredentialsException.class);
    }

    // --- switching tenants and me

    @Test
    void given_member_of_two_tenants_when_switching_then_grant_for_the_other_and_refresh_follows() {
        User ann = registeredUser("ann@example.com");
        tenantOwnedBy(ann, "acme");
        Tenant bolt = tenantOwnedBy(ann, "bolt");
        SignIn signIn = login("ann@example.com", Optional.of("acme"));

        SignIn switched = auth.switchTenant(ann.id(), "bolt", signIn.refreshToken().map(t -> t.value()));

        assertThat(switched.tenant()).map(TenantGrant::id).contains(bolt.id());
        assertThat(switched.refreshToken()).isEmpty();
        assertThat(auth.refresh(token(signIn), ADDRESS).tenant()).map(TenantGrant::id).contains(bolt.id());
    }

    @Test
    void given_refresh_token_of_another_user_when_switching_then_that_family_is_untouched() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");
        User bob = registeredUser("bob@example.com");
        tenantOwnedBy(bob, "bolt");
        tenantService.addMember(new Actor(bob.id(), tenants.allRows().getLast().id()), ann.id(), Role.STAFF);
        SignIn bobSignIn = login("bob@example.com", Optional.empty());

        auth.switchTenant(ann.id(), "acme", Optional.of(token(bobSignIn)));

        assertThat(refreshTokens.families()).singleElement()
                .extracting(Family::selectedTenant)
                .isNotEqualTo(Optional.of(acme.id()));
    }

    @Test
    void given_non_member_when_switching_then_forbidden_and_unknown_slug_not_found() {
        User ann = registeredUser("ann@example.com");
        tenantOwnedBy(registeredUser("bob@example.com"), "bolt");

        assertThatThrownBy(() -> auth.switchTenant(ann.id(), "bolt", Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> auth.switchTenant(ann.id(), "nowhere", Optional.empty()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));
    }

    @Test
    void given_member_when_asking_me_then_user_and_tenant_grant_and_none_once_removed() {
        User ann = registeredUser("ann@example.com");
        Tenant acme = tenantOwnedBy(ann, "acme");
        User bob = registeredUser("bob@example.com");
        tenantService.addMember(new Actor(ann.id(), acme.id()), bob.id(), Role.ADMIN);

        assertThat(auth.me(bob.id(), Optional.of(acme.id())).tenant())
                .contains(new TenantGrant(acme.id(), acme.slug(), acme.name(), Role.ADMIN));

        tenantService.removeMember(new Actor(ann.id(), acme.id()), bob.id());
        SignIn me = auth.me(bob.id(), Optional.of(acme.id()));
        assertThat(me.user()).isEqualTo(bob);
        assertThat(me.tenant()).isEmpty();
    }

    @Test
    void given_unknown_user_when_asking_me_then_invalid_credentials() {
        assertThatThrownBy(() -> auth.me(UserId.random(), Optional.empty()))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    // --- settings and sealing

    @Test
    void given_grace_window_above_ten_seconds_or_short_key_when_configuring_then_refused() {
        AuthSettings defaults = AuthSettings.defaults(SECRET);

        assertThatThrownBy(() -> defaults.withGraceWindow(Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("graceWindow");
        assertThatThrownBy(() -> AuthSettings.defaults(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }

    @Test
    void given_sealed_token_when_unsealing_with_other_key_or_tampered_then_refused() {
        TokenCrypto crypto = new TokenCrypto(SECRET);
        byte[] sealed = crypto.seal("secret-token");

        assertThat(crypto.unseal(sealed)).isEqualTo("secret-token");
        assertThat(crypto.seal("secret-token")).as("random IV").isNotEqualTo(sealed);
        assertThatThrownBy(() -> new TokenCrypto("another-secret-key-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8))
                        .unseal(sealed))
                .isInstanceOf(IllegalArgumentException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> crypto.unseal(sealed)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers

    private AuthService authService(AuthSettings settings) {
        return new AuthService(
                settings, clock, unitOfWork, tenants, users, memberships, refreshTokens, identities, rateLimiter);
    }

    private SignIn login(String email, Optional<String> slug) {
        return auth.login(identities.issue("id-" + email, email), slug, "192.0.2.200");
    }

    private static String token(SignIn signIn) {
        return signIn.refreshToken().orElseThrow().value();
    }

    private User registeredUser(String email) {
        return unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(EmailAddress.of(email))));
    }

    private Tenant tenantOwnedBy(User owner, String slug) {
        return tenantService.createTenant(new CreateTenantCommand(owner.id(), slug, "Shop " + slug, "USD"));
    }
}
