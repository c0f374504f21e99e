package io.saasplatform.adapter.http;

import static io.saasplatform.adapter.http.AuthFixture.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.saasplatform.domain.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessTokensTest {
    private static final Clock CLOCK = Clock.fixed(FakeUseCases.NOW, ZoneOffset.UTC);
    private final AccessTokens tokens = new AccessTokens(AccessTokens.Settings.withDefaults(SECRET), CLOCK);

    @Test
    void given_tenant_grant_when_issued_then_it_verifies_with_user_tenant_and_role() throws Exception {
        AccessTokens.Issued issued = tokens.issue(FakeUseCases.ALICE.id(), Optional.of(FakeUseCases.ACME_OWNER));

        AccessTokens.Verified verified = tokens.verify(issued.token());

        assertThat(verified.user()).isEqualTo(FakeUseCases.ALICE.id());
        assertThat(verified.tenant()).contains(FakeUseCases.ACME.id());
        assertThat(verified.role()).contains(Role.OWNER);
        assertThat(issued.expiresInSeconds()).isEqualTo(900);
    }

    @Test
    void given_issued_token_when_decoded_then_it_has_exactly_the_documented_header_and_claims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.issue(FakeUseCases.ALICE.id(), Optional.empty()).token());

        assertThat(jwt.getHeader().getIncludedParams()).containsExactlyInAnyOrder("alg", "typ");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(jwt.getJWTClaimsSet().getClaims().keySet())
                .containsExactlyInAnyOrder("iss", "aud", "sub", "iat", "exp", "jti");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isEqualTo(FakeUseCases.NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void given_token_of_another_secret_when_verified_then_rejected() {
        AccessTokens other = new AccessTokens(AccessTokens.Settings.withDefaults(
                "another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)), CLOCK);
        String token = other.issue(FakeUseCases.ALICE.id(), Optional.empty()).token();

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(AccessTokens.Rejected.class);
    }

    @Test
    void given_ten_thousand_nested_arrays_past_the_size_cap_when_verified_then_rejected_not_an_error() {
        // Lift the size cap so that the parser itself meets the nesting.
        AccessTokens uncapped = new AccessTokens(AccessTokens.Settings.withDefaults(SECRET), CLOCK, 1 << 20);
        String claims = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        String token = AuthFixture.hs256(AuthFixture.json(AuthFixture.validHeader()), claims, SECRET);

        assertThatThrownBy(() -> uncapped.verify(token)).isInstanceOf(AccessTokens.Rejected.class);
    }

    @Test
    void given_short_secret_when_configured_then_refused() {
        assertThatThrownBy(() -> AccessTokens.Settings.withDefaults(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void given_clock_skew_over_two_minutes_when_configured_then_refused() {
        assertThatThrownBy(() -> new AccessTokens.Settings(SECRET, "i", "a", Duration.ofMinutes(15),
                Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void given_settings_when_printed_then_the_secret_is_redacted() {
        assertThat(AccessTokens.Settings.withDefaults(SECRET).toString())
                .contains("<redacted>")
                .doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }
}
