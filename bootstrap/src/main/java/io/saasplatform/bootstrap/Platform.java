package io.saasplatform.bootstrap;

import io.saasplatform.adapter.http.AccessTokens;
import io.saasplatform.adapter.http.HttpApi;
import io.saasplatform.adapter.http.HttpServer;
import io.saasplatform.adapter.http.HostedUi;
import io.saasplatform.adapter.http.IdTokenVerifier;
import io.saasplatform.adapter.http.MockIdentityProvider;
import io.saasplatform.adapter.persistence.DatabaseProvisioner;
import io.saasplatform.adapter.persistence.Migrations;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.saasplatform.adapter.persistence.PostgresConnections;
import io.saasplatform.adapter.persistence.RlsSelfCheck;
import io.saasplatform.adapter.redis.RedisAdapter;
import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.application.port.out.IdentityTokenVerifier;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.service.AuthService;
import io.saasplatform.application.service.AuthSettings;
import io.saasplatform.application.service.TenantService;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composition root: builds every adapter and service by hand, in dependency order, and owns their lifecycle.
 *
 * <p>Start order: embedded servers (when no URL is configured) → roles and migrations → serving pool → RLS self-check
 * → Redis → services → background worker ({@code APP_ROLE=all|worker}) → HTTP (the whole API, or only
 * {@code /health/*} on a worker node). {@link #close()} undoes it in reverse: stop accepting requests and drain in-flight
 * ones, stop polling and drain running jobs, then close pools, then embedded servers.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);
    static final String EMBEDDED_DATABASE = "saas";
    static final String MOCK_IDP_CLIENT_ID = "saas-platform-local";

    private final Deque<AutoCloseable> resources;
    private final HttpServer server;
    private boolean closed;
    private final String databaseDescription;
    private final String redisDescription;
    private final int managementPort;

    private Platform(
            Deque<AutoCloseable> resources,
            HttpServer server,
            String databaseDescription,
            String redisDescription,
            int managementPort) {
        this.resources = resources;
        this.server = server;
        this.databaseDescription = databaseDescription;
        this.redisDescription = redisDescription;
        this.managementPort = managementPort;
    }

    /** Starts the platform; on any failure everything started so far is stopped again before the exception escapes. */
    public static Platform start(PlatformConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * For tests: {@code accessTokenClock} is the clock access tokens are issued and checked by, so a test can let one
     * expire without waiting out {@code ACCESS_TOKEN_TTL_SECONDS} (at least 60 s); everything else keeps real time.
     */
    static Platform start(PlatformConfig config, Clock accessTokenClock) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        try {
            DatabaseUrl serving;
            String databaseDescription;
            if (config.database().isPresent()) {
                serving = config.database().get();
                config.databaseAdmin().ifPresent(admin -> provisionAndMigrate(config, admin, serving));
                databaseDescription = serving.toString();
            } else {
                EmbeddedServices.Postgres pg =
                        EmbeddedServices.startPostgres(config.dataDir(), config.embeddedPostgresPort());
                resources.push(pg);
                serving = provisionEmbedded(config, pg);
                databaseDescription = "embedded PostgreSQL on 127.0.0.1:" + pg.port() + " (data in "
                        + pg.dataDirectory() + ")";
            }

            Metrics metrics = new Metrics();
            resources.push(metrics);
            PersistenceAdapter persistence = new PersistenceAdapter(
                    serving.jdbcUrl(), serving.user(), serving.password(), config.databasePoolSize(),
                    config.databasePoolTimeout());
            resources.push(persistence);
            persistence.bindMetrics(metrics.registry());
            // Before the port opens: a serving role that can bypass row-level security must never serve a request.
            RlsSelfCheck.verify(persistence.dataSource());
            metrics.rlsSelfCheckPassed();

            String redisUrl;
            String redisDescription;
            if (config.redisUrl().isPresent()) {
                redisUrl = config.redisUrl().get();
                redisDescription = redisUrl.replaceAll("//[^@]*@", "//***@");
            } else {
                EmbeddedServices.Redis redis = EmbeddedServices.startRedis(config.embeddedRedisPort());
                resources.push(redis);
                redisUrl = redis.url();
                redisDescription = "embedded Redis on 127.0.0.1:" + redis.port();
            }
            RedisAdapter redis = new RedisAdapter(redisUrl, RedisAdapter.Settings.defaults(), metrics.registry());
            resources.push(redis);

            Mailer mailer = WorkerFactory.mailer(config);
            if (mailer instanceof AutoCloseable closeable) {
                resources.push(closeable);
            }
            // With PORT=0 the public URL is known only once the port is bound: local media URLs read it late.
            AtomicReference<String> publicBaseUrl = new AtomicReference<>(config.publicBaseUrl());
            ObjectStore objectStore = MediaFactory.objectStore(config, publicBaseUrl::get);
            if (objectStore instanceof AutoCloseable closeable) {
                resources.push(closeable);
            }
            Services services = Services.wire(
                    config, persistence, redis, mailer, objectStore, metrics.registry(), Clock.systemUTC());
            if (config.appRole().runsWorker()) {
                // Pushed after the pools: closed (drained) before them.
                // Session housekeeping is one of the worker's recurring executions: one node runs it per interval.
                resources.push(WorkerFactory.start(config.worker(), serving, services.mailOutbox(), services.jobs(),
                        WorkerFactory.housekeeping(config, persistence), services.media()));
            }
            // Readiness fails only on what this node cannot serve without; Redis down only stops AI (503).
            List<HealthCheck> readiness = List.of(
                    persistence.healthCheck(), persistence.rlsHealthCheck(), HealthCheck.optional(redis.healthCheck()));
            HttpApi httpApi = (config.appRole().servesApi()
                    ? httpApi(config, persistence, redis, services, readiness, resources, accessTokenClock,
                            publicBaseUrl::get)
                    : HttpApi.healthOnly(httpSettings(config), readiness))
                    .meterRegistry(metrics.registry())
                    .corsAllowedOrigins(config.corsAllowedOrigins());
            if (config.managementPort() > 0) {
                metrics.serve(config.host(), config.managementPort());
            }
            HttpServer server = HttpServer.start(httpApi, config.host(), config.port());
            if (config.port() == 0 && config.publicBaseUrl().endsWith(":0")) {
                publicBaseUrl.set("http://localhost:" + server.port());
            }
            return new Platform(resources, server, databaseDescription, redisDescription, metrics.port());
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** The HTTP API over the services, with sign-in wired by hand: each port gets the adapter that implements it. */
    private static HttpApi httpApi(PlatformConfig config, PersistenceAdapter persistence, RedisAdapter redis,
            Services services, List<HealthCheck> readiness, Deque<AutoCloseable> resources, Clock accessTokenClock,
            java.util.function.Supplier<String> publicBaseUrl) {
        Clock clock = Clock.systemUTC();
        Optional<MockIdentityProvider> mockIdp = Optional.empty();
        IdentityTokenVerifier identities;
        if (config.authMode() == PlatformConfig.AuthMode.MOCK) {
            MockIdentityProvider mock =
                    new MockIdentityProvider(config.publicBaseUrl() + "/auth/mock-idp", MOCK_IDP_CLIENT_ID);
            mockIdp = Optional.of(mock);
            identities = mock.verifier();
        } else {
            PlatformConfig.Cognito cognito = config.cognito().orElseThrow();
            identities = cognito.issuer()
                    .map(issuer -> IdTokenVerifier.fromIssuer(issuer, cognito.clientId()))
                    .orElseGet(() -> IdTokenVerifier.cognito(cognito.region(), cognito.userPoolId(), cognito.clientId()));
        }
        AuthService auth = new AuthService(
                AuthSettings.defaults(config.secretKey()).withGraceWindow(config.refreshGraceWindow()),
                clock,
                persistence.unitOfWork(),
                persistence.tenants(),
                persistence.users(),
                persistence.memberships(),
                persistence.refreshTokens(),
                identities,
                redis.rateLimiter());
        AccessTokens accessTokens = new AccessTokens(new AccessTokens.Settings(
                config.secretKey(),
                AccessTokens.Settings.DEFAULT_ISSUER,
                AccessTokens.Settings.DEFAULT_AUDIENCE,
                config.accessTokenTtl(),
                AccessTokens.Settings.DEFAULT_CLOCK_SKEW), accessTokenClock);
        TenantService tenants = services.tenants();
        // Pushed after the pools: closed first, writing the visits still buffered.
        resources.push(services.visits().start());
        HttpApi api = new HttpApi(
                httpSettings(config),
                readiness,
                new HttpApi.Auth(accessTokens, config.secureCookies(),
                        new HttpApi.ClientAddress(config.clientAddressHeader(), config.trustedProxyHops()), mockIdp),
                new HttpApi.UseCases(auth, tenants, tenants, tenants, services.invitations(), services.catalog(),
                        services.storefront(), services.ai(), services.jobs(), services.visits(),
                        services.idempotency(), services.myTenants()))
                .media(new HttpApi.Media(services.media(), services.media(), services.storefrontConfig()))
                .mediaOrigin(MediaFactory.publicOrigin(config))
                .uploadOrigin(MediaFactory.uploadOrigin(config));
        config.cognito().ifPresent(cognito -> cognito.domain().ifPresent(domain -> api.hostedUi(new HostedUi(
                HostedUi.Settings.of(domain, cognito.clientId(), cognito.clientSecret(),
                        // With PORT=0 the default (the dashboard under the public URL) is known only once bound.
                        () -> cognito.redirectUri().orElseGet(() -> URI.create(publicBaseUrl.get() + "/app/")),
                        config.secretKey())))));
        return api;
    }

    private static HttpApi.Settings httpSettings(PlatformConfig config) {
        return new HttpApi.Settings(config.maxBodyBytes(), Duration.ofSeconds(2), Duration.ofSeconds(20),
                config.httpAcceptQueue(), config.httpIdleTimeout());
    }

    /** The port the HTTP API listens on (useful with {@code PORT=0}). */
    public int port() {
        return server.port();
    }

    /** The management port serving {@code /metrics}, or -1 when it is off ({@code MANAGEMENT_PORT=0}). */
    public int managementPort() {
        return managementPort;
    }

    public URI baseUri() {
        return URI.create("http://localhost:" + port());
    }

    String databaseDescription() {
        return databaseDescription;
    }

    String redisDescription() {
        return redisDescription;
    }

    /** Stops accepting requests, drains in-flight ones, then closes pools and embedded servers. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean drained = server.stopGracefully();
        if (!drained) {
            LOG.warn("drain timeout reached: remaining requests were cut off");
        }
        closeAll(resources);
        LOG.info("stopped: HTTP drained{}, pools and embedded servers closed", drained ? "" : " (with cut-offs)");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", resource.getClass().getSimpleName(), e);
            }
        }
    }

    private static DatabaseUrl provisionEmbedded(PlatformConfig config, EmbeddedServices.Postgres pg) {
        DataSource superuser = pg.server().getPostgresDatabase();
        createDatabaseIfMissing(superuser, EMBEDDED_DATABASE);
        // Embedded PostgreSQL trusts local connections, so these passwords guard nothing; they exist because the
        // provisioner treats a role without a password as a mistake.
        String ownerPassword = randomPassword();
        String servingPassword = randomPassword();
        DatabaseProvisioner provisioner =
                new DatabaseProvisioner(config.ownerRole(), DatabaseProvisioner.DEFAULT_SERVING_ROLE);
        provisioner.provision(pg.server().getDatabase("postgres", EMBEDDED_DATABASE), ownerPassword, servingPassword);
        Migrations.migrate(pg.server().getDatabase(provisioner.ownerRole(), EMBEDDED_DATABASE));
        return new DatabaseUrl(
                pg.server().getJdbcUrl(provisioner.servingRole(), EMBEDDED_DATABASE),
                provisioner.servingRole(),
                servingPassword);
    }

    private static void provisionAndMigrate(PlatformConfig config, DatabaseUrl admin, DatabaseUrl serving) {
        String ownerPassword = config.ownerPassword()
                .orElseThrow(() -> new ConfigException("DATABASE_ADMIN_URL needs DB_OWNER_PASSWORD for the owner role"));
        DatabaseProvisioner provisioner = new DatabaseProvisioner(config.ownerRole(), serving.user());
        provisioner.provision(
                PostgresConnections.dataSource(admin.jdbcUrl(), admin.user(), admin.password()),
                ownerPassword,
                serving.password());
        Migrations.migrate(PostgresConnections.dataSource(serving.jdbcUrl(), provisioner.ownerRole(), ownerPassword));
    }

    private static void createDatabaseIfMissing(DataSource superuser, String name) {
        try (Connection connection = superuser.getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, name);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement statement = connection.createStatement()) {
                    // A constant name, not input: CREATE DATABASE takes no bind parameters.
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the embedded database: " + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
