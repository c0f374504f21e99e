package io.saasplatform.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opentest4j.TestAbortedException;

/**
 * Test plumbing: which PostgreSQL and Redis the tests get when no external URL is given. {@code SAAS_TEST_SERVERS}
 * (system property or environment variable) is {@code embedded} (the default: binaries from Maven Central, no Docker)
 * or {@code testcontainers} ({@code postgres:18} and {@code redis:7} containers, for machines with Docker).
 *
 * <p>{@code TEST_DATABASE_URL} and {@code TEST_REDIS_URL} still win over both. Without a Docker engine the
 * Testcontainers choice does not fail the build: every test that needs a server is skipped, and one line says why.
 */
public final class TestServers {
    /** Name of the system property / environment variable that chooses the servers. */
    public static final String MODE_VARIABLE = "SAAS_TEST_SERVERS";

    private static final AtomicBoolean TOLD_NO_DOCKER = new AtomicBoolean();

    /** Where the tests' servers come from. */
    public enum Mode {
        /** Embedded PostgreSQL 18 and Redis binaries, one of each per test JVM. */
        EMBEDDED,
        /** Testcontainers: {@code postgres:18} and {@code redis:7}, one of each per test JVM. */
        TESTCONTAINERS
    }

    private TestServers() {}

    /**
     * The chosen mode.
     *
     * @return {@link Mode#EMBEDDED} unless {@code SAAS_TEST_SERVERS=testcontainers}
     * @throws IllegalStateException for any other value, naming the valid ones
     */
    public static Mode mode() {
        String value = setting(MODE_VARIABLE);
        if (value == null) {
            return Mode.EMBEDDED;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "embedded" -> Mode.EMBEDDED;
            case "testcontainers" -> Mode.TESTCONTAINERS;
            default -> throw new IllegalStateException(
                    MODE_VARIABLE + " must be 'embedded' or 'testcontainers', not '" + value + "'");
        };
    }

    /**
     * Whether a Docker engine looks reachable: {@code DOCKER_HOST} is set or a Docker socket exists. Checked without
     * asking Testcontainers, whose own probe logs a page of errors when there is none.
     *
     * @return whether Testcontainers may find a Docker engine
     */
    public static boolean dockerLikelyAvailable() {
        return setting("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    }

    /** Skips the calling test, saying once per JVM why, when Testcontainers is chosen and Docker is missing. */
    static void requireDocker() {
        if (dockerLikelyAvailable()) {
            return;
        }
        String why = MODE_VARIABLE + "=testcontainers but no Docker engine (no DOCKER_HOST, no docker.sock): "
                + "skipping tests that need PostgreSQL or Redis";
        if (TOLD_NO_DOCKER.compareAndSet(false, true)) {
            System.err.println(why);
        }
        throw new TestAbortedException(why);
    }

    static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
