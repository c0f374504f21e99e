package io.saasplatform.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Test plumbing: the Testcontainers path of {@link TestServers}, loaded only when that path is chosen. */
final class Containers {
    static final String POSTGRES_IMAGE = "postgres:18";
    static final String REDIS_IMAGE = "redis:7";

    private Containers() {}

    /** A started {@code postgres:18} with a superuser; stopped by the returned handle. */
    static Started postgres() {
        TestServers.requireDocker();
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE))
                // Same throw-away settings as the embedded cluster.
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c",
                        "full_page_writes=off", "-c", "max_connections=300");
        container.start();
        return new Started(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword(), container::stop);
    }

    /** A started {@code redis:7}; stopped by the returned handle. */
    static Started redis() {
        TestServers.requireDocker();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
        container.start();
        return new Started(container.getHost(), container.getMappedPort(6379), null, null, container::stop);
    }

    /** Where a started container listens, and how to stop it. */
    record Started(String host, int port, String user, String password, Runnable stop) {}
}
