package io.saasplatform.bootstrap;

import io.saasplatform.adapter.aws.LocalObjectStore;
import io.saasplatform.adapter.aws.S3ObjectStore;
import io.saasplatform.application.port.out.ObjectStore;
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/** Composition of the media library's object store: S3 when {@code S3_BUCKET} is set, else local files. */
final class MediaFactory {
    private MediaFactory() {}

    /**
     * @param publicBaseUrl the platform's public URL, read when a local URL is made (known only once the port is
     *     bound when {@code PORT=0})
     */
    static ObjectStore objectStore(PlatformConfig config, Supplier<String> publicBaseUrl) {
        if (config.media().s3().isPresent()) {
            PlatformConfig.S3 s3 = config.media().s3().get();
            return new S3ObjectStore(S3ObjectStore.Settings.of(s3.bucket())
                    .withEndpoint(s3.region(), s3.endpoint(), s3.forcePathStyle())
                    .withPublicBaseUrl(s3.publicBaseUrl()));
        }
        return new LocalObjectStore(config.dataDir().resolve("media"), publicBaseUrl, config.secretKey());
    }

    /**
     * Where product images are served from when that is not the platform itself, for the pages' CSP {@code img-src}:
     * the CDN of {@code MEDIA_PUBLIC_BASE_URL}, else the S3 endpoint that presigned GETs point at; empty for the local
     * store, which serves {@code /media/...} from the platform's own origin.
     */
    static Optional<String> publicOrigin(PlatformConfig config) {
        return config.media().s3().map(s3 -> s3.publicBaseUrl()
                .map(url -> origin(URI.create(url)))
                .orElseGet(() -> bucketOrigin(s3)));
    }

    /**
     * Where presigned upload URLs point when that is not the platform itself, for the dashboard's CSP
     * {@code connect-src}: the S3 endpoint or the bucket's host (never the CDN); empty for the local store.
     */
    static Optional<String> uploadOrigin(PlatformConfig config) {
        return config.media().s3().map(MediaFactory::bucketOrigin);
    }

    private static String bucketOrigin(PlatformConfig.S3 s3) {
        return s3.endpoint()
                .map(MediaFactory::origin)
                // Virtual-hosted style: https://<bucket>.s3.<region>.amazonaws.com
                .orElse("https://" + s3.bucket() + ".s3." + s3.region().orElse("us-east-1") + ".amazonaws.com");
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
