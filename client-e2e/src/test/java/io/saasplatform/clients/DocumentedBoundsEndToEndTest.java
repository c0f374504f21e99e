package io.saasplatform.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code maxLength} the OpenAPI document promises for a request is enforced: for each documented JSON body
 * member, query parameter and header with a {@code maxLength}, the operation's first request example (or no body) with
 * that one input one character too long is answered 400 {@code application/problem+json} naming the input. The cases
 * are read from the document, so a bound added there without code behind it fails here.
 */
class DocumentedBoundsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static LocalPlatform platform;
    private static HttpClient http;
    private static JsonNode document;
    private static String owner;
    private static Map<String, String> pathIds;

    @BeforeAll
    static void shopWithAProductAndACategory() throws Exception {
        platform = LocalPlatform.start(dataDir);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        document = JSON.readTree(Files.readString(Path.of(System.getProperty("openapi.document"))));
        String idToken = send("POST", "/auth/mock-idp/token", null, "{\"email\":\"owner@bounds.example.com\"}")
                .body().get("idToken").asText();
        String tenantless = send("POST", "/auth/login", null, JSON.writeValueAsString(Map.of("idToken", idToken)))
                .body().get("accessToken").asText();
        send("POST", "/tenants", tenantless, "{\"slug\":\"bounds\",\"name\":\"Bounds\",\"defaultCurrency\":\"USD\"}");
        owner = send("POST", "/auth/switch-tenant", tenantless, "{\"tenantSlug\":\"bounds\"}")
                .body().get("accessToken").asText();
        String category = send("POST", "/tenants/me/categories", owner, "{\"name\":\"Desks\"}")
                .body().get("id").asText();
        String product = send("POST", "/tenants/me/products", owner,
                "{\"name\":\"Desk\",\"price\":\"10.00\",\"status\":\"published\"}").body().get("id").asText();
        String user = send("GET", "/auth/me", owner, null).body().at("/user/id").asText();
        pathIds = Map.of("/tenants/me/categories/{id}", category, "/tenants/me/products/{id}", product,
                "/tenants/me/products/{id}/ai/description", product, "{userId}", user);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.shutdownNow();
        }
        if (platform != null) {
            platform.close();
        }
    }

    record Answer(int status, String contentType, JsonNode body) {}

    private static Answer send(String method, String path, String token, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.uri(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
    }

    private static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = document.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** The {@code maxLength} of a string schema, or of the string branch of a {@code oneOf}; -1 when none. */
    private static int maxLength(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("maxLength")) {
            return schema.get("maxLength").asInt();
        }
        for (JsonNode branch : schema.path("oneOf")) {
            int max = maxLength(branch);
            if (max >= 0) {
                return max;
            }
        }
        return -1;
    }

    private static String concrete(String path) {
        String concrete = path;
        for (Map.Entry<String, String> id : pathIds.entrySet()) {
            if (id.getKey().startsWith("/") ? path.equals(id.getKey()) : path.contains(id.getKey())) {
                concrete = concrete.replace(id.getKey().startsWith("/") ? "{id}" : id.getKey(), id.getValue());
            }
        }
        return concrete.replace("{slug}", "bounds").replace("{productSlug}", "desk")
                .replace("{invitationId}", "00000000-0000-4000-8000-000000000000")
                .replace("{id}", "00000000-0000-4000-8000-000000000000");
    }

    @TestFactory
    Stream<DynamicTest> every_documented_max_length_is_refused_with_a_400_naming_the_input() {
        List<DynamicTest> cases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(java.util.Locale.ROOT);
                if (op.getValue().has("x-mounted-when")) {
                    // Mounted only in another configuration (the Hosted UI: AUTH_MODE=cognito); this platform runs in
                    // mock mode and answers 404. HostedUiSignInEndToEndTest checks those bounds in cognito mode.
                    continue;
                }
                boolean secured = !op.getValue().path("security").isEmpty();
                JsonNode media = op.getValue().at("/requestBody/content/application~1json");
                String exampleBody = null;
                if (!media.isMissingNode()) {
                    assertThat(media.path("examples").isEmpty())
                            .as("%s %s documents a request example", method, path.getKey()).isFalse();
                    JsonNode example = media.path("examples").elements().next().get("value");
                    exampleBody = example.toString();
                    JsonNode properties = resolve(media.get("schema")).path("properties");
                    for (Iterator<Map.Entry<String, JsonNode>> props = properties.fields(); props.hasNext(); ) {
                        Map.Entry<String, JsonNode> property = props.next();
                        int max = maxLength(property.getValue());
                        if (max < 0) {
                            continue;
                        }
                        ObjectNode body = example.deepCopy();
                        body.put(property.getKey(), "a".repeat(max + 1));
                        cases.add(DynamicTest.dynamicTest(
                                method + " " + path.getKey() + " with " + property.getKey() + " longer than " + max,
                                () -> assertRefused(send(method, concrete(path.getKey()), secured ? owner : null,
                                        JSON.writeValueAsString(body)), property.getKey())));
                    }
                }
                for (JsonNode parameter : op.getValue().path("parameters")) {
                    JsonNode p = resolve(parameter);
                    int max = maxLength(p.path("schema"));
                    String name = p.path("name").asText();
                    if (p.path("in").asText().equals("header") && max >= 0) {
                        String body = exampleBody;
                        cases.add(DynamicTest.dynamicTest(
                                method + " " + path.getKey() + " with header " + name + " longer than " + max,
                                () -> assertRefused(send(method, concrete(path.getKey()), secured ? owner : null, body,
                                        name, "a".repeat(max + 1)), name)));
                    }
                    if (!p.path("in").asText().equals("query") || max < 0) {
                        continue;
                    }
                    String query = "?" + name + "=" + URLEncoder.encode("1".repeat(max + 1), StandardCharsets.UTF_8);
                    cases.add(DynamicTest.dynamicTest(
                            method + " " + path.getKey() + " with query " + name + " longer than " + max,
                            () -> assertRefused(send(method, concrete(path.getKey()) + query, secured ? owner : null,
                                    null), name)));
                }
            }
        }
        assertThat(cases).as("cases read from the document").hasSizeGreaterThan(20);
        return cases.stream();
    }

    private static void assertRefused(Answer answer, String field) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("field").asText()).as("%s", answer.body()).isEqualTo(field);
    }
}
