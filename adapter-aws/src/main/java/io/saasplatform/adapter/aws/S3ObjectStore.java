package io.saasplatform.adapter.aws;

import io.saasplatform.application.port.out.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Driven adapter for the {@link ObjectStore} port on Amazon S3 (or MinIO, LocalStack, any S3-compatible server):
 * {@link S3Presigner} signs upload URLs offline, {@link S3Client} heads, reads ranges and deletes.
 *
 * <p>An upload URL is signed over {@code content-type} and {@code content-length} (S3 answers 403 to any other type or
 * size) and lasts until the given expiry. Public URLs are {@code MEDIA_PUBLIC_BASE_URL/<key>} (the CloudFront
 * distribution, which alone may read the bucket) when configured, else presigned GETs valid for one hour.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {
    /** How long a presigned GET lasts when no public base URL is configured. */
    static final Duration PRESIGNED_GET_TTL = Duration.ofHours(1);

    /**
     * Where the bucket is and how to reach it.
     *
     * @param region empty: the SDK's default region chain ({@code AWS_REGION})
     * @param endpoint empty: AWS; else e.g. {@code http://localhost:9000} ({@code AWS_ENDPOINT_URL_S3})
     * @param forcePathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
     *     ({@code S3_FORCE_PATH_STYLE}, needed by MinIO and most local servers)
     * @param publicBaseUrl the CDN in front of the bucket ({@code MEDIA_PUBLIC_BASE_URL}), no trailing slash
     * @param staticKeys access key id and secret; empty: the SDK's default credentials chain
     */
    public record Settings(String bucket, Optional<String> region, Optional<URI> endpoint, boolean forcePathStyle,
            Optional<String> publicBaseUrl, Optional<Map.Entry<String, String>> staticKeys) {
        public Settings {
            Objects.requireNonNull(bucket, "bucket");
            if (bucket.isBlank()) {
                throw new IllegalArgumentException("bucket must not be blank");
            }
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(endpoint, "endpoint");
            publicBaseUrl = publicBaseUrl.map(u -> u.replaceAll("/+$", ""));
            Objects.requireNonNull(staticKeys, "staticKeys");
        }

        public static Settings of(String bucket) {
            return new Settings(bucket, Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
        }

        public Settings withEndpoint(Optional<String> newRegion, Optional<URI> newEndpoint, boolean pathStyle) {
            return new Settings(bucket, newRegion, newEndpoint, pathStyle, publicBaseUrl, staticKeys);
        }

        public Settings withPublicBaseUrl(Optional<String> url) {
            return new Settings(bucket, region, endpoint, forcePathStyle, url, staticKeys);
        }

        public Settings withStaticKeys(String accessKeyId, String secretAccessKey) {
            return new Settings(bucket, region, endpoint, forcePathStyle, publicBaseUrl,
                    Optional.of(Map.entry(accessKeyId, secretAccessKey)));
        }
    }

    private final Settings settings;
    private final S3Client client;
    private final S3Presigner presigner;
    private final Clock clock;

    public S3ObjectStore(Settings settings) {
        this(settings, Clock.systemUTC());
    }

    S3ObjectStore(Settings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        AwsCredentialsProvider credentials = settings.staticKeys()
                .<AwsCredentialsProvider>map(k -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(k.getKey(), k.getValue())))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(settings.forcePathStyle()).build();
        var clientBuilder = S3Client.builder()
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(credentials)
                .serviceConfiguration(s3);
        var presignerBuilder = S3Presigner.builder().credentialsProvider(credentials).serviceConfiguration(s3);
        settings.region().map(Region::of).ifPresent(r -> {
            clientBuilder.region(r);
            presignerBuilder.region(r);
        });
        settings.endpoint().ifPresent(e -> {
            clientBuilder.endpointOverride(e);
            presignerBuilder.endpointOverride(e);
        });
        this.client = clientBuilder.build();
        this.presigner = presignerBuilder.build();
    }

    @Override
    public PresignedUpload presignUpload(String key, String contentType, long byteSize, Instant expiresAt) {
        // Whole seconds (X-Amz-Expires), a second short: the presigner reads its own clock a moment later, and the
        // URL must not outlive what the caller promised its client.
        Duration ttl = Duration.ofSeconds(Duration.between(clock.instant(), expiresAt).toSeconds() - 1);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("expiresAt must be in the future");
        }
        PutObjectRequest put = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .contentType(contentType)
                .contentLength(byteSize)
                .build();
        PresignedPutObjectRequest signed =
                presigner.presignPutObject(r -> r.signatureDuration(ttl).putObjectRequest(put));
        // The client sends these as given; Host and Content-Length are set by every HTTP client itself (and are
        // forbidden headers in browsers), so they are left out, though the signature covers them.
        Map<String, String> headers = new LinkedHashMap<>();
        signed.signedHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("host") && !lower.equals("content-length")) {
                headers.put(lower.equals("content-type") ? "Content-Type" : name, String.join(",", values));
            }
        });
        return new PresignedUpload(URI.create(signed.url().toString()), "PUT", headers, signed.expiration());
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(settings.bucket()).key(key));
            return Optional.of(new ObjectInfo(head.contentLength(), Optional.ofNullable(head.contentType())));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public byte[] readFirstBytes(String key, int count) {
        if (count < 1) {
            return new byte[0];
        }
        try (ResponseInputStream<GetObjectResponse> in = client.getObject(
                r -> r.bucket(settings.bucket()).key(key).range("bytes=0-" + (count - 1)))) {
            return in.readNBytes(count);
        } catch (NoSuchKeyException e) {
            return new byte[0];
        } catch (S3Exception e) {
            // 404: absent; 416: a range past the end of an empty object.
            if (e.statusCode() == 404 || e.statusCode() == 416) {
                return new byte[0];
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        client.deleteObject(r -> r.bucket(settings.bucket()).key(key));
    }

    @Override
    public URI publicUrl(String key) {
        if (settings.publicBaseUrl().isPresent()) {
            return URI.create(settings.publicBaseUrl().get() + "/" + key);
        }
        return URI.create(presigner.presignGetObject(r -> r.signatureDuration(PRESIGNED_GET_TTL)
                        .getObjectRequest(g -> g.bucket(settings.bucket()).key(key)))
                .url().toString());
    }

    /** Creates the bucket if it does not exist: for local S3-compatible servers and tests, never needed on AWS. */
    public void createBucketIfMissing() {
        try {
            client.headBucket(r -> r.bucket(settings.bucket()));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(r -> r.bucket(settings.bucket()));
        }
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }
}
