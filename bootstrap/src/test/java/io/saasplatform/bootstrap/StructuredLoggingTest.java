package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's logs as an operator reads them: one JSON object per line with the request's context on every line of
 * the request, W3C trace ids, and no secret anywhere. Runs the real platform with the JSON format installed the way
 * {@link Main} installs it, writing into a buffer.
 */
class StructuredLoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INVITATION_TOKEN = Pattern.compile("[0-9a-f-]{36}\\.[A-Za-z0-9_-]{40,}");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final FakeAiProvider provider = new FakeAiProvider();
    private final List<RunningPlatform> started = new ArrayList<>();

    @BeforeEach
    void logJsonIntoBuffer() {
        TestRedis.flushAll();
        Logging.install(Logging.Format.JSON, Logging.Threshold.INFO, logs);
    }

    @AfterEach
    void restoreTestLogging() throws JoranException {
        try {
            started.forEach(RunningPlatform::close);
        } finally {
            provider.close();
            TestLogging.restore();
        }
    }

    private RunningPlatform platform(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("APP_ENV", "test");
        env.put("AI_BASE_URL", provider.baseUrl());
        env.put("AI_TIMEOUT_SECONDS", "2");
        env.putAll(extra);
        RunningPlatform platform = RunningPlatform.start(dataDir, env);
        started.add(platform);
        return platform;
    }

    private List<JsonNode> lines() {
        String text = logs.toString(StandardCharsets.UTF_8);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                parsed.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not one JSON object per line: " + line, e);
            }
        }
        return parsed;
    }

    private List<JsonNode> linesOf(String requestId) {
        return lines().stream().filter(line -> requestId.equals(line.path("requestId").asText())).toList();
    }

    @Test
    void given_json_format_when_serving_then_each_line_is_an_object_and_the_access_log_has_route_status_and_duration() {
        RunningPlatform platform = platform(Map.of());
        String token = platform.ownerOfNewShop("ann@logs.example.com", "logs", "KWD");
        Response created = platform.post("/tenants/me/products", token, Map.of("name", "Mug", "price", "1.500"));
        assertThat(created.status()).isEqualTo(201);
        String productId = created.text("/id");

        Response read = platform.get("/tenants/me/products/" + productId, token,
                "X-Request-Id", "read-product-1", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
        assertThat(read.status()).isEqualTo(200);

        List<JsonNode> access = linesOf("read-product-1").stream()
                .filter(line -> line.path("logger").asText().endsWith(".access"))
                .toList();
        assertThat(access).hasSize(1);
        JsonNode line = access.getFirst();
        assertThat(Instant.parse(line.get("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).contains("GET").contains("200");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("route").asText()).isEqualTo("/tenants/me/products/{id}");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(line.get("traceId").asText()).isEqualTo(TRACE_ID);
        assertThat(line.get("userId").asText()).matches(UUID_TEXT);
        assertThat(line.get("tenantId").asText()).isEqualTo(platform.tenantId(token).toString());

        // The trace is continued: same trace id, a span id of ours.
        assertThat(read.header("traceparent")).get().asString()
                .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .doesNotContain("00f067aa0ba902b7");
    }

    @Test
    void given_no_or_a_malformed_traceparent_when_serving_then_a_new_trace_id_is_logged_and_returned() {
        RunningPlatform platform = platform(Map.of());
        for (String sent : new String[] {null, "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01", "garbage"}) {
            String requestId = "trace-" + (sent == null ? "none" : Integer.toHexString(sent.hashCode()));
            Response live = sent == null
                    ? platform.get("/health/live", null, "X-Request-Id", requestId)
                    : platform.get("/health/live", null, "X-Request-Id", requestId, "traceparent", sent);
            String returned = live.header("traceparent").orElseThrow();
            assertThat(returned).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
            String traceId = returned.substring(3, 35);
            assertThat(traceId).isNotEqualTo("0".repeat(32));
            assertThat(linesOf(requestId)).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.get("traceId").asText()).isEqualTo(traceId));
        }
    }

    @Test
    void given_a_use_case_whose_adapter_logs_when_serving_then_its_lines_carry_the_request_context() {
        RunningPlatform platform = platform(Map.of("AI_API_KEY", "sk-test-context"));
        String token = platform.ownerOfNewShop("bo@logs.example.com", "context", "KWD");
        Response product = platform.post("/tenants/me/products", token, Map.of("name", "Tea", "price", "2.000"));
        provider.answerAlways(FakeAiProvider.error(500, Map.of()));

        Response failed = platform.send("POST", "/tenants/me/products/" + product.text("/id") + "/ai/description",
                token, Map.of(), "X-Request-Id", "ai-failure-1");
        assertThat(failed.status()).isEqualTo(503);

        // The AI adapter's warning about the provider, written on the request's thread inside the use case.
        List<JsonNode> adapterLines = linesOf("ai-failure-1").stream()
                .filter(line -> line.path("logger").asText().startsWith("io.saasplatform.adapter.ai"))
                .toList();
        assertThat(adapterLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line.get("level").asText()).isEqualTo("WARN");
            assertThat(line.get("tenantId").asText()).isEqualTo(platform.tenantId(token).toString());
            assertThat(line.get("userId").asText()).matches(UUID_TEXT);
            assertThat(line.get("traceId").asText()).matches("[0-9a-f]{32}");
        });
    }

    @Test
    void given_an_end_to_end_flow_with_known_secrets_then_no_secret_appears_in_any_log_line() throws Exception {
        String secretKey = Base64.getEncoder().encodeToString(
                "known-secret-key-for-the-log-test-0123456789".getBytes(StandardCharsets.UTF_8));
        String aiKey = "sk-known-ai-key-9f8e7d6c5b4a";
        RunningPlatform platform = platform(Map.of("SECRET_KEY", secretKey, "AI_API_KEY", aiKey));
        provider.answerAlways(FakeAiProvider.completion("A warm mug.", 40, 10));

        Response idToken = platform.post("/auth/mock-idp/token", null, Map.of("email", "owner@secrets.example.com"));
        Response login = platform.post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")));
        String refreshCookie = login.refreshCookie().orElseThrow();
        Response refreshed = platform.send("POST", "/auth/refresh", null, null, "Cookie", "saas_refresh=" + refreshCookie);
        assertThat(refreshed.status()).isEqualTo(200);
        String rotatedCookie = refreshed.refreshCookie().orElseThrow();
        String tenantless = refreshed.text("/accessToken");
        assertThat(platform.post("/tenants", tenantless,
                Map.of("slug", "secrets", "name", "Secrets", "defaultCurrency", "KWD")).status()).isEqualTo(201);
        String owner = platform.post("/auth/switch-tenant", tenantless, Map.of("tenantSlug", "secrets"))
                .text("/accessToken");
        Response product = platform.post("/tenants/me/products", owner, Map.of("name", "Mug", "price", "3.000"));
        assertThat(platform.post("/tenants/me/products/" + product.text("/id") + "/ai/description", owner, Map.of())
                .status()).isEqualTo(200);
        // A request with a token that fails verification, and one with a forged cookie: rejections log too.
        assertThat(platform.get("/auth/me", owner + "x").status()).isEqualTo(401);
        assertThat(platform.send("POST", "/auth/refresh", null, null, "Cookie",
                "saas_refresh=" + refreshCookie.substring(0, refreshCookie.length() - 4) + "AAAA").status())
                .isEqualTo(401);

        assertThat(platform.post("/tenants/me/invitations", owner,
                Map.of("email", "bob@secrets.example.com", "role", "staff")).status()).isEqualTo(201);
        String invitationToken = mailedInvitationToken();
        Response bobId = platform.post("/auth/mock-idp/token", null, Map.of("email", "bob@secrets.example.com"));
        String bob = platform.post("/auth/login", null, Map.of("idToken", bobId.text("/idToken"))).text("/accessToken");
        assertThat(platform.post("/invitations/accept", bob, Map.of("token", invitationToken)).status())
                .isEqualTo(200);
        platform.send("POST", "/auth/logout", null, null, "Cookie", "saas_refresh=" + rotatedCookie);

        String everything = logs.toString(StandardCharsets.UTF_8);
        assertThat(lines()).as("the flow logged").hasSizeGreaterThan(10);
        Map<String, String> secrets = new HashMap<>();
        secrets.put("SECRET_KEY", secretKey);
        secrets.put("SECRET_KEY bytes", "known-secret-key-for-the-log-test");
        secrets.put("AI_API_KEY", aiKey);
        secrets.put("access token", owner);
        secrets.put("access token signature", owner.substring(owner.lastIndexOf('.') + 1));
        secrets.put("tenantless access token", tenantless);
        secrets.put("mock IdP id token", idToken.text("/idToken"));
        secrets.put("refresh cookie", refreshCookie);
        secrets.put("rotated refresh cookie", rotatedCookie);
        secrets.put("invitation token", invitationToken);
        secrets.put("invitation token secret part", invitationToken.substring(invitationToken.indexOf('.') + 1));
        secrets.put("serving role password", "e2e-app-password");
        secrets.put("owner role password", "e2e-owner-password");
        secrets.forEach((name, secret) -> assertThat(everything).as("%s in the logs", name).doesNotContain(secret));
    }


    /** The invitation token from the mailbox; delivery may be asynchronous, so wait for the file up to 30 s. */
    private String mailedInvitationToken() throws InterruptedException {
        Path mailbox = dataDir.resolve("mailbox");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(mailbox)) {
                try (Stream<Path> files = Files.list(mailbox)) {
                    Optional<Path> mail = files.filter(f -> f.toString().endsWith(".eml")).findFirst();
                    if (mail.isPresent()) {
                        Matcher token = INVITATION_TOKEN.matcher(Files.readString(mail.get()));
                        if (token.find()) {
                            return token.group();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no invitation mail in " + mailbox + " within 30 s");
    }
}
