package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Hosted UI's state: signed, bound to the PKCE challenge, short-lived; checked before Cognito is ever called. */
class HostedUiTest {
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    // Nothing listens on port 1: a state that passes the checks reaches the token endpoint and finds it down.
    private static final URI UNREACHABLE = URI.create("http://127.0.0.1:1");

    private static HostedUi at(Instant now) {
        return new HostedUi(new HostedUi.Settings(UNREACHABLE, "client", Optional.empty(),
                () -> URI.create("https://shop.example.com/app/"), AuthFixture.SECRET, Duration.ofMinutes(10),
                Duration.ofSeconds(2)), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void the_rfc_7636_example_verifier_has_the_rfc_7636_example_challenge() {
        assertThat(HostedUi.challengeOf(VERIFIER)).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void a_state_older_than_ten_minutes_is_refused_as_expired() {
        String state = at(NOW).start(HostedUi.challengeOf(VERIFIER)).state();

        assertThatThrownBy(() -> at(NOW.plus(Duration.ofMinutes(10)).plusSeconds(1)).exchange("code", state, VERIFIER))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type).isEqualTo(ProblemType.UNAUTHORIZED);
                    assertThat(e.code).isEqualTo("sign-in-expired");
                    assertThat(e.field).isEqualTo("state");
                });
    }

    @Test
    void a_state_signed_with_another_key_is_refused() {
        HostedUi other = new HostedUi(new HostedUi.Settings(UNREACHABLE, "client", Optional.empty(),
                () -> URI.create("https://shop.example.com/app/"), new byte[32], Duration.ofMinutes(10),
                Duration.ofSeconds(2)), Clock.fixed(NOW, ZoneOffset.UTC));
        String state = other.start(HostedUi.challengeOf(VERIFIER)).state();

        assertThatThrownBy(() -> at(NOW).exchange("code", state, VERIFIER))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code).isEqualTo("invalid-state"));
    }

    @Test
    void a_valid_state_reaches_the_token_endpoint_and_an_unreachable_one_is_a_503() {
        String state = at(NOW).start(HostedUi.challengeOf(VERIFIER)).state();

        assertThatThrownBy(() -> at(NOW.plusSeconds(60)).exchange("code", state, VERIFIER))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.type).isEqualTo(ProblemType.SERVICE_UNAVAILABLE));
    }
}
