package io.saasplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class TestServersTest {
    @AfterEach
    void clear() {
        System.clearProperty(TestServers.MODE_VARIABLE);
    }

    @Test
    void given_no_choice_then_embedded_servers() {
        if (System.getenv(TestServers.MODE_VARIABLE) == null) {
            assertThat(TestServers.mode()).isEqualTo(TestServers.Mode.EMBEDDED);
        }
        System.setProperty(TestServers.MODE_VARIABLE, "Testcontainers");
        assertThat(TestServers.mode()).isEqualTo(TestServers.Mode.TESTCONTAINERS);
    }

    @Test
    void given_an_unknown_choice_then_refused_naming_the_valid_ones() {
        System.setProperty(TestServers.MODE_VARIABLE, "docker");

        assertThatThrownBy(TestServers::mode)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'embedded' or 'testcontainers'");
    }

    @Test
    void given_no_docker_when_the_testcontainers_path_is_asked_for_then_the_test_is_skipped_not_failed() {
        if (TestServers.dockerLikelyAvailable()) {
            return; // the next test exercises the real path on this machine
        }
        assertThatThrownBy(Containers::postgres)
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no Docker engine");
    }

    /** Runs wherever Docker exists; skipped with one line elsewhere. */
    @Test
    void given_docker_when_starting_the_containers_then_postgres_18_and_redis_7_answer() throws Exception {
        Containers.Started postgres = Containers.postgres();
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres",
                        postgres.user(), postgres.password());
                ResultSet version = connection.createStatement().executeQuery("SHOW server_version_num")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1) / 10_000).isEqualTo(18);
        } finally {
            postgres.stop().run();
        }

        Containers.Started redis = Containers.redis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes(7), StandardCharsets.US_ASCII)).isEqualTo("+PONG\r\n");
        } finally {
            redis.stop().run();
        }
    }
}
