package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose answer does not need its body (an unknown path, a refused token) is answered only once its body has
 * been read, and the connection then serves the next request. Answering first and closing with the body still arriving
 * makes the kernel reset the connection, which destroys the answer before the client reads it.
 */
class UnreadBodyEndToEndTest {
    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;

    @BeforeAll
    static void start() {
        platform = RunningPlatform.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void given_a_body_posted_to_an_unknown_path_then_the_404_waits_for_the_body_and_the_connection_serves_the_next_request()
            throws IOException {
        assertAnsweredAfterTheBody("/no/such/path", null, 404);
    }

    @Test
    void given_a_body_posted_with_a_refused_token_then_the_401_waits_for_the_body_and_the_connection_serves_the_next_request()
            throws IOException {
        assertAnsweredAfterTheBody("/tenants/me/products", "not-a-token", 401);
    }

    private static void assertAnsweredAfterTheBody(String path, String token, int status) throws IOException {
        URI base = platform.uri("/");
        byte[] body = ("{\"name\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length / 2);
            out.flush();

            // Half the body sent: no answer yet (the server is reading the rest), and the connection stays open.
            socket.setSoTimeout(1_000);
            assertThat(readsNothingYet(in)).as("answered before the body was read").isTrue();

            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            socket.setSoTimeout(10_000);
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 " + status).containsIgnoringCase("application/problem+json")
                    .doesNotContainIgnoringCase("Connection: close");

            out.write(("GET /health/live HTTP/1.1\r\nHost: " + base.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).as("the next request on the same connection").startsWith("HTTP/1.1 200");
        }
    }

    /** Whether nothing arrives (no byte, no close) within the socket's timeout. */
    private static boolean readsNothingYet(InputStream in) throws IOException {
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException quiet) {
            return true;
        }
    }

    /** One response: its head, then its body by Content-Length or in chunks. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        if (lower.contains("transfer-encoding: chunked")) {
            while (true) {
                int size = Integer.parseInt(line(in).strip(), 16);
                content.write(in.readNBytes(size));
                line(in);
                if (size == 0) {
                    break;
                }
            }
        } else {
            long length = lower.lines()
                    .filter(line -> line.startsWith("content-length:"))
                    .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip()))
                    .findFirst()
                    .orElseThrow(() -> new IOException("neither Content-Length nor chunks in " + text));
            content.write(in.readNBytes((int) length));
        }
        return text + content.toString(StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
