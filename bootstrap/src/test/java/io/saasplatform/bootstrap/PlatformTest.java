package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.testsupport.TestRedis;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: the real composition root, started the way {@code Main} starts it, on random ports. */
class PlatformTest {
    private static final String OWNER_ROLE = "boot_test_owner";
    private static final String SERVING_ROLE = "boot_test_app";
    private static final String SERVING_PASSWORD = "boot-test-app-password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void closeClient() {
        http.shutdownNow();
    }

    private static Map<String, String> externalServices(TestDatabase database) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        // External servers: the mode must be explicit (mock sign-in is asked for, not fallen into).
        env.put("AUTH_MODE", "mock");
        env.put("DATABASE_URL", database.jdbcUrl() + "?user=" + SERVING_ROLE + "&password=" + SERVING_PASSWORD);
        env.put("DATABASE_ADMIN_URL", database.jdbcUrl() + "?user=" + database.adminUser() + "&password="
                + database.adminPassword());
        env.put("DB_OWNER_ROLE", OWNER_ROLE);
        env.put("DB_OWNER_PASSWORD", "boot-test-owner-password");
        env.put("REDIS_URL", TestRedis.url());
        return env;
    }

    private HttpResponse<String> get(Platform platform, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(platform.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void given_admin_url_when_starting_then_roles_provisioned_schema_migrated_and_ready() throws Exception {
        TestDatabase database = TestPostgres.newEmptyDatabase();

        try (Platform platform = Platform.start(PlatformConfig.from(externalServices(database)))) {
            HttpResponse<String> ready = get(platform, "/health/ready");

            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"postgres\"").contains("\"redis\"");
            try (Connection admin = database.adminConnection();
                    Statement statement = admin.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'memberships'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(OWNER_ROLE);
            }
        }
    }

    @Test
    void given_running_platform_when_closed_then_port_no_longer_accepts_connections() throws Exception {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        Platform platform = Platform.start(PlatformConfig.from(externalServices(database)));
        URI live = platform.baseUri().resolve("/health/live");
        assertThat(get(platform, "/health/live").statusCode()).isEqualTo(200);

        platform.close();

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void given_serving_role_that_is_superuser_when_starting_then_refuses_naming_the_problem() {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        Map<String, String> env = externalServices(database);
        // Migrate as usual, then try to serve as the admin: a superuser skips every RLS policy.
        try (Platform ignored = Platform.start(PlatformConfig.from(env))) {
            assertThat(ignored.port()).isPositive();
        }
        env.remove("DATABASE_ADMIN_URL");
        // External servers: the mode must be explicit (mock sign-in is asked for, not fallen into).
        env.put("AUTH_MODE", "mock");
        env.put("DATABASE_URL", database.jdbcUrl() + "?user=" + database.adminUser() + "&password="
                + database.adminPassword());

        assertThatThrownBy(() -> Platform.start(PlatformConfig.from(env)))
                .hasMessageContaining("superuser");
    }

    @Test
    void given_no_database_or_redis_url_when_starting_twice_then_embedded_services_keep_data(@TempDir Path dataDir)
            throws Exception {
        Map<String, String> env = Map.of(
                "PORT", "0",
                "HOST", "127.0.0.1",
                "DATA_DIR", dataDir.toString(),
                "EMBEDDED_POSTGRES_PORT", "0",
                "EMBEDDED_REDIS_PORT", "0");

        try (Platform first = Platform.start(PlatformConfig.from(env))) {
            assertThat(get(first, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(first.databaseDescription()).contains("embedded PostgreSQL");
            executeAsEmbeddedSuperuser(first, "INSERT INTO users (id, email) VALUES (gen_random_uuid(), 'kept@example.com')");
        }
        assertThat(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION"))).isTrue();

        try (Platform second = Platform.start(PlatformConfig.from(env))) {
            assertThat(get(second, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(countAsEmbeddedSuperuser(second, "SELECT count(*) FROM users WHERE email = 'kept@example.com'"))
                    .isEqualTo(1);
        }
    }

    private static Connection embeddedSuperuser(Platform platform) throws SQLException {
        String description = platform.databaseDescription();
        String port = description.replaceAll(".*127\\.0\\.0\\.1:(\\d+).*", "$1");
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/" + Platform.EMBEDDED_DATABASE, "postgres", "postgres");
    }

    private static void executeAsEmbeddedSuperuser(Platform platform, String sql) throws SQLException {
        try (Connection connection = embeddedSuperuser(platform);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long countAsEmbeddedSuperuser(Platform platform, String sql) throws SQLException {
        try (Connection connection = embeddedSuperuser(platform);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
