package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.application.port.in.DescriptionJobsUseCase.JobView;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobRoutesTest {
    private static final String START = "/tenants/me/ai/description-jobs";
    private static final String JOBS = "/tenants/me/jobs";
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
        fx.jobs.reset();
    }

    @Test
    void given_product_ids_when_starting_a_job_then_202_with_location_and_the_queued_job() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();

        Reply reply = fx.sendJson("POST", START, fx.aliceInAcme(),
                "{\"productIds\":[\"" + a + "\",\"" + b + "\"],\"tone\":\"playful\",\"apply\":true}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        JsonNode job = reply.json();
        assertThat(reply.header("Location")).isEqualTo(JOBS + "/" + job.get("id").asText());
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(CatalogRoutesTest.names(job)).containsExactlyInAnyOrder(
                "id", "kind", "status", "total", "done", "failed", "errors", "createdAt", "updatedAt", "finishedAt");
        assertThat(job.get("status").asText()).isEqualTo("queued");
        assertThat(job.get("total").asInt()).isEqualTo(2);
        assertThat(fx.jobs.starts).containsExactly(new FakeJobs.Start(
                List.of(ProductId.parse(a), ProductId.parse(b)), "playful", true));
    }

    @Test
    void given_no_body_when_starting_a_job_then_every_product_without_a_description_is_asked_for() {
        Reply reply = fx.api.send(fx.withBearer(START, fx.aliceInAcme()).POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        assertThat(fx.jobs.starts).containsExactly(new FakeJobs.Start(null, null, false));
    }

    @Test
    void given_a_product_id_that_is_not_a_uuid_when_starting_then_400_naming_that_element_and_nothing_queued() {
        Reply reply = fx.sendJson("POST", START, fx.aliceInAcme(),
                "{\"productIds\":[\"" + UUID.randomUUID() + "\",\"nope\"]}");

        CatalogRoutesTest.assertValidationProblem(reply, "productIds[1]");
        assertThat(fx.jobs.starts).isEmpty();
    }

    @Test
    void given_product_ids_that_are_not_an_array_when_starting_then_400_naming_product_ids() {
        Reply reply = fx.sendJson("POST", START, fx.aliceInAcme(), "{\"productIds\":\"all\"}");

        CatalogRoutesTest.assertValidationProblem(reply, "productIds");
        assertThat(fx.jobs.starts).isEmpty();
    }

    @Test
    void given_an_empty_list_refused_by_the_use_case_then_400_naming_product_ids() {
        Reply reply = fx.sendJson("POST", START, fx.aliceInAcme(), "{\"productIds\":[]}");

        CatalogRoutesTest.assertValidationProblem(reply, "productIds");
    }

    @Test
    void given_an_unknown_member_when_starting_then_400_naming_it() {
        Reply reply = fx.sendJson("POST", START, fx.aliceInAcme(), "{\"maxWords\":50}");

        CatalogRoutesTest.assertValidationProblem(reply, "maxWords");
        assertThat(fx.jobs.starts).isEmpty();
    }

    @Test
    void given_a_job_when_reading_it_then_its_progress_and_first_errors() {
        JobView job = fx.jobs.finishedWithOneError();

        Reply reply = fx.getWithBearer(JOBS + "/" + job.id(), fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("partially_succeeded");
        assertThat(body.get("done").asInt()).isEqualTo(1);
        assertThat(body.get("failed").asInt()).isEqualTo(1);
        assertThat(body.get("errors").get(0).get("productId").asText()).isEqualTo(FakeCatalog.BOOT.id().toString());
        assertThat(body.get("finishedAt").asText()).isEqualTo("2026-06-01T12:00:05Z");
    }

    @Test
    void given_another_tenant_or_a_malformed_id_when_reading_a_job_then_404() {
        JobView job = fx.jobs.finishedWithOneError();
        String other = fx.aliceIn(new TenantGrant(FakeUseCases.OTHER_TENANT, Slug.of("other"), "Other", Role.OWNER));

        assertThat(fx.getWithBearer(JOBS + "/" + job.id(), other).status()).isEqualTo(404);
        assertThat(fx.getWithBearer(JOBS + "/not-a-uuid", fx.aliceInAcme()).status()).isEqualTo(404);
        assertThat(fx.getWithBearer(JOBS + "/" + UUID.randomUUID(), fx.aliceInAcme()).status()).isEqualTo(404);
    }

    @Test
    void given_jobs_when_listing_then_a_page_newest_first_with_a_cursor() {
        fx.sendJson("POST", START, fx.aliceInAcme(), "{}");
        fx.sendJson("POST", START, fx.aliceInAcme(), "{}");

        Reply reply = fx.getWithBearer(JOBS + "?limit=1", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("items")).hasSize(1);
        assertThat(reply.json().get("nextCursor").asText()).isEqualTo("next");
    }

    @Test
    void given_a_limit_that_is_not_an_integer_when_listing_then_400_naming_limit() {
        CatalogRoutesTest.assertValidationProblem(fx.getWithBearer(JOBS + "?limit=ten", fx.aliceInAcme()), "limit");
    }

    @Test
    void given_a_running_job_when_cancelling_then_200_cancelled_and_again_409() {
        String id = fx.sendJson("POST", START, fx.aliceInAcme(), "{}").json().get("id").asText();

        Reply cancelled = fx.api.send(fx.withBearer(JOBS + "/" + id, fx.aliceInAcme()).DELETE());
        Reply again = fx.api.send(fx.withBearer(JOBS + "/" + id, fx.aliceInAcme()).DELETE());

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void given_no_token_when_starting_then_401() {
        assertThat(fx.sendJson("POST", START, null, "{}").status()).isEqualTo(401);
    }
}
