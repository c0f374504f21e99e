package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.adapter.http.OpenApiValidator.Exchange;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator that every {@link RunningApi} reply goes through must catch each kind of departure it claims to. */
class OpenApiValidatorTest {
    private static final OpenApiValidator VALIDATOR = OpenApiValidator.served();
    private static final String TENANT = """
            {"id":"0b6c1a52-2f7e-4c39-9a59-1f9c1b0d6a11","slug":"acme","name":"Acme","defaultCurrency":"KWD",
             "createdAt":"2026-11-02T08:00:00Z","updatedAt":"2026-11-20T16:45:12.318Z"}""";
    private static final String PROBLEM = """
            {"type":"tag:saasplatform.io,2026:problems/validation-failed","title":"Validation failed","status":400,
             "code":"validation-failed","detail":"slug must be 1 to 63 characters long","instance":"/tenants",
             "requestId":"req-1","field":"slug","errors":[{"field":"slug","pointer":"/slug","code":"invalid",
             "message":"slug must be 1 to 63 characters long"}]}""";

    @Test
    void given_a_conforming_body_when_validated_then_no_violation() {
        assertThat(VALIDATOR.violations(json("GET", "/tenants/me", 200, TENANT))).isEmpty();
    }

    @Test
    void given_a_body_missing_a_required_member_when_validated_then_it_is_named() {
        String missing = TENANT.replace(",\"defaultCurrency\":\"KWD\"", "");

        assertThat(VALIDATOR.violations(json("GET", "/tenants/me", 200, missing)))
                .singleElement().asString().contains("defaultCurrency");
    }

    @Test
    void given_a_body_with_an_undocumented_member_when_validated_then_it_is_named() {
        String extra = TENANT.replace("}", ",\"internalNote\":\"x\"}");

        assertThat(VALIDATOR.violations(json("GET", "/tenants/me", 200, extra)))
                .singleElement().asString().contains("internalNote");
    }

    @Test
    void given_a_member_of_the_wrong_format_when_validated_then_it_is_reported() {
        String notUuid = TENANT.replace("0b6c1a52-2f7e-4c39-9a59-1f9c1b0d6a11", "42");

        assertThat(VALIDATOR.violations(json("GET", "/tenants/me", 200, notUuid)))
                .singleElement().asString().contains("id").contains("uuid");
    }

    @Test
    void given_an_undocumented_status_of_a_documented_operation_when_validated_then_it_is_refused() {
        assertThat(VALIDATOR.violations(problem("GET", "/tenants/me", 418, PROBLEM.replace("400", "418"))))
                .singleElement().asString()
                .contains("status 418 is not documented for GET /tenants/me");
    }

    @Test
    void given_a_missing_required_header_when_validated_then_it_is_named() {
        Exchange withoutRequestId = new Exchange("GET", "/tenants/me", 200,
                headers(Map.of("Content-Type", "application/json")), TENANT);

        assertThat(VALIDATOR.violations(withoutRequestId))
                .containsExactly("required header X-Request-Id is missing");
    }

    @Test
    void given_a_header_value_against_its_schema_when_validated_then_it_is_reported() {
        Map<String, String> headers = new LinkedHashMap<>(Map.of(
                "Content-Type", Problem.MEDIA_TYPE, "X-Request-Id", "req-1", "Cache-Control", "no-store",
                "Retry-After", "0"));
        Exchange rateLimited = new Exchange("POST", "/auth/login", 429, headers(headers),
                PROBLEM.replace("400", "429").replace("validation-failed", "too-many-requests"));

        assertThat(VALIDATOR.violations(rateLimited)).singleElement().asString().startsWith("header Retry-After");
    }

    @Test
    void given_an_undocumented_content_type_when_validated_then_it_is_refused() {
        Exchange html = new Exchange("GET", "/tenants/me", 200,
                headers(Map.of("Content-Type", "text/html", "X-Request-Id", "req-1")), "<p>Acme</p>");

        assertThat(VALIDATOR.violations(html)).singleElement().asString().contains("text/html is not documented");
    }

    @Test
    void given_a_body_where_none_is_documented_when_validated_then_it_is_refused() {
        Exchange deleted = new Exchange("DELETE", "/tenants/me/members/0b6c1a52-2f7e-4c39-9a59-1f9c1b0d6a11", 204,
                headers(Map.of("X-Request-Id", "req-1")), "{}");

        assertThat(VALIDATOR.violations(deleted)).containsExactly("no body is documented, but one was sent");
    }

    @Test
    void given_a_json_content_type_with_a_body_that_is_not_json_when_validated_then_it_is_refused() {
        assertThat(VALIDATOR.violations(json("GET", "/tenants/me", 200, "{\"id\":")))
                .singleElement().asString().startsWith("the body is not valid JSON");
    }

    @Test
    void given_a_problem_of_a_documented_operation_when_validated_then_problem_json_is_checked_too() {
        assertThat(VALIDATOR.violations(problem("POST", "/tenants", 400, PROBLEM))).isEmpty();

        String withoutRequestId = PROBLEM.replace("\"requestId\":\"req-1\",", "");
        assertThat(VALIDATOR.violations(problem("POST", "/tenants", 400, withoutRequestId)))
                .singleElement().asString().contains("requestId");
    }

    @Test
    void given_a_problem_code_the_operation_does_not_list_when_validated_then_it_is_reported() {
        String lastOwner = PROBLEM.replace("validation-failed\",\"title\"", "conflict\",\"title\"")
                .replace("\"code\":\"validation-failed\"", "\"code\":\"last-owner\"").replace("400", "409");

        assertThat(VALIDATOR.violations(problem("POST", "/tenants", 409, lastOwner)))
                .singleElement().asString().contains("problem code last-owner is not listed");
        assertThat(VALIDATOR.violations(problem("POST", "/tenants", 409,
                lastOwner.replace("last-owner", "slug-taken")))).isEmpty();
    }

    @Test
    void given_a_problem_from_an_undocumented_route_when_validated_then_it_must_still_be_a_problem() {
        String notFound = PROBLEM.replace("validation-failed", "not-found").replace("400", "404");
        assertThat(VALIDATOR.violations(problem("GET", "/nope", 404, notFound))).isEmpty();

        String statusAsText = notFound.replace("\"status\":404", "\"status\":\"404\"");
        assertThat(VALIDATOR.violations(problem("GET", "/nope", 404, statusAsText)))
                .singleElement().asString().contains("status");
    }

    @Test
    void given_quota_members_when_validated_then_only_the_quota_problem_admits_them() {
        String quota = PROBLEM.replace("validation-failed", "quota-exceeded").replace("400", "429")
                .replace("\"field\":\"slug\",\"errors\":[{\"field\":\"slug\",\"pointer\":\"/slug\",\"code\":\"invalid\",\n"
                        + " \"message\":\"slug must be 1 to 63 characters long\"}]", "\"budget\":\"tenant\",\"limit\":1000,\"used\":990,\"remaining\":10,"
                        + "\"resetsAt\":\"2026-12-01T00:00:00Z\"");

        assertThat(VALIDATOR.schemaViolations("/components/schemas/QuotaExceededProblem", quota)).isEmpty();
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Problem", quota))
                .anySatisfy(violation -> assertThat(violation).contains("limit"));
    }

    @Test
    void given_a_quota_problem_naming_no_budget_or_an_unknown_one_when_validated_then_it_is_refused() {
        String quota = PROBLEM.replace("validation-failed", "quota-exceeded").replace("400", "429")
                .replace("\"field\":\"slug\",\"errors\":[{\"field\":\"slug\",\"pointer\":\"/slug\",\"code\":\"invalid\",\n"
                        + " \"message\":\"slug must be 1 to 63 characters long\"}]",
                        "\"budget\":\"global\",\"resetsAt\":\"2026-12-01T00:00:00Z\"");
        assertThat(quota).contains("\"budget\":\"global\"");
        assertThat(VALIDATOR.schemaViolations("/components/schemas/QuotaExceededProblem", quota)).isEmpty();

        assertThat(VALIDATOR.schemaViolations("/components/schemas/QuotaExceededProblem",
                quota.replace("\"budget\":\"global\",", ""))).anySatisfy(v -> assertThat(v).contains("budget"));
        assertThat(VALIDATOR.schemaViolations("/components/schemas/QuotaExceededProblem",
                quota.replace("global", "galaxy"))).anySatisfy(v -> assertThat(v).contains("budget"));
    }

    @Test
    void given_nullable_members_when_validated_then_null_is_accepted_only_where_documented() {
        String me = """
                {"user":{"id":"0b6c1a52-2f7e-4c39-9a59-1f9c1b0d6a11","email":"alice@example.com"},
                 "tenant":null,"role":null}""";
        assertThat(VALIDATOR.violations(json("GET", "/auth/me", 200, me, "Cache-Control", "no-store"))).isEmpty();

        String userNull = "{\"user\":null,\"tenant\":null,\"role\":null}";
        assertThat(VALIDATOR.violations(json("GET", "/auth/me", 200, userNull, "Cache-Control", "no-store")))
                .isNotEmpty();
    }

    @Test
    void given_prices_when_validated_then_only_decimal_strings_pass() {
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Price", "\"12.500\"")).isEmpty();
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Price", "\"1200\"")).isEmpty();
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Price", "12.5")).isNotEmpty();
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Price", "\"012.50\"")).isNotEmpty();
        assertThat(VALIDATOR.schemaViolations("/components/schemas/Price", "\"12.5000\"")).isNotEmpty();
    }

    @Test
    void given_a_violation_when_asserting_then_the_error_names_the_request_and_every_violation() {
        String bad = TENANT.replace(",\"defaultCurrency\":\"KWD\"", ",\"extra\":1");

        assertThatThrownBy(() -> VALIDATOR.assertConforms(json("GET", "/tenants/me", 200, bad)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /tenants/me (200)")
                .hasMessageContaining("defaultCurrency")
                .hasMessageContaining("extra");
    }

    @Test
    void given_a_concrete_path_when_looking_up_the_operation_then_templates_match_whole_segments() {
        OpenApiDocument document = VALIDATOR.document();

        assertThat(document.operation("PATCH", "/tenants/me/members/abc")).get()
                .extracting(OpenApiDocument.Operation::pathTemplate).isEqualTo("/tenants/me/members/{userId}");
        assertThat(document.operation("GET", "/tenants/me")).get()
                .extracting(OpenApiDocument.Operation::pathTemplate).isEqualTo("/tenants/me");
        assertThat(document.operation("GET", "/tenants/me/members/abc/extra")).isEmpty();
        assertThat(document.operation("DELETE", "/health/live")).isEmpty();
    }

    private static Exchange json(String method, String path, int status, String body, String... extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Request-Id", "req-1");
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        return new Exchange(method, path, status, headers(headers), body);
    }

    private static Exchange problem(String method, String path, int status, String body) {
        return new Exchange(method, path, status, headers(Map.of(
                "Content-Type", Problem.MEDIA_TYPE, "X-Request-Id", "req-1", "Cache-Control", "no-store")), body);
    }

    private static HttpHeaders headers(Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return HttpHeaders.of(multi, (name, value) -> true);
    }
}
