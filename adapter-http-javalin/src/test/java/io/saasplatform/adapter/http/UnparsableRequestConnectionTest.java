package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request Jetty refuses before routing (a NUL or an ambiguous escape in the path) gets its problem+json, and the
 * connection is either told to close or stays usable: a client that reuses it must never meet a silently dead
 * connection, which a pooling client reports as "no bytes" for its next, possibly non-idempotent, request.
 */
class UnparsableRequestConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"/tenants/me/products/%00", "/tenants/me/products/..%2F..%2Fetc", "/a/%2e%2e/b",
        "/tenants/me/products/%C3%28"})
    void given_a_path_jetty_refuses_then_the_answer_says_whether_the_connection_survives(String path)
            throws IOException {
        try (RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()));
                Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            send(socket, "DELETE " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawResponse first = read(socket.getInputStream());
            assertThat(first.status()).isBetween(400, 499);
            assertThat(first.header("content-type")).startsWith(Problem.MEDIA_TYPE);

            if ("close".equalsIgnoreCase(first.header("connection"))) {
                return;
            }
            // Not told to close: the connection must answer the next request.
            send(socket, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawResponse second;
            try {
                second = read(socket.getInputStream());
            } catch (IOException e) {
                throw new AssertionError("the connection died after an answer without Connection: close:\n"
                        + first.headers() + first.body(), e);
            }
            assertThat(second.status()).as("the reused connection answers").isEqualTo(200);
        }
    }

    @Test
    void given_a_nul_in_the_path_then_the_problem_names_the_path() throws IOException {
        try (RunningApi api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()));
                Socket socket = new Socket("127.0.0.1", api.port())) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /tenants/me/products/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
            RawResponse answer = read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).contains("\"status\":400");
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private record RawResponse(int status, String headers, String body) {
        String header(String name) {
            return headers.lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("");
        }
    }

    /** Reads one response: status line, headers, a Content-Length body (our problem bodies always have one). */
    private static RawResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headers.substring(9, 12));
        RawResponse partial = new RawResponse(status, headers, "");
        int length = partial.header("content-length").isEmpty() ? 0 : Integer.parseInt(partial.header("content-length"));
        byte[] body = in.readNBytes(length);
        return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
    }
}
