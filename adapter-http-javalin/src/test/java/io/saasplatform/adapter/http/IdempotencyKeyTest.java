package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.ConflictException;
import java.net.http.HttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key decorator around the POSTs that create, over fake use cases and a fake key store. */
class IdempotencyKeyTest {
    private static final String PRODUCTS = "/tenants/me/products";
    private static final String MEDIA_UPLOADS = "/tenants/me/media/uploads";
    private static final String DESCRIPTION_JOBS = "/tenants/me/ai/description-jobs";
    private static final String BOOT = "{\"name\":\"Boot\",\"price\":\"12.500\"}";
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
        fx.catalog.reset();
        fx.jobs.reset();
        fx.media.uploadsStarted.clear();
    }

    private static Reply post(String key, String json) {
        return post(PRODUCTS, key, json);
    }

    private static Reply post(String path, String key, String json) {
        HttpRequest.Builder request = fx.withBearer(path, fx.aliceInAcme())
                .header("Content-Type", "application/json");
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return fx.api.send(request.POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String newKey() {
        return "key-" + java.util.UUID.randomUUID();
    }

    @Test
    void given_a_created_product_when_retrying_with_the_same_key_and_body_then_the_same_answer_without_a_second_call() {
        String key = newKey();
        Reply first = post(key, BOOT);
        Reply retry = post(key, BOOT);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotNull();
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(fx.catalog.calls).containsExactly("createProduct");
    }

    @Test
    void given_no_key_when_posting_twice_then_the_use_case_runs_twice() {
        post(null, BOOT);
        post(null, BOOT);

        assertThat(fx.catalog.calls).containsExactly("createProduct", "createProduct");
    }

    @Test
    void given_a_used_key_when_posting_another_body_then_422_idempotency_key_reused_and_no_call() {
        String key = newKey();
        post(key, BOOT);
        Reply other = post(key, "{\"name\":\"Sandal\",\"price\":\"3.000\"}");

        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.json().get("type").asText())
                .isEqualTo("tag:saasplatform.io,2026:problems/idempotency-key-reused");
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(fx.catalog.calls).containsExactly("createProduct");
    }

    @Test
    void given_a_key_of_256_characters_when_posting_then_400_naming_the_header_and_no_call() {
        Reply reply = post("k".repeat(256), BOOT);

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(fx.catalog.calls).isEmpty();
        assertThat(post("k".repeat(255), BOOT).status()).isEqualTo(201);
    }

    @Test
    void given_the_first_request_still_running_when_retrying_then_409_with_retry_after() throws Exception {
        String key = newKey();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        fx.catalog.holdNextCall(entered, release);
        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> post(key, BOOT));
        try {
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            Reply retry = post(key, BOOT);

            assertThat(retry.status()).as(retry.body()).isEqualTo(409);
            assertThat(retry.header("Retry-After")).isEqualTo("1");
            assertThat(retry.json().get("code").asText()).isEqualTo("idempotency-key-in-use");
        } finally {
            release.countDown();
        }
        assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        assertThat(post(key, BOOT).header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(fx.catalog.calls).containsExactly("createProduct");
    }

    @Test
    void given_a_first_request_that_failed_when_retrying_then_the_use_case_runs_again() {
        String key = newKey();
        fx.catalog.failNextWith(new ConflictException("slug-taken", "slug", "slug boot is already taken"));
        Reply failed = post(key, BOOT);
        Reply retry = post(key, BOOT);

        assertThat(failed.status()).isEqualTo(409);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(fx.catalog.calls).containsExactly("createProduct", "createProduct");
    }

    @Test
    void given_a_started_upload_when_retrying_with_the_same_key_then_the_same_ticket_and_no_second_pending_upload() {
        String key = newKey();
        String png = "{\"filename\":\"mug.png\",\"contentType\":\"image/png\",\"byteSize\":1234}";
        Reply first = post(MEDIA_UPLOADS, key, png);
        Reply retry = post(MEDIA_UPLOADS, key, png);
        Reply other = post(MEDIA_UPLOADS, key, png.replace("mug", "cup"));

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotNull();
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(fx.media.uploadsStarted).hasSize(1);
    }

    @Test
    void given_a_queued_description_job_when_retrying_with_the_same_key_then_the_same_job_and_no_second_one() {
        String key = newKey();
        String body = "{\"productIds\":[\"" + FakeCatalog.BOOT.id() + "\"],\"tone\":\"playful\"}";
        Reply first = post(DESCRIPTION_JOBS, key, body);
        Reply retry = post(DESCRIPTION_JOBS, key, body);
        Reply other = post(DESCRIPTION_JOBS, key, body.replace("playful", "formal"));

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotNull();
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).as(other.body()).isEqualTo(422);
        assertThat(other.json().get("code").asText()).isEqualTo("idempotency-key-reused");
        assertThat(fx.jobs.starts).hasSize(1);
    }
}
