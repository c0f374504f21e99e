package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaFactoryTest {
    @Test
    void given_the_local_store_then_images_come_from_the_platform_itself_and_no_other_origin_is_allowed() {
        assertThat(MediaFactory.publicOrigin(PlatformConfig.from(Map.of()))).isEmpty();
        assertThat(MediaFactory.uploadOrigin(PlatformConfig.from(Map.of()))).isEmpty();
    }

    @Test
    void given_s3_behind_a_cdn_then_uploads_still_go_to_the_bucket_origin_not_the_cdn() {
        PlatformConfig config = PlatformConfig.from(Map.of("S3_BUCKET", "acme-media", "AWS_REGION", "eu-west-1",
                "MEDIA_PUBLIC_BASE_URL", "https://cdn.example.com/media/"));
        PlatformConfig minio = PlatformConfig.from(Map.of("S3_BUCKET", "acme-media",
                "AWS_ENDPOINT_URL_S3", "http://localhost:9000", "S3_FORCE_PATH_STYLE", "true"));

        assertThat(MediaFactory.uploadOrigin(config)).contains("https://acme-media.s3.eu-west-1.amazonaws.com");
        assertThat(MediaFactory.uploadOrigin(minio)).contains("http://localhost:9000");
    }

    @Test
    void given_a_cdn_base_url_then_its_origin_alone_is_the_image_origin() {
        PlatformConfig config = PlatformConfig.from(Map.of("S3_BUCKET", "acme-media", "AWS_REGION", "eu-west-1",
                "MEDIA_PUBLIC_BASE_URL", "https://cdn.example.com/media/"));

        assertThat(MediaFactory.publicOrigin(config)).contains("https://cdn.example.com");
    }

    @Test
    void given_s3_without_a_cdn_then_presigned_urls_point_at_the_endpoint_or_the_bucket_host() {
        PlatformConfig minio = PlatformConfig.from(Map.of("S3_BUCKET", "acme-media",
                "AWS_ENDPOINT_URL_S3", "http://localhost:9000", "S3_FORCE_PATH_STYLE", "true"));
        PlatformConfig aws = PlatformConfig.from(Map.of("S3_BUCKET", "acme-media", "AWS_REGION", "eu-west-1"));

        assertThat(MediaFactory.publicOrigin(minio)).contains("http://localhost:9000");
        assertThat(MediaFactory.publicOrigin(aws)).contains("https://acme-media.s3.eu-west-1.amazonaws.com");
    }
}
