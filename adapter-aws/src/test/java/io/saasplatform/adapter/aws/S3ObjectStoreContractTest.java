package io.saasplatform.adapter.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.ObjectStore.PresignedUpload;
import io.saasplatform.testkit.contract.ObjectStoreContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 adapter against a real S3-compatible server (Adobe S3Mock, in-process): PUTs go over HTTP to the URL. */
class S3ObjectStoreContractTest extends ObjectStoreContract {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static S3ObjectStore store;

    @BeforeAll
    static void start() {
        store = new S3ObjectStore(S3MockServer.get().settings());
        store.createBucketIfMissing();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected boolean upload(PresignedUpload upload, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(upload.url())
                .timeout(Duration.ofSeconds(30))
                .method(upload.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        upload.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        request.header("Content-Type", contentType);
        try {
            int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** S3Mock does not check SigV4: the binding is asserted from the signed URL instead (Amazon S3 enforces it). */
    @Override
    protected boolean verifiesSignatures() {
        return false;
    }

    @Test
    void given_a_public_base_url_then_public_urls_are_that_url_and_the_key() {
        try (S3ObjectStore cdn = new S3ObjectStore(S3MockServer.get().settings()
                .withPublicBaseUrl(Optional.of("https://cdn.example.com/")))) {
            assertThat(cdn.publicUrl("tenants/t/media/m")).isEqualTo(URI.create("https://cdn.example.com/tenants/t/media/m"));
        }
    }

    @Test
    void given_no_public_base_url_then_public_urls_are_presigned_gets_that_serve_the_object() throws Exception {
        String key = newKey();
        byte[] bytes = {1, 2, 3, 4, 5};
        assertThat(upload(store.presignUpload(key, "image/png", bytes.length, Instant.now().plusSeconds(600)),
                "image/png", bytes)).isTrue();

        URI url = store.publicUrl(key);

        assertThat(url.getQuery()).contains("X-Amz-Expires=3600");
        HttpResponse<byte[]> got = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(bytes);
    }

    @Test
    void given_a_presigned_upload_then_the_url_is_signed_over_type_and_length_and_names_no_filename() {
        PresignedUpload upload = store.presignUpload("tenants/a/media/b", "image/avif", 42, Instant.now().plusSeconds(600));

        assertThat(upload.url().getRawQuery()).contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");
        assertThat(upload.url().getPath()).endsWith("/" + S3MockServer.BUCKET + "/tenants/a/media/b");
        assertThat(upload.headers()).containsEntry("Content-Type", "image/avif").doesNotContainKey("Host");
    }
}
