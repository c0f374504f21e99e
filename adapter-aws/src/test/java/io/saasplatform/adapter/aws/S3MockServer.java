package io.saasplatform.adapter.aws;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Adobe S3Mock, a real S3-compatible HTTP server, started in-process on a random port (one per test JVM). It does not
 * verify SigV4 signatures, which the contract takes into account.
 */
final class S3MockServer {
    static final String BUCKET = "media-test";
    private static S3MockServer instance;

    private final int port;

    private S3MockServer(int port) {
        this.port = port;
    }

    static synchronized S3MockServer get() {
        if (instance == null) {
            // Spring Boot inside S3Mock would insist on Logback; the tests log through slf4j-simple.
            System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
            Map<String, Object> properties = new HashMap<>(); // start() removes keys: must be mutable
            properties.put(S3MockApplication.PROP_HTTP_PORT, 0);
            properties.put(S3MockApplication.PROP_HTTPS_PORT, 0);
            properties.put(S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET);
            properties.put(S3MockApplication.PROP_SILENT, true);
            try {
                properties.put(S3MockApplication.PROP_ROOT_DIRECTORY,
                        Files.createTempDirectory("s3mock").toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3MockApplication app = S3MockApplication.start(properties);
            instance = new S3MockServer(app.getHttpPort());
            Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
        }
        return instance;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    S3ObjectStore.Settings settings() {
        return S3ObjectStore.Settings.of(BUCKET)
                .withEndpoint(java.util.Optional.of("us-east-1"), java.util.Optional.of(endpoint()), true)
                .withStaticKeys("test-key", "test-secret");
    }
}
