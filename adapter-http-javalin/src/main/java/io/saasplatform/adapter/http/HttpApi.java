package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.util.JavalinException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.saasplatform.application.port.in.AiFeaturesUseCase;
import io.saasplatform.application.port.in.AuthUseCase;
import io.saasplatform.application.port.in.CatalogUseCase;
import io.saasplatform.application.port.in.CreateTenantUseCase;
import io.saasplatform.application.port.in.DescriptionJobsUseCase;
import io.saasplatform.application.port.in.DirectMediaTransfer;
import io.saasplatform.application.port.in.IdempotencyUseCase;
import io.saasplatform.application.port.in.InvitationsUseCase;
import io.saasplatform.application.port.in.ManageTenantUseCase;
import io.saasplatform.application.port.in.MediaUseCase;
import io.saasplatform.application.port.in.MembersUseCase;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.application.port.in.MyTenantsUseCase;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.application.port.in.VisitsUseCase;
import io.saasplatform.adapter.http.pages.PageRenderer;
import io.javalin.http.staticfiles.Location;
import io.saasplatform.application.port.out.HealthCheck;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driving adapter: the HTTP API on Javalin, built from the application's ports and handed to the bootstrap unstarted.
 *
 * <p>Every error is {@code application/problem+json} (RFC 9457) and every response carries {@code X-Request-Id}.
 * The API describes itself at {@code /openapi.json} (hand-written OpenAPI 3.1) and {@code /docs} (Swagger UI).
 *
 * <p><b>Graceful shutdown.</b> Stopping an app built by {@link #app()} drains it: the listening socket closes at once
 * (new connections are refused), a request arriving on an already open connection is answered 503 problem+json
 * (so {@code /health/ready} reads 503 and a load balancer stops routing here), requests already being handled run
 * to completion for up to {@link Settings#drainTimeout()}, and only then are connections and threads stopped;
 * requests still running at that point are cut off. Call {@link #stopGracefully(Javalin)} from the shutdown hook,
 * before closing the pools the handlers use.
 */
public final class HttpApi {
    static final String ACCESS_LOGGER = "io.saasplatform.adapter.http.access";
    private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    static final String REQUESTS_METER = "http.server.requests";
    /** Where the dashboard lives: {@code /app/}. */
    public static final String DASHBOARD_PATH = "/app";

    /**
     * Limits of the HTTP API.
     *
     * @param maxRequestBodyBytes larger bodies are refused with 413 before they are read
     * @param readinessTimeout how long {@code /health/ready} waits for all checks together
     * @param drainTimeout how long stopping waits for in-flight requests before cutting them off; keep it below the
     *     orchestrator's grace period (Kubernetes: {@code terminationGracePeriodSeconds}, 30 s by default)
     * @param acceptQueueSize the listening socket's backlog: connections the kernel completes and queues while the
     *     acceptor is busy (the kernel caps it at {@code net.core.somaxconn}); a burst larger than the backlog makes
     *     the kernel drop handshakes, which clients see as stalls of a second or more and as resets
     * @param idleTimeout how long an idle keep-alive connection stays open; keep it above the load balancer's idle
     *     timeout (ALB: 60 s), or the balancer sends requests on connections the server is closing and answers 502
     */
    public record Settings(
            long maxRequestBodyBytes,
            Duration readinessTimeout,
            Duration drainTimeout,
            int acceptQueueSize,
            Duration idleTimeout) {
        public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 64 * 1024;
        public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(2);
        public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);
        /**
         * Large enough for a burst of a thousand new connections; the JVM's own default (50) is what a load balancer's
         * reconnect storm or a few hundred concurrent clients overflow.
         */
        public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 1024;
        /** Above an ALB's default idle timeout (60 s), and above the JDK and most client pools' keep-alive (30 s). */
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);

        public Settings {
            if (maxRequestBodyBytes <= 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
            }
            Objects.requireNonNull(readinessTimeout, "readinessTimeout");
            if (readinessTimeout.isNegative() || readinessTimeout.isZero()) {
                throw new IllegalArgumentException("readinessTimeout must be positive");
            }
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (drainTimeout.isNegative() || drainTimeout.isZero()) {
                throw new IllegalArgumentException("drainTimeout must be positive");
            }
            if (acceptQueueSize < 1) {
                throw new IllegalArgumentException("acceptQueueSize must be positive");
            }
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive");
            }
        }

        /** With the {@linkplain #DEFAULT_IDLE_TIMEOUT default idle timeout}. */
        public Settings(long maxRequestBodyBytes, Duration readinessTimeout, Duration drainTimeout, int acceptQueueSize) {
            this(maxRequestBodyBytes, readinessTimeout, drainTimeout, acceptQueueSize, DEFAULT_IDLE_TIMEOUT);
        }

        /** With the {@linkplain #DEFAULT_ACCEPT_QUEUE_SIZE default accept queue} and idle timeout. */
        public Settings(long maxRequestBodyBytes, Duration readinessTimeout, Duration drainTimeout) {
            this(maxRequestBodyBytes, readinessTimeout, drainTimeout, DEFAULT_ACCEPT_QUEUE_SIZE);
        }

        /** With the {@linkplain #DEFAULT_DRAIN_TIMEOUT default drain timeout} and accept queue. */
        public Settings(long maxRequestBodyBytes, Duration readinessTimeout) {
            this(maxRequestBodyBytes, readinessTimeout, DEFAULT_DRAIN_TIMEOUT);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_REQUEST_BODY_BYTES, DEFAULT_READINESS_TIMEOUT, DEFAULT_DRAIN_TIMEOUT);
        }
    }

    /**
     * Where the client address that rate limits count comes from. Set it to match the deployment exactly: a proxy
     * that is trusted but absent lets clients choose their address, and one that is present but not trusted makes
     * every client share the proxy's.
     *
     * @param header a header that a trusted edge sets to the viewer's {@code address:port} (CloudFront:
     *     {@code CloudFront-Viewer-Address}); used when present, else the {@code X-Forwarded-For} rule applies
     * @param trustedProxyHops how many proxies in front of the API append to {@code X-Forwarded-For} (CloudFront then
     *     an ALB: 2). The client is the entry that many places from the end, over every header line; entries before it
     *     are whatever the client sent. 0: the TCP peer's address, and the header is ignored
     */
    public record ClientAddress(Optional<String> header, int trustedProxyHops) {
        public static final int MAX_HOPS = 10;

        public ClientAddress {
            Objects.requireNonNull(header, "header");
            header.ifPresent(name -> {
                if (!name.matches("[A-Za-z0-9-]{1,64}")) {
                    throw new IllegalArgumentException("header must be a header name, was " + name);
                }
            });
            if (trustedProxyHops < 0 || trustedProxyHops > MAX_HOPS) {
                throw new IllegalArgumentException("trustedProxyHops must be between 0 and " + MAX_HOPS);
            }
        }

        /** The TCP peer: the API is reached directly. */
        public static ClientAddress direct() {
            return new ClientAddress(Optional.empty(), 0);
        }

        /** The {@code hops}-th {@code X-Forwarded-For} entry from the end (0: the TCP peer). */
        public static ClientAddress forwardedFor(int hops) {
            return new ClientAddress(Optional.empty(), hops);
        }

        /** {@code header} when the edge sent it, else the {@code hops}-th entry from the end. */
        public static ClientAddress header(String header, int hops) {
            return new ClientAddress(Optional.of(header), hops);
        }
    }

    /**
     * How callers authenticate.
     *
     * @param accessTokens signs and verifies the API's access tokens
     * @param secureCookies whether the refresh cookie carries {@code Secure}; turn off only for local plain HTTP
     * @param clientAddress where the client address for rate limiting comes from
     * @param mockIdentityProvider present in mock mode only: mounts the mock provider's endpoints and
     *     {@code POST /auth/dev-login}; absent, those routes do not exist
     */
    public record Auth(
            AccessTokens accessTokens,
            boolean secureCookies,
            ClientAddress clientAddress,
            Optional<MockIdentityProvider> mockIdentityProvider) {
        public Auth {
            Objects.requireNonNull(accessTokens, "accessTokens");
            Objects.requireNonNull(clientAddress, "clientAddress");
            Objects.requireNonNull(mockIdentityProvider, "mockIdentityProvider");
        }

        /** {@code trustForwardedFor}: one trusted proxy appends {@code X-Forwarded-For}; else the TCP peer. */
        public Auth(AccessTokens accessTokens, boolean secureCookies, boolean trustForwardedFor,
                Optional<MockIdentityProvider> mockIdentityProvider) {
            this(accessTokens, secureCookies, ClientAddress.forwardedFor(trustForwardedFor ? 1 : 0),
                    mockIdentityProvider);
        }
    }

    /** The incoming ports the HTTP API drives. */
    public record UseCases(
            AuthUseCase auth,
            CreateTenantUseCase createTenant,
            ManageTenantUseCase manageTenant,
            MembersUseCase members,
            InvitationsUseCase invitations,
            CatalogUseCase catalog,
            StorefrontUseCase storefront,
            AiFeaturesUseCase ai,
            DescriptionJobsUseCase jobs,
            VisitsUseCase visits,
            IdempotencyUseCase idempotency,
            MyTenantsUseCase myTenants) {
        public UseCases {
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(createTenant, "createTenant");
            Objects.requireNonNull(manageTenant, "manageTenant");
            Objects.requireNonNull(members, "members");
            Objects.requireNonNull(invitations, "invitations");
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(storefront, "storefront");
            Objects.requireNonNull(ai, "ai");
            Objects.requireNonNull(jobs, "jobs");
            Objects.requireNonNull(visits, "visits");
            Objects.requireNonNull(idempotency, "idempotency");
            Objects.requireNonNull(myTenants, "myTenants");
        }
    }

    /**
     * The media library, its platform-served transfers (local object store) and the storefront configuration;
     * mounted by {@link #media(Media)}.
     */
    public record Media(MediaUseCase media, DirectMediaTransfer transfers, StorefrontConfigUseCase storefrontConfig) {
        public Media {
            Objects.requireNonNull(media, "media");
            Objects.requireNonNull(transfers, "transfers");
            Objects.requireNonNull(storefrontConfig, "storefrontConfig");
        }
    }

    private final Settings settings;
    private BearerAuth bearer;
    private AuthRoutes authRoutes;
    private IdempotentPosts idempotent;
    // No registry given: meters go nowhere.
    private MeterRegistry meterRegistry = new CompositeMeterRegistry();
    /** The request timers by method, route and status: building and registering one per request cost ~2 % of CPU. */
    private final ConcurrentHashMap<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final ObjectMapper mapper = Json.newMapper();
    private final ProblemResponses problems = new ProblemResponses(mapper);
    private final List<RouteGroup> routeGroups = new ArrayList<>();
    // Where product images are served from (the media adapter's public origin); the pages' CSP allows images from it.
    private Optional<String> mediaOrigin = Optional.empty();
    // Where the dashboard PUTs uploads when that is not the platform itself (S3 presigned URLs): the CSP's connect-src.
    private Optional<String> uploadOrigin = Optional.empty();
    private boolean pages;
    // Set by media(): the pages show each shop's configured face; without it, its name alone.
    private StorefrontConfigUseCase storefrontConfig;
    private ApiConventions conventions = new ApiConventions(List.of());

    /**
     * The whole API: health, API docs, sign-in and sessions, tenants, members and invitations, the dashboard's
     * catalog, the public storefront and the AI features.
     *
     * @param healthChecks probed concurrently by {@code /health/ready}; component names must be unique
     */
    public HttpApi(Settings settings, List<HealthCheck> healthChecks, Auth auth, UseCases useCases) {
        this(settings, healthChecks, auth, useCases, Clock.systemUTC(), List.of());
    }

    /** Health endpoints and the API documentation only (no authentication, no use cases). */
    public HttpApi(Settings settings, List<HealthCheck> healthChecks) {
        this(settings, healthChecks, List.of());
    }

    /** For tests: extra route groups mounted after the production ones, sharing their error handling. */
    HttpApi(Settings settings, List<HealthCheck> healthChecks, List<RouteGroup> extraRouteGroups) {
        this(settings, healthChecks, true, extraRouteGroups);
    }

    private HttpApi(Settings settings, List<HealthCheck> healthChecks, boolean docs, List<RouteGroup> extra) {
        this.settings = Objects.requireNonNull(settings, "settings");
        routeGroups.add(new HealthRoutes(healthChecks, settings.readinessTimeout(), problems));
        if (docs) {
            routeGroups.add(new ApiDocsRoutes(mapper));
        }
        routeGroups.addAll(extra);
    }

    /** {@code /health/*} and nothing else: what a worker node serves ({@code APP_ROLE=worker}). */
    public static HttpApi healthOnly(Settings settings, List<HealthCheck> healthChecks) {
        return new HttpApi(settings, healthChecks, false, List.of());
    }

    /** For tests: a fixed clock for cookie lifetimes, and extra route groups. */
    HttpApi(Settings settings, List<HealthCheck> healthChecks, Auth auth, UseCases useCases, Clock clock,
            List<RouteGroup> extraRouteGroups) {
        this(settings, healthChecks, extraRouteGroups);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(useCases, "useCases");
        bearer = new BearerAuth(auth.accessTokens());
        idempotent = new IdempotentPosts(useCases.idempotency(), bearer);
        authRoutes = new AuthRoutes(useCases.auth(), auth.accessTokens(), bearer, auth, clock);
        routeGroups.add(authRoutes);
        routeGroups.add(new TenantRoutes(bearer, idempotent, useCases.createTenant(), useCases.manageTenant(),
                useCases.members(), useCases.invitations(), useCases.myTenants()));
        routeGroups.add(new CatalogRoutes(bearer, idempotent, useCases.catalog()));
        routeGroups.add(new StorefrontRoutes(useCases.storefront(), mapper));
        routeGroups.add(new AiRoutes(bearer, idempotent, useCases.ai()));
        routeGroups.add(new JobRoutes(bearer, idempotent, useCases.jobs()));
        routeGroups.add(new AnalyticsRoutes(bearer, useCases.visits()));
        PageRenderer renderer = new PageRenderer();
        // Registered at app() time, after media(): the storefront configuration is known by then.
        routeGroups.add((routes, bodies) -> new StorefrontPages(useCases.storefront(),
                Optional.ofNullable(storefrontConfig), useCases.visits(), renderer, contentSecurityPolicy(), clock)
                .register(routes, bodies));
        pages = true;
    }

    /**
     * The origin product images are served from ({@code https://media.example.com}), allowed as an image source by the
     * pages' Content-Security-Policy; without one, images come from this origin only. Call before {@link #app()}.
     */
    public HttpApi mediaOrigin(Optional<String> origin) {
        this.mediaOrigin = Objects.requireNonNull(origin, "origin");
        return this;
    }

    /**
     * The origin presigned upload URLs point at ({@code https://bucket.s3.eu-west-1.amazonaws.com}), allowed as a
     * {@code connect-src} so the dashboard can PUT images there; without one, uploads go to this origin only. Call
     * before {@link #app()}.
     */
    public HttpApi uploadOrigin(Optional<String> origin) {
        this.uploadOrigin = Objects.requireNonNull(origin, "origin");
        return this;
    }

    /**
     * Adds sign-in through Cognito's Hosted UI (authorization code with PKCE): {@code POST /auth/hosted-ui/start} and
     * {@code POST /auth/hosted-ui/token}. Call before {@link #app()}, on an API built with authentication.
     */
    public HttpApi hostedUi(HostedUi ui) {
        Objects.requireNonNull(ui, "ui");
        if (authRoutes == null) {
            throw new IllegalStateException("Hosted UI sign-in needs the API with authentication");
        }
        authRoutes.hostedUi(ui);
        return this;
    }

    /** The policy every page and the dashboard carry. */
    String contentSecurityPolicy() {
        return StorefrontPages.contentSecurityPolicy(mediaOrigin, uploadOrigin);
    }

    /**
     * Adds the media library, product images, the local store's upload and download routes, and the storefront
     * configuration. Call before {@link #app()}, on an API built with authentication.
     */
    public HttpApi media(Media media) {
        Objects.requireNonNull(media, "media");
        if (bearer == null) {
            throw new IllegalStateException("media routes need the API with authentication");
        }
        routeGroups.add(new MediaRoutes(bearer, idempotent, media.media()));
        routeGroups.add(new MediaTransferRoutes(media.transfers()));
        routeGroups.add(new StorefrontConfigRoutes(bearer, media.storefrontConfig(), mapper));
        storefrontConfig = media.storefrontConfig();
        return this;
    }

    /**
     * A new, unstarted Javalin serving this API; the caller owns its lifecycle: {@code start}, then
     * {@link #stopGracefully(Javalin)} (a plain {@code stop()} drains the same way but throws when the drain times
     * out).
     */
    public Javalin app() {
        ProblemMapper problemMapper = new ProblemMapper(problems, settings.maxRequestBodyBytes());
        JsonBodies bodies = new JsonBodies(mapper, settings.maxRequestBodyBytes());
        JettyProblemHandler jettyErrors = new JettyProblemHandler(problems);
        return Javalin.create(cfg -> {
            configureServer(cfg, jettyErrors);
            cfg.router.javaLangErrorHandler(problemMapper::javaLangError);
            cfg.requestLogger.http(this::logAccess);
            cfg.routes.before(this::guardRequest);
            cfg.routes.after(this::readUnreadBody);
            problemMapper.register(cfg.routes);
            routeGroups.forEach(group -> group.register(cfg.routes, bodies));
        });
    }

    private void configureServer(JavalinConfig cfg, JettyProblemHandler jettyErrors) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.concurrency.useVirtualThreads = true;
        // Selector and requests on virtual threads, the acceptor on a platform thread: see ServerThreads.
        cfg.jetty.threadPool = new ServerThreads();
        // Swagger UI's files for /docs (ApiDocsRoutes), from the webjar on the classpath under /webjars/.
        cfg.staticFiles.enableWebjars();
        if (pages) {
            // The dashboard: plain HTML, CSS and ES modules, no build step. Revalidated on every load (ETag), so a
            // deployment is picked up at once; under the same strict policy as the storefront pages.
            cfg.staticFiles.add(files -> {
                files.hostedPath = DASHBOARD_PATH;
                files.directory = "/web/app";
                files.location = Location.CLASSPATH;
                files.headers = Map.of(
                        "Content-Security-Policy", contentSecurityPolicy(),
                        "Cache-Control", "no-cache",
                        "X-Content-Type-Options", "nosniff",
                        "Referrer-Policy", "same-origin");
            });
        }
        cfg.jsonMapper(new JavalinJackson(mapper, true));
        cfg.http.maxRequestSize = settings.maxRequestBodyBytes();
        // A known path with the wrong method is the client's mistake of method, not of address.
        cfg.http.prefer405over404 = true;
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
        });
        cfg.jetty.modifyServer(server -> {
            server.setErrorHandler(jettyErrors);
            // Server.stop() first shuts every Graceful component down and waits up to the stop timeout: the connector
            // closes its listening socket, this handler answers new requests 503 and completes when none is in flight.
            // Inserted outermost, above Javalin's StatisticsHandler, so it sees every request.
            server.setStopTimeout(settings.drainTimeout().toMillis());
            // A body still arriving an idle timeout after dispatch is cut (408): a client trickling bytes never lets
            // the idle timeout fire, and would hold its request thread for as long as it likes.
            server.insertHandler(new SlowBodyGuard(settings.idleTimeout()));
            server.insertHandler(new GracefulHandler());
            // Javalin adds its connector after these modifications and before starting the server, and the backlog is
            // fixed when the connector opens its socket: set it as the server starts.
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector instanceof ServerConnector serverConnector) {
                            serverConnector.setAcceptQueueSize(settings.acceptQueueSize());
                            serverConnector.setIdleTimeout(settings.idleTimeout().toMillis());
                        }
                    }
                }
            });
        });
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
    }

    /**
     * Stops an app built by {@link #app()} gracefully, blocking until it has stopped: refuses new requests at once,
     * waits up to {@link Settings#drainTimeout()} for those in flight, then closes connections and threads (cutting off
     * whatever still runs). Safe to call from a JVM shutdown hook; close the pools the handlers use afterwards.
     *
     * @return {@code true} if every in-flight request completed, {@code false} if the drain timed out and some were cut
     *     off (the app is stopped either way)
     * @throws JavalinException if stopping failed for any other reason
     */
    public static boolean stopGracefully(Javalin app) {
        try {
            app.stop();
            return true;
        } catch (JavalinException e) {
            if (!causedByTimeout(e)) {
                throw e;
            }
            LOG.warn("HTTP drain timed out: requests still in flight were cut off");
            return false;
        }
    }

    private static boolean causedByTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void guardRequest(Context ctx) {
        RequestContext.begin(ctx);
        // Checked for every route, so an oversized upload is refused before authentication or any handler runs. Media
        // uploads through the platform are bounded by their signed token instead (MEDIA_MAX_BYTES).
        if (ctx.req().getContentLengthLong() > settings.maxRequestBodyBytes()
                && !ctx.path().startsWith(MediaTransferRoutes.UPLOADS)) {
            throw ProblemException.contentTooLarge(settings.maxRequestBodyBytes());
        }
        if (!conventions.apply(ctx)) {
            // A CORS preflight, answered in full.
            ctx.skipRemainingHandlers();
        }
    }

    /**
     * Reads and drops what is left of a request body the answer did not need — a 404 for an unknown path, a 401 or a
     * 400 decided on the headers — before the answer is written, up to the body limit. Left unread, Jetty closes the
     * connection with the rest of the body still arriving; the kernel answers those bytes with a reset, and a reset
     * throws away the answer the client has not read yet, so the client sees its connection die instead of its 4xx
     * (once in five runs of {@code GeneratedBadInputEndToEndTest}: a 360 KB body posted to a path not mounted). A body
     * declared over the limit is not read: its 413 closes the connection. A slow body is cut by {@link SlowBodyGuard}.
     */
    private void readUnreadBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        // No Content-Length and no chunks (every GET): there is no body, and nothing to open.
        boolean chunked = declared < 0 && ctx.req().getHeader("Transfer-Encoding") != null;
        if (declared == 0 || (declared < 0 && !chunked) || declared > settings.maxRequestBodyBytes()
                || ctx.path().startsWith(MediaTransferRoutes.UPLOADS)) {
            return;
        }
        try {
            // A body a handler read already is at its end here: nothing more is read.
            InputStream body = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            long left = settings.maxRequestBodyBytes();
            int read;
            while (left > 0 && (read = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | RuntimeException gone) {
            // The client went away or sent a broken body: nothing to answer it, and Jetty closes the connection.
        }
    }

    /**
     * Origins whose pages may call {@code /storefront/**} from a browser (CORS); none by default. The dashboard API
     * never answers cross-origin: see docs/api.md. Call before {@link #app()}.
     *
     * @throws IllegalArgumentException for an origin that is not {@code scheme://host[:port]} or {@code *}
     */
    public HttpApi corsAllowedOrigins(List<String> origins) {
        this.conventions = new ApiConventions(origins);
        return this;
    }

    /**
     * Records {@code http_server_requests_seconds{method, route, status}} (a timer with histogram buckets) in
     * {@code registry}; by default nothing is recorded. Route is the template, never the raw path, so the number of
     * series stays bounded and no id becomes a label. Call before {@link #app()}.
     */
    public HttpApi meterRegistry(MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        requestTimers.clear();
        return this;
    }

    private void logAccess(Context ctx, Float millis) {
        try {
            String route = route(ctx);
            requestTimers.computeIfAbsent(new TimerKey(ctx.method().name(), route, ctx.statusCode()), key ->
                            Timer.builder(REQUESTS_METER)
                                    .description("HTTP requests by method, route template and status")
                                    .tags("method", key.method(), "route", key.route(),
                                            "status", Integer.toString(key.status()))
                                    .publishPercentileHistogram()
                                    .register(meterRegistry))
                    .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
            long durationMs = Math.round(millis);
            ACCESS.atInfo()
                    .addKeyValue("method", ctx.method().name())
                    .addKeyValue("route", route)
                    .addKeyValue("status", ctx.statusCode())
                    .addKeyValue("durationMs", durationMs)
                    .log("{} {} {} {}ms requestId={}",
                            ctx.method(), ctx.path(), ctx.statusCode(), durationMs, RequestIds.of(ctx));
        } finally {
            RequestContext.end();
        }
    }

    private record TimerKey(String method, String route, int status) {}

    /**
     * The matched route's template ({@code /tenants/me/products/{id}}), never the raw path: bounded in number, free of
     * ids. {@code unmatched} for a request no route took (404).
     */
    static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }
}
