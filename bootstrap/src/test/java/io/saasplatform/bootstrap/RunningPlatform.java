package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Test plumbing for end-to-end tests: the real {@link Platform} on port 0 over its own database on the shared test
 * PostgreSQL and the shared test Redis, a JSON client over the JDK HttpClient, and superuser SQL to check what the
 * platform wrote (the superuser bypasses row-level security).
 */
final class RunningPlatform implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern REFRESH_COOKIE = java.util.regex.Pattern.compile("saas_refresh=([^;]*)");
    private static final String SERVING_ROLE = "e2e_app";
    private static final String SERVING_PASSWORD = "e2e-app-password";

    private final Platform platform;
    private final TestDatabase database;
    private final Map<String, String> env;
    private final boolean ownsDatabase;
    private final HttpClient http;

    private RunningPlatform(Platform platform, TestDatabase database, Map<String, String> env, boolean ownsDatabase) {
        this.platform = platform;
        this.database = database;
        this.env = Map.copyOf(env);
        this.ownsDatabase = ownsDatabase;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts the platform as {@code Main} would, with {@code extra} on top of the test environment. */
    static RunningPlatform start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, database -> extra);
    }

    /** Like {@link #start(Path, Map)}, with access tokens issued and checked by {@code accessTokenClock}. */
    static RunningPlatform start(Path dataDir, Map<String, String> extra, java.time.Clock accessTokenClock) {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        Map<String, String> env = environment(database, dataDir, extra);
        return new RunningPlatform(Platform.start(PlatformConfig.from(env), accessTokenClock), database, env, true);
    }

    /** Like {@link #start(Path, Map)}, with settings that depend on the new database (a proxy in front of it). */
    static RunningPlatform start(Path dataDir, java.util.function.Function<TestDatabase, Map<String, String>> extra) {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        Map<String, String> env = environment(database, dataDir, extra.apply(database));
        return new RunningPlatform(Platform.start(PlatformConfig.from(env)), database, env, true);
    }

    /** The serving role's JDBC URL for {@code database} reached at {@code host:port} (a proxy, say). */
    static String servingUrl(TestDatabase database, String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database.name() + "?user=" + SERVING_ROLE
                + "&password=" + SERVING_PASSWORD;
    }

    private static Map<String, String> environment(TestDatabase database, Path dataDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        // External servers: the mode must be explicit (mock sign-in is asked for, not fallen into).
        env.put("AUTH_MODE", "mock");
        env.put("DATABASE_URL", database.jdbcUrl() + "?user=" + SERVING_ROLE + "&password=" + SERVING_PASSWORD);
        env.put("DATABASE_ADMIN_URL", database.jdbcUrl() + "?user=" + database.adminUser() + "&password="
                + database.adminPassword());
        env.put("DB_OWNER_ROLE", "e2e_owner");
        env.put("DB_OWNER_PASSWORD", "e2e-owner-password");
        env.put("REDIS_URL", TestRedis.url());
        env.put("DATA_DIR", dataDir.toString());
        // Tests open many shops from few accounts within the hour; the limits themselves are tested on their own.
        env.put("TENANT_CREATIONS_PER_HOUR", "10000");
        env.put("MAX_TENANTS_PER_USER", "0");
        env.putAll(extra);
        return env;
    }

    /** The management port, -1 when off. */
    int managementPort() {
        return platform.managementPort();
    }

    /**
     * Another node on the same database and Redis (a second worker, a restarted process), with {@code extra} on top of
     * this one's environment; closing it leaves the database to this one.
     */
    RunningPlatform node(Map<String, String> extra) {
        Map<String, String> nodeEnv = new HashMap<>(env);
        nodeEnv.putAll(extra);
        return new RunningPlatform(Platform.start(PlatformConfig.from(nodeEnv)), database, nodeEnv, false);
    }

    /** Whether the HTTP port still accepts connections. */
    boolean answers() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", platform.port()), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the platform as SIGTERM does (drain, then close), keeping the database for another node. */
    void stop() {
        platform.close();
    }

    URI uri(String path) {
        return platform.baseUri().resolve(path);
    }

    /** A JSON body sent byte for byte, for bodies an object mapper would not produce. */
    record RawJson(String text) {}

    record Response(int status, JsonNode body, HttpResponse<String> raw) {
        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        String text(String pointer) {
            return body.at(pointer).asText();
        }

        /** The refresh token this response sets in its {@code saas_refresh} cookie, if any. */
        Optional<String> refreshCookie() {
            return raw.headers().allValues("Set-Cookie").stream()
                    .map(REFRESH_COOKIE::matcher)
                    .filter(java.util.regex.Matcher::find)
                    .map(m -> m.group(1))
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    Response get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    Response patch(String path, String token, Object body, String... headers) {
        return send("PATCH", path, token, body, headers);
    }

    Response delete(String path, String token, String... headers) {
        return send("DELETE", path, token, null, headers);
    }

    /** {@code headers} are name/value pairs; {@code body} is sent as JSON ({@link RawJson} as it is). */
    Response send(String method, String path, String token, Object body, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body instanceof RawJson raw
                                    ? raw.text()
                                    : JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Signs in through the mock identity provider, opens a shop and returns an access token scoped to it. */
    String ownerOfNewShop(String email, String slug, String currency) {
        Response idToken = post("/auth/mock-idp/token", null, Map.of("email", email));
        assertThat(idToken.status()).as("%s", idToken).isEqualTo(200);
        Response login = post("/auth/login", null, Map.of("idToken", idToken.text("/idToken")));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        String tenantless = login.text("/accessToken");
        Response created = post("/tenants", tenantless,
                Map.of("slug", slug, "name", "Shop " + slug, "defaultCurrency", currency));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Response switched = post("/auth/switch-tenant", tenantless, Map.of("tenantSlug", slug));
        assertThat(switched.status()).as("%s", switched).isEqualTo(200);
        return switched.text("/accessToken");
    }

    /** The id of the access token's tenant. */
    UUID tenantId(String token) {
        Response tenant = get("/tenants/me", token);
        assertThat(tenant.status()).as("%s", tenant).isEqualTo(200);
        return UUID.fromString(tenant.text("/id"));
    }

    /** The first column of the first row of {@code sql}, run as the superuser (no row-level security). */
    long queryLong(String sql, Object... parameters) {
        try (Connection connection = database.adminConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a row from %s", sql).isTrue();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A superuser connection to this platform's database (no row-level security). */
    Connection adminConnection() throws SQLException {
        return database.adminConnection();
    }

    /** The first column of every row of {@code sql}, run as the superuser. */
    java.util.List<String> queryStrings(String sql) {
        try (Connection connection = database.adminConnection();
                PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            java.util.List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement as the superuser. */
    void execute(String sql, Object... parameters) {
        try (Connection connection = database.adminConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // The client first: its pooled connections and selector thread would otherwise outlive the test, and the
        // server would have to cut those connections while draining.
        http.shutdownNow();
        try {
            platform.close();
        } finally {
            if (ownsDatabase) {
                database.drop();
            }
        }
    }
}
