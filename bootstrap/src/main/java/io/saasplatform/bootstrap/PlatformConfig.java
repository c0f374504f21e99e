package io.saasplatform.bootstrap;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Composition-root configuration, read from environment variables (documented one by one in {@code .env.example}).
 *
 * <p>Unknown values are refused at start rather than defaulted: a typo in {@code APP_ENV} must not quietly run a
 * production node in development mode.
 */
public record PlatformConfig(
        AppEnv appEnv,
        String host,
        int port,
        Optional<DatabaseUrl> database,
        Optional<DatabaseUrl> databaseAdmin,
        int databasePoolSize,
        Duration databasePoolTimeout,
        String ownerRole,
        Optional<String> ownerPassword,
        Optional<String> redisUrl,
        byte[] secretKey,
        boolean secretKeyGenerated,
        Path dataDir,
        int embeddedPostgresPort,
        int embeddedRedisPort,
        int maxBodyBytes,
        int httpAcceptQueue,
        Duration httpIdleTimeout,
        int managementPort,
        Logging.Format logFormat,
        Logging.Threshold logLevel,
        AuthMode authMode,
        String publicBaseUrl,
        Optional<Cognito> cognito,
        Duration accessTokenTtl,
        Duration refreshGraceWindow,
        boolean secureCookies,
        int trustedProxyHops,
        Optional<String> clientAddressHeader,
        java.util.List<String> corsAllowedOrigins,
        Ai ai,
        boolean logsMailContents,
        int maxTenantsPerUser,
        int tenantCreationsPerHour,
        AppRole appRole,
        Worker worker,
        Optional<Ses> ses,
        Media media) {

    /** What this process does: serve the API, run background work, or both (the default). */
    public enum AppRole {
        ALL,
        API,
        WORKER;

        /** Whether this node serves the API (a worker node serves only {@code /health/*}). */
        public boolean servesApi() {
            return this != WORKER;
        }

        /** Whether this node polls for background work (an API node never does). */
        public boolean runsWorker() {
            return this != API;
        }
    }

    /**
     * The background worker and what it runs.
     *
     * @param name this node's name among workers (its executions are "picked by" it)
     * @param outboxMaxAttempts delivery attempts of one email before it is dead
     * @param outboxFirstRetry delay after the first failed attempt, doubled after each further one
     * @param outboxMaxRetry the longest delay between attempts
     */
    public record Worker(
            String name,
            int threads,
            Duration pollInterval,
            Duration heartbeatInterval,
            Duration drainTimeout,
            int outboxMaxAttempts,
            Duration outboxFirstRetry,
            Duration outboxMaxRetry,
            int jobConcurrencyPerTenant,
            int jobSliceSize,
            Duration jobUnavailableRetry) {}

    /**
     * Amazon SES as the mailer: the verified sender and the most messages per second this node sends. Region and
     * endpoint are the SDK's own variables ({@code AWS_REGION}; {@code AWS_ENDPOINT_URL_SESV2}, else
     * {@code AWS_ENDPOINT_URL}), read here so that they work whatever map the configuration came from; credentials
     * come from the SDK's default chain.
     */
    public record Ses(String fromEmail, double maxSendRate, Optional<String> region, Optional<URI> endpoint) {}

    /**
     * The media library: upload limits and where objects live ({@code S3_BUCKET} set: S3 or an S3-compatible server;
     * else files under {@code $DATA_DIR/media} served by the platform).
     *
     * @param maxBytes the largest upload ({@code MEDIA_MAX_BYTES})
     * @param maxPending pending uploads one tenant may have at once ({@code MEDIA_MAX_PENDING})
     */
    public record Media(long maxBytes, int maxPending, Optional<S3> s3) {}

    /**
     * An S3 bucket for media. Region and credentials follow the SDK's default chains; {@code AWS_ENDPOINT_URL_S3} (else
     * {@code AWS_ENDPOINT_URL}) and {@code S3_FORCE_PATH_STYLE} reach MinIO or LocalStack; {@code MEDIA_PUBLIC_BASE_URL}
     * is the CloudFront distribution in front of the bucket (else public URLs are presigned GETs).
     */
    public record S3(String bucket, Optional<String> region, Optional<URI> endpoint, boolean forcePathStyle,
            Optional<String> publicBaseUrl) {}

    /** How users prove who they are: the built-in mock identity provider (local) or Amazon Cognito. */
    public enum AuthMode {
        MOCK,
        COGNITO
    }

    /**
     * The Cognito user pool whose ID tokens sign users in.
     *
     * @param domain {@code COGNITO_DOMAIN}: the pool's Hosted UI domain ({@code shop.auth.eu-west-1.amazoncognito.com}
     *     or a custom domain, https assumed); set, the dashboard signs in through the Hosted UI with PKCE
     * @param clientSecret {@code COGNITO_CLIENT_SECRET}: only when the app client has a secret
     * @param redirectUri {@code COGNITO_REDIRECT_URI}: the callback URL registered on the app client; empty means
     *     {@code <PUBLIC_BASE_URL>/app/} (the dashboard finishes the sign-in)
     * @param issuer {@code COGNITO_ISSUER}: for a Cognito-compatible emulator (outside production); by default
     *     {@code https://cognito-idp.<region>.amazonaws.com/<pool>}, whose {@code /.well-known/jwks.json} has the keys
     */
    public record Cognito(String region, String userPoolId, String clientId, Optional<URI> domain,
            Optional<String> clientSecret, Optional<URI> redirectUri, Optional<URI> issuer) {
        @Override
        public String toString() {
            return "Cognito[region=" + region + ", userPoolId=" + userPoolId + ", clientId=" + clientId + ", domain="
                    + domain.map(URI::toString).orElse("<none: no Hosted UI>") + ", clientSecret="
                    + (clientSecret.isPresent() ? "<set>" : "<none>") + ", redirectUri=" + redirectUri.map(URI::toString).orElse("<PUBLIC_BASE_URL>/app/") + ", issuer="
                    + issuer.map(URI::toString).orElse("default") + "]";
        }
    }

    /**
     * The AI provider and quota. No API key means the local deterministic provider (no network).
     *
     * @param monthlyTokenLimit the platform default per tenant and calendar month (UTC); 0 turns AI off for tenants
     *     without an override
     * @param userMonthlyTokenLimit {@code AI_USER_MONTHLY_TOKEN_LIMIT}: tokens per user and month across all the
     *     user's tenants; empty = no user budget
     * @param globalMonthlyTokenLimit {@code AI_GLOBAL_MONTHLY_TOKEN_LIMIT}: tokens per month for the whole platform;
     *     empty = no platform budget
     */
    public record Ai(
            Optional<String> apiKey, Optional<URI> baseUrl, Optional<String> model, Duration timeout,
            long monthlyTokenLimit, OptionalLong userMonthlyTokenLimit, OptionalLong globalMonthlyTokenLimit) {
        @Override
        public String toString() {
            return "Ai[apiKey=" + (apiKey.isPresent() ? "<set>" : "<none: local provider>") + ", baseUrl="
                    + baseUrl.map(URI::toString).orElse("default") + ", model=" + model.orElse("default")
                    + ", timeout=" + timeout + ", monthlyTokenLimit=" + monthlyTokenLimit
                    + ", userMonthlyTokenLimit=" + userMonthlyTokenLimit + ", globalMonthlyTokenLimit="
                    + globalMonthlyTokenLimit + "]";
        }
    }

    /** Deployment environment; production turns off every convenience default. */
    public enum AppEnv {
        DEVELOPMENT,
        TEST,
        PRODUCTION
    }

    public static final int MIN_SECRET_BYTES = 32;
    /** Upper bound of a monthly token budget: far above any real one, and far from overflowing the counters. */
    static final long MAX_TOKEN_BUDGET = 1_000_000_000_000_000L;

    public static PlatformConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static PlatformConfig from(Map<String, String> env) {
        Reader r = new Reader(env);
        AppEnv appEnv = r.enumValue("APP_ENV", AppEnv.class, AppEnv.DEVELOPMENT);
        boolean production = appEnv == AppEnv.PRODUCTION;

        Optional<DatabaseUrl> database = r.optional("DATABASE_URL").map(v -> DatabaseUrl.parse("DATABASE_URL", v));
        Optional<DatabaseUrl> admin =
                r.optional("DATABASE_ADMIN_URL").map(v -> DatabaseUrl.parse("DATABASE_ADMIN_URL", v));
        Optional<String> redisUrl = r.optional("REDIS_URL");
        if (redisUrl.isPresent() && !redisUrl.get().matches("rediss?(-cluster)?://.+")) {
            throw new ConfigException("REDIS_URL must start with redis://, rediss://, redis-cluster:// or"
                    + " rediss-cluster://");
        }
        Optional<String> secret = r.optional("SECRET_KEY");

        if (production) {
            if (database.isEmpty()) {
                throw new ConfigException("APP_ENV=production requires DATABASE_URL (embedded PostgreSQL is for local use)");
            }
            if (redisUrl.isEmpty()) {
                throw new ConfigException("APP_ENV=production requires REDIS_URL (embedded Redis is for local use)");
            }
            if (secret.isEmpty()) {
                throw new ConfigException("APP_ENV=production requires SECRET_KEY of at least 32 bytes");
            }
        }
        if (admin.isPresent() && database.isEmpty()) {
            throw new ConfigException("DATABASE_ADMIN_URL needs DATABASE_URL: it names the serving role to provision");
        }
        byte[] secretKey;
        boolean generated = secret.isEmpty();
        if (generated) {
            secretKey = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(secretKey);
        } else {
            secretKey = decodeSecret(secret.get());
            if (secretKey.length < MIN_SECRET_BYTES) {
                throw new ConfigException("SECRET_KEY must be at least 32 bytes (got " + secretKey.length + ")");
            }
        }

        // Development mode is the default only on a developer's machine. With a real server configured, the mode
        // (and with it mock sign-in, where anyone signs in as anyone) must be asked for, never fallen into.
        boolean explicitMode = r.optional("APP_ENV").isPresent() || r.optional("AUTH_MODE").isPresent();
        if (!explicitMode && (database.isPresent() || redisUrl.isPresent())) {
            throw new ConfigException((database.isPresent() ? "DATABASE_URL" : "REDIS_URL")
                    + " names an external server but neither APP_ENV nor AUTH_MODE is set: set APP_ENV=production"
                    + " (or APP_ENV=development, or AUTH_MODE=mock, on purpose) rather than fall into development mode");
        }
        AuthMode authMode = r.enumValue("AUTH_MODE", AuthMode.class, production ? AuthMode.COGNITO : AuthMode.MOCK);
        if (production && authMode == AuthMode.MOCK) {
            throw new ConfigException("AUTH_MODE=mock is refused with APP_ENV=production: anyone could sign in as anyone");
        }
        int port = r.port("PORT", 8080);
        String publicBaseUrl = r.string("PUBLIC_BASE_URL", "http://localhost:" + port).replaceAll("/+$", "");
        Optional<Cognito> cognito = Optional.empty();
        if (authMode == AuthMode.COGNITO) {
            cognito = Optional.of(new Cognito(
                    r.required("AWS_REGION", "AUTH_MODE=cognito"),
                    r.required("COGNITO_USER_POOL_ID", "AUTH_MODE=cognito"),
                    r.required("COGNITO_CLIENT_ID", "AUTH_MODE=cognito"),
                    r.optional("COGNITO_DOMAIN").map(v -> cognitoUrl(r, "COGNITO_DOMAIN", v, production)),
                    r.optional("COGNITO_CLIENT_SECRET"),
                    r.optional("COGNITO_REDIRECT_URI").map(v -> cognitoUrl(r, "COGNITO_REDIRECT_URI", v, production)),
                    r.optional("COGNITO_ISSUER").map(v -> {
                        if (production) {
                            throw new ConfigException("COGNITO_ISSUER is for emulators and refused with"
                                    + " APP_ENV=production: the issuer follows AWS_REGION and COGNITO_USER_POOL_ID");
                        }
                        return r.httpUri("COGNITO_ISSUER", v);
                    })));
        } else {
            for (String name : new String[] {"COGNITO_DOMAIN", "COGNITO_CLIENT_SECRET", "COGNITO_ISSUER"}) {
                if (r.optional(name).isPresent()) {
                    throw new ConfigException(name + " needs AUTH_MODE=cognito");
                }
            }
        }
        int graceSeconds = r.intValue("REFRESH_GRACE_SECONDS", 10, 0, 10);

        return new PlatformConfig(
                appEnv,
                r.string("HOST", "0.0.0.0"),
                port,
                database,
                admin,
                r.intValue("DB_POOL_SIZE", 10, 1, 200),
                Duration.ofMillis(r.intValue("DB_POOL_TIMEOUT_MS", 10_000, 250, 120_000)),
                r.string("DB_OWNER_ROLE", "saas_owner"),
                r.optional("DB_OWNER_PASSWORD"),
                redisUrl,
                secretKey,
                generated,
                Path.of(r.string("DATA_DIR", ".data")),
                r.port("EMBEDDED_POSTGRES_PORT", 54329),
                r.port("EMBEDDED_REDIS_PORT", 63790),
                r.intValue("MAX_BODY_BYTES", 1 << 20, 1024, 64 << 20),
                r.intValue("HTTP_ACCEPT_QUEUE", 1024, 1, 65_535),
                Duration.ofSeconds(r.intValue("HTTP_IDLE_TIMEOUT_SECONDS", 75, 1, 3600)),
                // A random public port (tests, several nodes on one host) gets no fixed management port by default.
                r.intValue("MANAGEMENT_PORT", port == 0 ? 0 : 9091, 0, 65_535),
                r.enumValue("LOG_FORMAT", Logging.Format.class, production ? Logging.Format.JSON : Logging.Format.TEXT),
                r.enumValue("LOG_LEVEL", Logging.Threshold.class, Logging.Threshold.INFO),
                authMode,
                publicBaseUrl,
                cognito,
                Duration.ofSeconds(r.intValue("ACCESS_TOKEN_TTL_SECONDS", 900, 60, 3600)),
                Duration.ofSeconds(graceSeconds),
                r.bool("COOKIE_SECURE", production),
                trustedProxyHops(r),
                clientAddressHeader(r),
                corsAllowedOrigins(r),
                new Ai(
                        r.optional("AI_API_KEY"),
                        r.optional("AI_BASE_URL").map(v -> r.httpUri("AI_BASE_URL", v)),
                        r.optional("AI_MODEL"),
                        Duration.ofSeconds(r.intValue("AI_TIMEOUT_SECONDS", 20, 1, 300)),
                        r.intValue("AI_MONTHLY_TOKEN_LIMIT", 200_000, 0, Integer.MAX_VALUE),
                        r.optionalLong("AI_USER_MONTHLY_TOKEN_LIMIT", 0, MAX_TOKEN_BUDGET),
                        r.optionalLong("AI_GLOBAL_MONTHLY_TOKEN_LIMIT", 0, MAX_TOKEN_BUDGET)),
                // Invitation emails (with their tokens) go to the log in development only, and only when it was
                // asked for or nothing external is configured.
                appEnv == AppEnv.DEVELOPMENT
                        && (r.optional("APP_ENV").isPresent() || (database.isEmpty() && redisUrl.isEmpty())),
                r.intValue("MAX_TENANTS_PER_USER", 10, 0, 100_000),
                r.intValue("TENANT_CREATIONS_PER_HOUR", 5, 1, 10_000),
                r.enumValue("APP_ROLE", AppRole.class, AppRole.ALL),
                worker(r),
                r.optional("SES_FROM_EMAIL").map(from -> new Ses(from,
                        r.decimal("SES_MAX_SEND_RATE", 14.0, 0.1, 10_000),
                        r.optional("AWS_REGION"),
                        r.optional("AWS_ENDPOINT_URL_SESV2").or(() -> r.optional("AWS_ENDPOINT_URL"))
                                .map(v -> r.httpUri("AWS_ENDPOINT_URL_SESV2", v)))),
                media(r));
    }

    /**
     * A Hosted UI domain or callback URL: a bare host means https; plain http only outside production (a local
     * emulator or a test's stub).
     */
    private static URI cognitoUrl(Reader r, String name, String value, boolean production) {
        URI uri = r.httpUri(name, value.contains("://") ? value : "https://" + value);
        if (production && !"https".equals(uri.getScheme())) {
            throw new ConfigException(name + " must be https with APP_ENV=production");
        }
        return uri;
    }

    private static Media media(Reader r) {
        Optional<S3> s3 = r.optional("S3_BUCKET").map(bucket -> {
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new ConfigException("S3_BUCKET must be an S3 bucket name (3-63 lowercase letters, digits, dots,"
                        + " hyphens)");
            }
            return new S3(bucket,
                    r.optional("AWS_REGION"),
                    r.optional("AWS_ENDPOINT_URL_S3").or(() -> r.optional("AWS_ENDPOINT_URL"))
                            .map(v -> r.httpUri("AWS_ENDPOINT_URL_S3", v)),
                    r.bool("S3_FORCE_PATH_STYLE", false),
                    r.optional("MEDIA_PUBLIC_BASE_URL")
                            .map(v -> r.httpUri("MEDIA_PUBLIC_BASE_URL", v).toString().replaceAll("/+$", "")));
        });
        if (s3.isEmpty() && r.optional("MEDIA_PUBLIC_BASE_URL").isPresent()) {
            throw new ConfigException("MEDIA_PUBLIC_BASE_URL needs S3_BUCKET: without it the platform serves media itself");
        }
        return new Media(
                r.intValue("MEDIA_MAX_BYTES", 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
                r.intValue("MEDIA_MAX_PENDING", 50, 1, 100_000),
                s3);
    }

    /**
     * How many proxies append to X-Forwarded-For in front of the API: TRUSTED_PROXY_HOPS, or 1 for the older
     * TRUST_FORWARDED_FOR=true. Setting both is refused rather than guessed at.
     */
    private static int trustedProxyHops(Reader r) {
        boolean legacy = r.bool("TRUST_FORWARDED_FOR", false);
        if (r.optional("TRUSTED_PROXY_HOPS").isPresent()) {
            if (legacy) {
                throw new ConfigException("set TRUSTED_PROXY_HOPS or TRUST_FORWARDED_FOR, not both"
                        + " (TRUST_FORWARDED_FOR=true means TRUSTED_PROXY_HOPS=1)");
            }
            return r.intValue("TRUSTED_PROXY_HOPS", 0, 0, 10);
        }
        return legacy ? 1 : 0;
    }

    private static Optional<String> clientAddressHeader(Reader r) {
        Optional<String> header = r.optional("CLIENT_ADDRESS_HEADER");
        if (header.isPresent() && !header.get().matches("[A-Za-z0-9-]{1,64}")) {
            throw new ConfigException("CLIENT_ADDRESS_HEADER must be a header name like CloudFront-Viewer-Address");
        }
        return header;
    }

    /**
     * CORS_ALLOWED_ORIGINS: comma-separated origins ({@code https://shop.example.com}) whose pages may call the
     * storefront from a browser, or {@code *}; none by default.
     */
    private static java.util.List<String> corsAllowedOrigins(Reader r) {
        java.util.List<String> origins = new java.util.ArrayList<>();
        for (String origin : r.string("CORS_ALLOWED_ORIGINS", "").split(",")) {
            String trimmed = origin.strip().replaceAll("/+$", "");
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.equals("*") && !trimmed.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new ConfigException("CORS_ALLOWED_ORIGINS must list origins like https://shop.example.com"
                        + " (scheme, host and optional port, no path) or *, was " + trimmed);
            }
            origins.add(trimmed);
        }
        return java.util.List.copyOf(origins);
    }

    private static Worker worker(Reader r) {
        int firstRetryMs = r.intValue("OUTBOX_FIRST_RETRY_MS", 60_000, 10, 3_600_000);
        int maxRetryMs = r.intValue("OUTBOX_MAX_RETRY_MS", 1_800_000, 10, 86_400_000);
        if (maxRetryMs < firstRetryMs) {
            throw new ConfigException("OUTBOX_MAX_RETRY_MS must be at least OUTBOX_FIRST_RETRY_MS");
        }
        return new Worker(
                r.string("WORKER_NAME", defaultWorkerName()),
                r.intValue("WORKER_THREADS", 10, 1, 200),
                Duration.ofMillis(r.intValue("WORKER_POLL_INTERVAL_MS", 1_000, 10, 600_000)),
                Duration.ofMillis(r.intValue("WORKER_HEARTBEAT_MS", 10_000, 50, 600_000)),
                Duration.ofSeconds(r.intValue("WORKER_DRAIN_SECONDS", 20, 0, 3_600)),
                r.intValue("OUTBOX_MAX_ATTEMPTS", 8, 1, 100),
                Duration.ofMillis(firstRetryMs),
                Duration.ofMillis(maxRetryMs),
                r.intValue("JOB_CONCURRENCY_PER_TENANT", 4, 1, 100),
                r.intValue("JOB_SLICE_SIZE", 20, 1, 1_000),
                Duration.ofMillis(r.intValue("JOB_UNAVAILABLE_RETRY_MS", 30_000, 10, 3_600_000)));
    }

    /** Host name plus a random suffix: unique per process, readable in {@code picked_by}. */
    private static String defaultWorkerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "node";
        }
        byte[] suffix = new byte[3];
        new SecureRandom().nextBytes(suffix);
        return host + "-" + java.util.HexFormat.of().formatHex(suffix);
    }

    /** Accepts base64 (as {@code openssl rand -base64 48} prints) or, failing that, the raw UTF-8 bytes. */
    private static byte[] decodeSecret(String value) {
        try {
            byte[] decoded = Base64.getDecoder().decode(value);
            if (decoded.length >= MIN_SECRET_BYTES) {
                return decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // fall through to raw bytes
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    public boolean production() {
        return appEnv == AppEnv.PRODUCTION;
    }

    @Override
    public String toString() {
        return "PlatformConfig[appEnv=" + appEnv + ", port=" + port + ", database="
                + database.map(DatabaseUrl::toString).orElse("embedded") + ", redis="
                + redisUrl.map(u -> u.replaceAll("//[^@]*@", "//***@")).orElse("embedded") + ", role="
                + appRole.name().toLowerCase(Locale.ROOT) + ", mail=" + ses.map(x -> "ses").orElse("local mailbox")
                + ", media=" + media.s3().map(s -> "s3://" + s.bucket()).orElse("local") + "]";
    }

    private record Reader(Map<String, String> env) {
        Optional<String> optional(String name) {
            String v = env.get(name);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        String required(String name, String because) {
            return optional(name).orElseThrow(() -> new ConfigException(because + " requires " + name));
        }

        boolean bool(String name, boolean fallback) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            return switch (v.get().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ConfigException(name + " must be true or false (got '" + v.get() + "')");
            };
        }

        int intValue(String name, int fallback, int min, int max) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                int n = Integer.parseInt(v.get());
                if (n < min || n > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + " (got " + n + ")");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be an integer (got '" + v.get() + "')");
            }
        }

        OptionalLong optionalLong(String name, long min, long max) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                long n = Long.parseLong(v.get());
                if (n < min || n > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + " (got " + n + ")");
                }
                return OptionalLong.of(n);
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be an integer (got '" + v.get() + "')");
            }
        }

        double decimal(String name, double fallback, double min, double max) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                double n = Double.parseDouble(v.get());
                if (!(n >= min && n <= max)) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + " (got " + n + ")");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a number (got '" + v.get() + "')");
            }
        }

        URI httpUri(String name, String value) {
            try {
                URI uri = new URI(value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name + " must be an http(s) URL like https://api.openai.com/v1");
                }
                // The adapter refuses these only at start (and only with a key), and toString would print them;
                // the value is not echoed because it may carry a secret.
                if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new ConfigException(name + " must not carry credentials, a query or a fragment;"
                            + " put the key in AI_API_KEY");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ConfigException(name + " must be an http(s) URL like https://api.openai.com/v1");
            }
        }

        int port(String name, int fallback) {
            return intValue(name, fallback, 0, 65535);
        }

        <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
            Optional<String> v = optional(name);
            if (v.isEmpty()) {
                return fallback;
            }
            try {
                return Enum.valueOf(type, v.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name + " must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + " (got '" + v.get() + "')");
            }
        }
    }
}
