package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemJsonTest {
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of(), List.of(new TestRoutes())));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void given_unknown_route_when_requested_then_problem_json_404() {
        Reply reply = api.get("/nope");

        JsonNode problem = assertProblem(reply, 404, "not-found");
        assertThat(problem.get("detail").asText()).isEqualTo("No resource at GET /nope");
        assertThat(problem.get("instance").asText()).isEqualTo("/nope");
    }

    @Test
    void given_known_path_when_requested_with_wrong_method_then_problem_json_405_with_allow_header() {
        Reply reply = api.send(api.request("/health/live").DELETE());

        assertProblem(reply, 405, "method-not-allowed");
        assertThat(reply.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void given_malformed_json_when_posted_then_problem_json_400() {
        Reply reply = api.postJson("/test/orders", "{\"name\": \"a\",");

        JsonNode problem = assertProblem(reply, 400, "malformed-json");
        assertThat(problem.get("detail").asText()).startsWith("The request body is not valid JSON");
        assertThat(problem.has("field")).isFalse();
    }

    @Test
    void given_json_with_trailing_garbage_when_posted_then_problem_json_400() {
        Reply reply = api.postJson("/test/orders", "{\"name\": \"a\"} {}");

        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void given_empty_body_when_posted_then_problem_json_400() {
        Reply reply = api.postJson("/test/orders", "");

        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void given_body_over_the_limit_when_posted_then_problem_json_413() {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\"}";

        // Expect: 100-continue lets the server refuse on the announced length before the client streams the body;
        // without it the client may still be writing when the server answers and closes, and see a reset instead.
        Reply reply = api.send(api.request("/test/orders")
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)));

        JsonNode problem = assertProblem(reply, 413, "content-too-large");
        assertThat(problem.get("detail").asText()).contains("65536 bytes");
    }

    @Test
    void given_chunked_body_over_the_limit_when_posted_then_problem_json_413() {
        byte[] big = ("{\"name\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        // No Content-Length: the limit must hold while reading, not only when announced.
        HttpRequest.BodyPublisher chunked =
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));

        Reply reply = api.send(api.request("/test/orders").header("Content-Type", "application/json").POST(chunked));

        assertProblem(reply, 413, "content-too-large");
    }

    @Test
    void given_missing_required_field_when_posted_then_400_naming_the_field() {
        Reply reply = api.postJson("/test/orders", "{\"price\": 1.5}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("name");
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("name is required");
    }

    @Test
    void given_field_of_wrong_json_type_when_posted_then_400_naming_the_field() {
        Reply reply = api.postJson("/test/orders", "{\"name\": 12}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("name");
        assertThat(problem.get("detail").asText()).isEqualTo("name must be a string");
    }

    @Test
    void given_unparsable_value_when_posted_then_400_naming_the_field() {
        Reply reply = api.postJson("/test/orders", "{\"name\": \"a\", \"at\": \"yesterday\"}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("at");
        assertThat(problem.get("detail").asText()).isEqualTo("at must be a timestamp like 2026-01-31T12:00:00Z");
    }

    @Test
    void given_wrong_type_deep_in_an_array_when_posted_then_400_naming_the_json_path() {
        Reply reply = api.postJson("/test/orders", """
                {"name": "a", "items": [{"sku": "x", "quantity": 1}, {"sku": "y", "quantity": 1.5}]}""");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("items[1].quantity");
        assertThat(problem.get("detail").asText()).isEqualTo("items[1].quantity must be an integer");
    }

    @Test
    void given_missing_required_field_in_a_nested_object_when_posted_then_400_naming_the_json_path() {
        Reply reply = api.postJson("/test/orders", "{\"name\": \"a\", \"items\": [{\"quantity\": 1}]}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("items[0].sku");
    }

    @Test
    void given_number_out_of_range_when_posted_then_400_naming_the_field() {
        Reply reply = api.postJson("/test/orders", """
                {"name": "a", "items": [{"sku": "x", "quantity": 99999999999}]}""");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("items[0].quantity");
    }

    @Test
    void given_request_record_refusing_a_value_when_posted_then_400_with_the_domain_message() {
        Reply reply = api.postJson("/test/rename", "{\"name\": \"  \"}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("name");
        assertThat(problem.get("detail").asText()).isEqualTo("name must not be blank");
    }

    @Test
    void given_unknown_field_when_posted_then_400_naming_the_field() {
        Reply reply = api.postJson("/test/orders", "{\"name\": \"a\", \"discount\": 5}");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("discount");
        assertThat(problem.get("detail").asText()).isEqualTo("discount is not a known field");
    }

    @Test
    void given_json_array_instead_of_object_when_posted_then_400() {
        Reply reply = api.postJson("/test/orders", "[1, 2]");

        JsonNode problem = assertProblem(reply, 400, "malformed-json");
        assertThat(problem.get("detail").asText()).isEqualTo("The request body must be an object");
    }

    @Test
    void given_non_json_content_type_when_posted_then_problem_json_415() {
        Reply reply = api.send(api.request("/test/orders")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=a")));

        assertProblem(reply, 415, "unsupported-media-type");
    }

    @Test
    void given_valid_body_when_posted_then_decimal_and_instant_round_trip_exactly() {
        Reply reply = api.postJson(
                "/test/orders", "{\"name\": \"a\", \"price\": 0.100, \"at\": \"2026-01-31T12:00:00.5Z\"}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).contains("\"price\":0.100").contains("\"at\":\"2026-01-31T12:00:00.500Z\"");
    }

    @Test
    void given_domain_rejects_a_value_when_handled_then_400_naming_the_field() {
        Reply reply = api.get("/test/invalid");

        JsonNode problem = assertProblem(reply, 400, "validation-failed");
        assertThat(problem.get("field").asText()).isEqualTo("price");
        assertThat(problem.get("detail").asText()).isEqualTo("price must not be negative");
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo("price must not be negative");
    }

    @Test
    void given_use_case_reports_not_found_when_handled_then_problem_json_404() {
        JsonNode problem = assertProblem(api.get("/test/not-found"), 404, "not-found");

        assertThat(problem.get("detail").asText()).isEqualTo("tenant not found");
    }

    @Test
    void given_use_case_reports_forbidden_when_handled_then_problem_json_403() {
        JsonNode problem = assertProblem(api.get("/test/forbidden"), 403, "forbidden");

        assertThat(problem.get("detail").asText()).isEqualTo("renaming the tenant requires the admin role or higher");
    }

    @Test
    void given_use_case_reports_conflict_when_handled_then_problem_json_409_naming_the_field() {
        JsonNode problem = assertProblem(api.get("/test/conflict"), 409, "conflict");

        assertThat(problem.get("field").asText()).isEqualTo("slug");
        assertThat(problem.get("detail").asText()).isEqualTo("slug acme is already taken");
    }

    @Test
    void given_unexpected_exception_when_handled_then_generic_500_and_the_cause_is_logged_with_the_request_id() {
        Reply reply;
        String log;
        try (StandardError stderr = StandardError.capture()) {
            reply = api.send(api.request("/test/boom").header("X-Request-Id", "boom-1"));
            log = stderr.awaitContaining("requestId=boom-1", Duration.ofSeconds(5));
        }

        JsonNode problem = assertProblem(reply, 500, "internal-error");
        assertThat(problem.get("requestId").asText()).isEqualTo("boom-1");
        assertThat(reply.body())
                .doesNotContain(TestRoutes.SECRET)
                .doesNotContain("IllegalStateException")
                .doesNotContain("at io.");
        assertThat(log).contains("requestId=boom-1").contains("IllegalStateException").contains(TestRoutes.SECRET);
    }

    @Test
    void given_java_lang_error_when_handled_then_generic_500_problem() {
        Reply reply;
        String log;
        try (StandardError stderr = StandardError.capture()) {
            reply = api.send(api.request("/test/error").header("X-Request-Id", "error-1"));
            log = stderr.awaitContaining("requestId=error-1", Duration.ofSeconds(5));
        }

        JsonNode problem = assertProblem(reply, 500, "internal-error");
        assertThat(problem.get("requestId").asText()).isEqualTo("error-1");
        assertThat(reply.body()).doesNotContain(TestRoutes.SECRET).doesNotContain("AssertionError");
        assertThat(log).contains("requestId=error-1").contains("AssertionError");
    }

    @Test
    void given_sane_client_request_id_when_requested_then_it_is_echoed_in_header_and_problem() {
        Reply reply = api.send(api.request("/nope").header("X-Request-Id", "client-42_a.b"));

        assertThat(reply.requestId()).isEqualTo("client-42_a.b");
        assertThat(reply.json().get("requestId").asText()).isEqualTo("client-42_a.b");
    }

    @Test
    void given_insane_client_request_id_when_requested_then_a_uuid_replaces_it() {
        for (String insane : List.of("has space", "x".repeat(129), "semi;colon", "")) {
            Reply reply = api.send(api.request("/health/live").header("X-Request-Id", insane));

            assertThat(reply.requestId()).as("for %s", insane).matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void given_successful_request_when_answered_then_it_carries_a_request_id() {
        Reply reply = api.get("/health/live");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.requestId()).matches("[0-9a-f-]{36}");
    }

    @Test
    void given_unparsable_uri_when_jetty_rejects_it_then_problem_json_not_html() {
        String raw = api.raw("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertRawProblem(raw, 400);
    }

    @Test
    void given_encoded_slash_in_path_when_requested_then_problem_json_404_not_html() {
        String raw = api.raw("GET /health%2Flive HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertRawProblem(raw, 404);
    }

    @Test
    void given_oversized_headers_when_jetty_rejects_them_then_problem_json_not_html() {
        String raw = api.raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertRawProblem(raw, 431);
    }

    @Test
    void given_garbage_request_line_when_jetty_rejects_it_then_problem_json_not_html() {
        String raw = api.raw("BLAH\r\n\r\n");

        assertRawProblem(raw, 400);
    }

    private static JsonNode assertProblem(Reply reply, int status, String typeSlug) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.requestId()).isNotBlank();
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).endsWith("problems/" + typeSlug);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("requestId").asText()).isEqualTo(reply.requestId());
        return problem;
    }

    private static void assertRawProblem(String raw, int status) {
        assertThat(raw).startsWith("HTTP/1.1 " + status);
        String lower = raw.toLowerCase(Locale.ROOT);
        assertThat(lower).contains("content-type: application/problem+json").contains("x-request-id: ");
        assertThat(lower).doesNotContain("<html");
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(body).contains("\"status\":" + status).contains("\"requestId\":\"");
    }
}
