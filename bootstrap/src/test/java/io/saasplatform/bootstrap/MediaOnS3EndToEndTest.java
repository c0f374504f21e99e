package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.adobe.testing.s3mock.S3MockApplication;
import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.bootstrap.MediaEndToEndTest.Shop;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The media path with {@code S3_BUCKET} set, against Adobe S3Mock started in-process (a real S3-compatible HTTP server;
 * it runs on Java 25): presigned PUT to the bucket, completion reading the object back, presigned GETs on the
 * storefront. S3Mock does not verify SigV4, so the refusals of another type or size are Amazon S3's and are covered
 * by the signed URL (see the S3 adapter's contract test).
 */
class MediaOnS3EndToEndTest {
    private static final String BUCKET = "media-e2e";

    @TempDir
    static Path dataDir;

    private static S3MockApplication s3;
    private static RunningPlatform platform;

    @BeforeAll
    static void start() throws IOException {
        TestRedis.flushAll();
        // Spring Boot inside S3Mock must not take over the platform's Logback configuration.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, Object> properties = new HashMap<>(); // start() removes keys: must be mutable
        properties.put(S3MockApplication.PROP_HTTP_PORT, 0);
        properties.put(S3MockApplication.PROP_HTTPS_PORT, 0);
        properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET);
        properties.put(S3MockApplication.PROP_SILENT, true);
        properties.put(S3MockApplication.PROP_ROOT_DIRECTORY, Files.createTempDirectory("s3mock").toString());
        s3 = S3MockApplication.start(properties);
        // The SDK's default credentials chain reads these; S3Mock accepts any.
        System.setProperty("aws.accessKeyId", "e2e-key");
        System.setProperty("aws.secretAccessKey", "e2e-secret");
        platform = RunningPlatform.start(dataDir, Map.of(
                "S3_BUCKET", BUCKET,
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + s3.getHttpPort(),
                "S3_FORCE_PATH_STYLE", "true"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
        if (s3 != null) {
            s3.stop();
        }
    }

    @Test
    void given_s3_when_an_image_is_uploaded_completed_and_attached_then_the_storefront_url_serves_the_same_bytes() {
        MediaEndToEndTest.uploadCompleteAttachAndServe(platform);
    }

    @Test
    void given_s3_when_the_upload_url_is_handed_out_then_it_points_at_the_bucket_under_an_id_only_key() {
        Shop shop = MediaEndToEndTest.newShop(platform);

        Response started = MediaEndToEndTest.startUpload(platform, shop, "../../secret.png", "image/png", 10);

        JsonNode upload = started.body().get("upload");
        assertThat(upload.get("url").asText())
                .startsWith("http://127.0.0.1:" + s3.getHttpPort() + "/" + BUCKET + "/tenants/" + shop.id() + "/media/"
                        + started.text("/mediaId") + "?")
                .contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost")
                .doesNotContain("secret");
    }

    @Test
    void given_s3_when_html_is_uploaded_as_a_png_then_completion_rejects_it_and_deletes_the_object() {
        Shop shop = MediaEndToEndTest.newShop(platform);
        byte[] html = "<html>not an image</html>".getBytes(StandardCharsets.UTF_8);
        Response started = MediaEndToEndTest.startUpload(platform, shop, "x.png", "image/png", html.length);
        assertThat(MediaEndToEndTest.put(started.body().get("upload"), "image/png", html)).isEqualTo(200);

        Response completed = platform.post(
                "/tenants/me/media/" + started.text("/mediaId") + "/complete", shop.token(), null);
        Response again = platform.post(
                "/tenants/me/media/" + started.text("/mediaId") + "/complete", shop.token(), null);

        assertThat(completed.status()).as("%s", completed).isEqualTo(422);
        assertThat(again.status()).isEqualTo(422);
        JsonNode media = platform.get("/tenants/me/media/" + started.text("/mediaId"), shop.token()).body();
        assertThat(media.get("status").asText()).isEqualTo("rejected");
        assertThat(media.get("url").isNull()).isTrue();
    }
}
