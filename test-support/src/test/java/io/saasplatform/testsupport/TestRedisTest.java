package io.saasplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestRedisTest {

    @AfterEach
    void restart() {
        if (TestRedis.isEmbedded()) {
            TestRedis.start();
        }
    }

    @Test
    void given_the_test_redis_when_sending_ping_then_it_answers_pong() throws IOException {
        assertThat(TestRedis.url()).startsWith("redis://");

        assertThat(ping()).isEqualTo("+PONG");
    }

    @Test
    void given_a_key_when_flushing_all_then_the_key_is_gone() throws IOException {
        assertThat(send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n")).isEqualTo("+OK");

        TestRedis.flushAll();

        assertThat(send("*2\r\n$6\r\nEXISTS\r\n$1\r\nk\r\n")).isEqualTo(":0");
    }

    @Test
    void given_embedded_redis_when_stopped_then_connections_fail_and_after_start_it_answers_on_the_same_port()
            throws IOException {
        assumeTrue(TestRedis.isEmbedded(), "only the embedded Redis can be stopped");
        int port = TestRedis.port();

        TestRedis.stop();
        assertThat(TestRedis.isRunning()).isFalse();
        assertThatThrownBy(TestRedisTest::ping).isInstanceOf(ConnectException.class);

        TestRedis.start();
        assertThat(TestRedis.port()).isEqualTo(port);
        assertThat(ping()).isEqualTo("+PONG");
    }

    private static String ping() throws IOException {
        return send("*1\r\n$4\r\nPING\r\n");
    }

    private static String send(String resp) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestRedis.host(), TestRedis.port()), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(resp.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            return line.toString().strip();
        }
    }
}
