package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.AiFeaturesUseCase.DescriptionRequest;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AiRoutesTest {
    private static final String DESCRIBE_BOOT = "/tenants/me/products/" + FakeCatalog.BOOT.id() + "/ai/description";
    private static final String USAGE = "/tenants/me/ai/usage";
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.ai.reset();
    }

    @Test
    void given_tone_and_word_count_when_generating_a_description_then_text_usage_quota_and_no_product() {
        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{\"tone\":\"playful\",\"maxWords\":50}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = reply.json();
        assertThat(CatalogRoutesTest.names(body))
                .containsExactlyInAnyOrder("text", "usage", "quota", "provider", "model", "local", "product");
        assertThat(body.get("text").asText()).isEqualTo(FakeAi.TEXT);
        assertThat(body.get("usage").get("inputTokens").asLong()).isEqualTo(120);
        assertThat(body.get("usage").get("outputTokens").asLong()).isEqualTo(40);
        assertThat(body.get("usage").get("totalTokens").asLong()).isEqualTo(160);
        assertThat(CatalogRoutesTest.names(body.get("quota")))
                .containsExactlyInAnyOrder("limit", "used", "remaining", "resetsAt");
        assertThat(body.get("quota").get("remaining").asLong()).isEqualTo(98_766);
        assertThat(body.get("quota").get("resetsAt").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(body.get("provider").asText()).isEqualTo("local");
        assertThat(body.get("model").asText()).isEqualTo("stub-1");
        assertThat(body.get("local").asBoolean()).isTrue();
        assertThat(body.get("product").isNull()).isTrue();
        assertThat(fx.ai.requests).containsExactly(new DescriptionRequest("playful", 50, false));
    }

    @Test
    void given_apply_when_generating_a_description_then_the_updated_product_is_included() {
        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{\"apply\":true}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode product = reply.json().get("product");
        assertThat(product.get("description").asText()).isEqualTo(FakeAi.TEXT);
        assertThat(product.get("price").asText()).isEqualTo("12.500");
        assertThat(fx.ai.requests).containsExactly(new DescriptionRequest(null, null, true));
    }

    @Test
    void given_no_body_when_generating_a_description_then_the_defaults_are_asked_for() {
        Reply reply = fx.api.send(fx.withBearer(DESCRIBE_BOOT, fx.aliceInAcme())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(fx.ai.requests).containsExactly(new DescriptionRequest(null, null, false));
    }

    @Test
    void given_word_count_out_of_range_or_of_the_wrong_type_when_generating_then_400_naming_it_and_no_call() {
        for (String maxWords : List.of("9", "401", "\"many\"", "50.5")) {
            Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{\"maxWords\":" + maxWords + "}");

            CatalogRoutesTest.assertValidationProblem(reply, "maxWords");
        }
        Reply apply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{\"apply\":\"yes\"}");
        CatalogRoutesTest.assertValidationProblem(apply, "apply");
        assertThat(fx.ai.calls).isEmpty();
    }

    @Test
    void given_product_id_that_is_not_a_uuid_when_generating_then_400_naming_id_and_no_call() {
        Reply reply = fx.sendJson("POST", "/tenants/me/products/boot/ai/description", fx.aliceInAcme(), "{}");

        CatalogRoutesTest.assertValidationProblem(reply, "id");
        assertThat(fx.ai.calls).isEmpty();
    }

    @Test
    void given_quota_exhausted_when_generating_then_429_quota_exceeded_with_retry_after_and_the_quota() {
        fx.ai.failNextWith(new QuotaExceededException(500, FakeAi.QUOTA, Duration.ofMillis(90_200)));

        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{}");

        assertThat(reply.status()).isEqualTo(429);
        assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(reply.header("Retry-After")).isEqualTo("91");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).endsWith("problems/quota-exceeded");
        assertThat(problem.get("budget").asText()).isEqualTo("tenant");
        assertThat(problem.get("limit").asLong()).isEqualTo(100_000);
        assertThat(problem.get("used").asLong()).isEqualTo(1_234);
        assertThat(problem.get("remaining").asLong()).isEqualTo(98_766);
        assertThat(problem.get("resetsAt").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(problem.get("requestId").asText()).isEqualTo(reply.requestId());
        assertThat(problem.has("members")).isFalse();
    }

    @Test
    void given_the_users_budget_exhausted_when_generating_then_429_names_the_user_budget_with_its_figures() {
        fx.ai.failNextWith(new QuotaExceededException(
                QuotaExceededException.Budget.USER, 500, FakeAi.QUOTA, Duration.ofSeconds(60)));

        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{}");

        assertThat(reply.status()).isEqualTo(429);
        JsonNode problem = reply.json();
        assertThat(problem.get("budget").asText()).isEqualTo("user");
        assertThat(problem.get("detail").asText()).contains("personal monthly AI budget");
        assertThat(problem.get("remaining").asLong()).isEqualTo(98_766);
    }

    @Test
    void given_the_platform_budget_exhausted_when_generating_then_429_names_it_and_hides_its_figures() {
        fx.ai.failNextWith(new QuotaExceededException(
                QuotaExceededException.Budget.GLOBAL, 500, FakeAi.QUOTA, Duration.ofSeconds(60)));

        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{}");

        assertThat(reply.status()).isEqualTo(429);
        JsonNode problem = reply.json();
        assertThat(problem.get("budget").asText()).isEqualTo("global");
        assertThat(problem.get("resetsAt").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(problem.has("limit")).isFalse();
        assertThat(problem.has("used")).isFalse();
        assertThat(problem.get("detail").asText()).doesNotContain("100000");
    }

    @Test
    void given_quota_resetting_now_when_over_quota_then_retry_after_is_at_least_one_second() {
        fx.ai.failNextWith(new QuotaExceededException(500, FakeAi.QUOTA, Duration.ZERO));

        Reply reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{}");

        assertThat(reply.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void given_provider_down_when_generating_then_503_service_unavailable_with_retry_after_and_no_cause() {
        fx.ai.failNextWith(new ServiceUnavailableException("The AI provider is unavailable",
                Duration.ofSeconds(30), new IOException("connect to 10.0.0.7:443 refused")));

        Reply reply;
        try (StandardError ignored = StandardError.capture()) {
            reply = fx.sendJson("POST", DESCRIBE_BOOT, fx.aliceInAcme(), "{}");
        }

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("30");
        assertThat(reply.json().get("type").asText()).endsWith("problems/service-unavailable");
        assertThat(reply.json().get("detail").asText()).isEqualTo("The AI provider is unavailable");
        assertThat(reply.body()).doesNotContain("10.0.0.7");
    }

    @Test
    void given_usage_when_reading_it_then_period_quota_by_feature_and_provider() {
        Reply reply = fx.getWithBearer(USAGE, fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode usage = reply.json();
        assertThat(CatalogRoutesTest.names(usage)).containsExactlyInAnyOrder(
                "period", "limit", "used", "remaining", "resetsAt", "byFeature", "provider", "local");
        assertThat(usage.get("period").asText()).isEqualTo("2026-06");
        assertThat(usage.get("limit").asLong()).isEqualTo(100_000);
        assertThat(usage.get("resetsAt").asText()).isEqualTo("2026-07-01T00:00:00Z");
        assertThat(usage.get("byFeature").get("product-description").asLong()).isEqualTo(1_234);
        assertThat(usage.get("local").asBoolean()).isTrue();
    }

    @Test
    void given_no_token_when_calling_the_ai_routes_then_401_and_no_call() {
        Reply describe = fx.api.postJson(DESCRIBE_BOOT, "{}");
        Reply usage = fx.api.get(USAGE);

        assertThat(describe.status()).isEqualTo(401);
        assertThat(usage.status()).isEqualTo(401);
        assertThat(fx.ai.calls).isEmpty();
    }
}
