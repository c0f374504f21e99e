package io.saasplatform.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test plumbing: one PostgreSQL server per test JVM and cheap isolated databases cloned from per-purpose templates.
 *
 * <p>By default an embedded PostgreSQL 18 is started on first use and stopped by a JVM shutdown hook. When the
 * environment variable or system property {@code TEST_DATABASE_URL} holds a {@code jdbc:postgresql://} URL with
 * superuser credentials ({@code ?user=…&password=…}), that server is used instead and the databases this JVM created
 * are dropped at exit.
 *
 * <p>With {@code SAAS_TEST_SERVERS=testcontainers} (see {@link TestServers}) a {@code postgres:18} container is
 * started instead of the embedded server, or the calling test is skipped when there is no Docker engine.
 *
 * <p>Roles are cluster-wide: two databases of the same server share them. Tests that need a role with unusual
 * attributes should create one with a unique name rather than alter a shared role.
 */
public final class TestPostgres {
    /** Name of the environment variable / system property that points the tests at an external server. */
    public static final String URL_VARIABLE = "TEST_DATABASE_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final String EMBEDDED_SUPERUSER = "postgres";
    // pg_hba of the embedded cluster trusts local connections, so any password is accepted.
    private static final String EMBEDDED_PASSWORD = "postgres";

    // Unique per JVM so that several JVMs can share one external server without name clashes.
    private static final String JVM_TAG = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();
    // Template initialisers typically create cluster-wide roles; running them one at a time avoids racing on those.
    private static final Object TEMPLATE_LOCK = new Object();

    private static volatile Server server;

    private TestPostgres() {}

    /** Host of the server (starts it on first use). */
    public static String host() {
        return server().host();
    }

    /** Port of the server (starts it on first use). */
    public static int port() {
        return server().port();
    }

    /** Superuser name. */
    public static String adminUser() {
        return server().user();
    }

    /** Superuser password. */
    public static String adminPassword() {
        return server().password();
    }

    /** JDBC URL of the server's maintenance database {@code postgres}, to be used with the admin credentials. */
    public static String adminJdbcUrl() {
        return server().maintenance().jdbcUrl();
    }

    /** Whether the server is the embedded one (false when {@code TEST_DATABASE_URL} is set). */
    public static boolean isEmbedded() {
        return server().embedded() != null;
    }

    /**
     * A new, empty-of-data database cloned from the template named by {@code templateKey}.
     *
     * <p>The first call for a key creates the template database and runs {@code templateInitializer} on it (for
     * example: provision roles and run migrations); later calls for the same key only clone it, which takes a few
     * milliseconds. Safe to call from several threads. Initialisers must leave no connection open to the template.
     */
    public static TestDatabase newDatabase(String templateKey, Consumer<TestDatabase> templateInitializer) {
        String template = template(templateKey, templateInitializer);
        String name = "test_" + DATABASE_COUNTER.incrementAndGet() + "_" + JVM_TAG;
        executeOnMaintenance("CREATE DATABASE " + name + " TEMPLATE " + template);
        CREATED.add(name);
        return database(name);
    }

    /** A new database with nothing in it beyond what PostgreSQL's own template holds. */
    public static TestDatabase newEmptyDatabase() {
        return newDatabase("empty", database -> {});
    }

    /**
     * Runs statements as the superuser on the maintenance database {@code postgres}, in autocommit mode: for
     * cluster-wide objects such as roles, which no single test database owns.
     */
    public static void executeOnServer(String... sql) {
        executeOnMaintenance(sql);
    }

    static void dropDatabase(String name) {
        executeOnMaintenance("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        CREATED.remove(name);
    }

    private static String template(String templateKey, Consumer<TestDatabase> initializer) {
        String existing = TEMPLATES.get(templateKey);
        if (existing != null) {
            return existing;
        }
        synchronized (TEMPLATE_LOCK) {
            existing = TEMPLATES.get(templateKey);
            if (existing != null) {
                return existing;
            }
            String name = "tpl_" + sanitize(templateKey) + "_" + JVM_TAG;
            executeOnMaintenance("CREATE DATABASE " + name);
            CREATED.add(name);
            try {
                initializer.accept(database(name));
                // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: shut the door for good.
                executeOnMaintenance(
                        "ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false IS_TEMPLATE true",
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            } catch (RuntimeException | Error e) {
                dropTemplate(name);
                throw e;
            }
            TEMPLATES.put(templateKey, name);
            return name;
        }
    }

    private static void dropTemplate(String name) {
        try {
            executeOnMaintenance(
                    "ALTER DATABASE " + name + " WITH IS_TEMPLATE false", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            CREATED.remove(name);
        } catch (RuntimeException e) {
            LOG.warn("could not drop template database {}", name, e);
        }
    }

    private static String sanitize(String key) {
        String cleaned = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_");
        return cleaned.length() > 30 ? cleaned.substring(0, 30) : cleaned;
    }

    private static TestDatabase database(String name) {
        Server s = server();
        return new TestDatabase(name, s.host(), s.port(), s.user(), s.password());
    }

    private static void executeOnMaintenance(String... sql) {
        try (Connection connection = server().maintenance().adminConnection();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test database administration failed: " + e.getMessage(), e);
        }
    }

    private static Server server() {
        Server current = server;
        if (current == null) {
            synchronized (TestPostgres.class) {
                current = server;
                if (current == null) {
                    current = start();
                    server = current;
                }
            }
        }
        return current;
    }

    private static Server start() {
        String url = setting(URL_VARIABLE);
        Server started;
        if (url != null) {
            started = external(url);
        } else if (TestServers.mode() == TestServers.Mode.TESTCONTAINERS) {
            Containers.Started container = Containers.postgres();
            LOG.info("PostgreSQL container {} on port {}", Containers.POSTGRES_IMAGE, container.port());
            started = new Server(container.host(), container.port(), container.user(), container.password(), null,
                    container.stop());
        } else {
            started = startEmbedded();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "test-postgres-shutdown"));
        return started;
    }

    private static Server startEmbedded() {
        long begin = System.nanoTime();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false)
                    // Durability buys nothing in a throw-away cluster and costs seconds per suite.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setOutputRedirector(Redirect.DISCARD)
                    .setErrorRedirector(Redirect.DISCARD)
                    .start();
            LOG.info(
                    "embedded PostgreSQL started on port {} in {} ms",
                    postgres.getPort(),
                    (System.nanoTime() - begin) / 1_000_000);
            return new Server("localhost", postgres.getPort(), EMBEDDED_SUPERUSER, EMBEDDED_PASSWORD, postgres, null);
        } catch (IOException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static Server external(String url) {
        Properties parsed = Driver.parseURL(url, null);
        if (parsed == null) {
            throw new IllegalStateException(URL_VARIABLE + " is not a jdbc:postgresql:// URL");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String user = parsed.getProperty("user");
        if (user == null) {
            throw new IllegalStateException(URL_VARIABLE + " must carry ?user=…&password=… of a superuser");
        }
        Server external = new Server(host, port, user, parsed.getProperty("password", ""), null, null);
        requireSuperuser(external);
        return external;
    }

    private static void requireSuperuser(Server external) {
        try (Connection connection = external.maintenance().adminConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
                ResultSet row = query.executeQuery()) {
            if (!row.next() || !row.getBoolean(1)) {
                throw new IllegalStateException(URL_VARIABLE + " must connect as a superuser");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + URL_VARIABLE + ": " + e.getMessage(), e);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private record Server(
            String host, int port, String user, String password, EmbeddedPostgres embedded, Runnable stopContainer) {
        TestDatabase maintenance() {
            return new TestDatabase("postgres", host, port, user, password);
        }

        void shutdown() {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    LOG.warn("could not stop embedded PostgreSQL", e);
                }
                return;
            }
            if (stopContainer != null) {
                stopContainer.run();
                return;
            }
            // The external server outlives us: leave it as we found it.
            for (String name : Set.copyOf(CREATED)) {
                try (Connection connection = maintenance().adminConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
                    statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                } catch (SQLException e) {
                    LOG.warn("could not drop test database {}: {}", name, e.getMessage());
                }
            }
        }
    }
}
