package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.testsupport.TestRedis;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * AUTH_MODE=cognito with sign-in through the Hosted UI (authorization code + PKCE S256), against a
 * {@link StubAuthorizationServer} standing in for Cognito's domain and issuer: end to end in Chromium, and over HTTP
 * for the ways a sign-in must fail (wrong verifier, wrong state, a code used twice), each a problem and no session.
 */
class HostedUiSignInEndToEndTest {
    private static final String CLIENT_ID = "hosted-ui-client";
    private static final String CLIENT_HEADER = "X-Test-Client";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

    private static StubAuthorizationServer stub;
    private static RunningPlatform platform;
    private static ChromeDriver driver;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    final Browser.SaveOnFailure saveOnFailure = new Browser.SaveOnFailure(() -> driver);

    @BeforeAll
    static void start() throws Exception {
        TestRedis.flushAll();
        stub = new StubAuthorizationServer(CLIENT_ID);
        platform = RunningPlatform.start(dataDir, Map.of(
                "AUTH_MODE", "cognito",
                "AWS_REGION", "eu-west-1",
                "COGNITO_USER_POOL_ID", "eu-west-1_Stub",
                "COGNITO_CLIENT_ID", CLIENT_ID,
                "COGNITO_DOMAIN", stub.baseUri().toString(),
                "COGNITO_ISSUER", stub.baseUri().toString(),
                "CLIENT_ADDRESS_HEADER", CLIENT_HEADER));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (platform != null) {
            platform.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void in_chromium_sign_in_goes_to_the_hosted_ui_and_back_signed_in_with_nothing_but_the_flow_in_session_storage() {
        Browser.requireInstalled();
        if (driver == null) {
            driver = Browser.start();
        }
        String email = "hosted-" + UUID.randomUUID() + "@example.com";
        stub.nextEmail.set(email);
        driver.get(platform.uri("/app/").toString());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("hosted-sign-in")));
        assertThat(driver.findElements(By.cssSelector("#sign-in input[name=email]"))).isEmpty();

        driver.findElement(By.id("hosted-sign-in")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), email));
        // Back at the dashboard, the single-use code is gone from the address, and the browser's storage holds no
        // token (the verifier and state are removed once used).
        assertThat(driver.getCurrentUrl()).doesNotContain("code=").doesNotContain("state=");
        JavascriptExecutor js = driver;
        assertThat(js.executeScript("return sessionStorage.length + localStorage.length")).isEqualTo(0L);
        // The session is the platform's usual one: a reload signs in again through the refresh cookie.
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), email));
    }

    @Test
    void sign_in_options_offer_the_hosted_ui_and_the_mock_provider_is_not_mounted() {
        RunningPlatform.Response options = platform.get("/auth/sign-in-options", null);
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.body().path("hostedUi").asBoolean()).isTrue();
        assertThat(options.body().path("mockEmail").asBoolean()).isFalse();
        assertThat(platform.post("/auth/mock-idp/token", null, Map.of("email", "a@example.com")).status())
                .isEqualTo(404);
    }

    @Test
    void the_authorize_url_carries_the_client_the_redirect_the_s256_challenge_and_the_state() {
        String verifier = verifier();
        RunningPlatform.Response start = start(verifier);
        URI authorize = URI.create(start.text("/authorizeUrl"));
        Map<String, String> query = query(authorize.getRawQuery());
        assertThat(authorize.toString()).startsWith(stub.baseUri() + "/oauth2/authorize?")
                .contains("scope=openid+email");
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", platform.uri("/app/").toString())
                .containsEntry("code_challenge", StubAuthorizationServer.s256(verifier))
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("state", start.text("/state"));
    }

    @Test
    void a_code_exchanged_with_its_verifier_and_state_starts_the_usual_session_with_a_rotating_refresh_cookie() {
        String email = "http-" + UUID.randomUUID() + "@example.com";
        Flow flow = authorize(email);

        RunningPlatform.Response token = exchange(flow.code, flow.state, flow.verifier);

        assertThat(token.status()).as("%s", token).isEqualTo(200);
        assertThat(token.header("Cache-Control")).contains("no-store");
        String refresh = token.refreshCookie().orElseThrow();
        assertThat(refresh).isNotEmpty();
        assertThat(platform.get("/auth/me", token.text("/accessToken")).text("/user/email")).isEqualTo(email);
        RunningPlatform.Response refreshed = platform.send("POST", "/auth/refresh", null, null,
                "Cookie", "saas_refresh=" + refresh, CLIENT_HEADER, address());
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(refreshed.refreshCookie()).get().isNotEqualTo(refresh);
    }

    @Test
    void a_code_exchanged_with_another_flows_verifier_and_state_is_refused_by_the_authorization_server_and_no_session() {
        Flow victim = authorize("victim-" + UUID.randomUUID() + "@example.com");
        // The attacker's own start gives a state that is genuine for the attacker's verifier, not for the victim's code.
        String attackerVerifier = verifier();
        String attackerState = start(attackerVerifier).text("/state");

        RunningPlatform.Response token = exchange(victim.code, attackerState, attackerVerifier);

        assertNoSession(token, 401, "authorization-code-refused", "code");
    }

    @Test
    void a_verifier_other_than_the_one_the_state_was_issued_for_is_refused_before_the_authorization_server_is_asked() {
        Flow flow = authorize("wrong-verifier-" + UUID.randomUUID() + "@example.com");
        int before = stub.tokenRequests.get();

        RunningPlatform.Response token = exchange(flow.code, flow.state, verifier());

        assertNoSession(token, 401, "invalid-state", "state");
        assertThat(stub.tokenRequests.get()).isEqualTo(before);
    }

    @Test
    void a_state_this_platform_did_not_issue_is_refused_and_no_session() {
        Flow flow = authorize("wrong-state-" + UUID.randomUUID() + "@example.com");
        String[] parts = flow.state.split("\\.");
        String forged = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2];

        assertNoSession(exchange(flow.code, forged, flow.verifier), 401, "invalid-state", "state");
        assertNoSession(exchange(flow.code, "not-a-state", flow.verifier), 401, "invalid-state", "state");
    }

    @Test
    void a_code_used_twice_is_refused_the_second_time_and_no_second_session() {
        Flow flow = authorize("reused-" + UUID.randomUUID() + "@example.com");
        assertThat(exchange(flow.code, flow.state, flow.verifier).status()).isEqualTo(200);

        assertNoSession(exchange(flow.code, flow.state, flow.verifier), 401, "authorization-code-refused", "code");
    }

    @Test
    void a_malformed_or_overlong_verifier_state_code_or_challenge_is_a_400_naming_the_member() {
        Flow flow = authorize("malformed-" + UUID.randomUUID() + "@example.com");
        assertNoSession(exchange(flow.code, flow.state, "short"), 400, "validation-failed", "codeVerifier");
        assertNoSession(exchange(flow.code, "s".repeat(81), flow.verifier), 400, "validation-failed", "state");
        assertNoSession(exchange("c".repeat(513), flow.state, flow.verifier), 400, "validation-failed", "code");
        RunningPlatform.Response start = platform.post("/auth/hosted-ui/start", null, Map.of("codeChallenge", "plain"));
        assertThat(start.status()).isEqualTo(400);
        assertThat(start.isProblem()).isTrue();
        assertThat(start.text("/field")).isEqualTo("codeChallenge");
    }

    // --- helpers

    private record Flow(String verifier, String state, String code) {}

    /** Starts a flow and follows the authorize URL to the stub, which signs {@code email} in and answers a code. */
    private static Flow authorize(String email) {
        String verifier = verifier();
        RunningPlatform.Response start = start(verifier);
        stub.nextEmail.set(email);
        try {
            HttpResponse<String> redirect = HTTP.send(
                    HttpRequest.newBuilder(URI.create(start.text("/authorizeUrl"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
            URI back = URI.create(redirect.headers().firstValue("Location").orElseThrow());
            assertThat(back.toString()).startsWith(platform.uri("/app/").toString());
            Map<String, String> query = query(back.getRawQuery());
            assertThat(query.get("state")).isEqualTo(start.text("/state"));
            return new Flow(verifier, query.get("state"), query.get("code"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RunningPlatform.Response start(String verifier) {
        RunningPlatform.Response start = platform.post("/auth/hosted-ui/start", null,
                Map.of("codeChallenge", StubAuthorizationServer.s256(verifier)));
        assertThat(start.status()).as("%s", start).isEqualTo(200);
        return start;
    }

    private static RunningPlatform.Response exchange(String code, String state, String verifier) {
        return platform.send("POST", "/auth/hosted-ui/token", null,
                Map.of("code", code, "state", state, "codeVerifier", verifier), CLIENT_HEADER, address());
    }

    private static void assertNoSession(RunningPlatform.Response response, int status, String code, String field) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.text("/code")).isEqualTo(code);
        assertThat(response.text("/field")).isEqualTo(field);
        assertThat(response.body().has("accessToken")).isFalse();
        assertThat(response.raw().headers().allValues("Set-Cookie")).isEmpty();
    }

    private static String verifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An address of its own per sign-in, so the per-address sign-in limit never joins in. */
    private static String address() {
        return "10.7." + RANDOM.nextInt(250) + "." + RANDOM.nextInt(250) + ":4000";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
