package io.saasplatform.bootstrap;

import io.saasplatform.testsupport.TestRedis;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test plumbing: reads the test Redis the way an operator would, over raw RESP on a fresh socket per command, so that
 * no second Redis client library (and no shared connection that an outage would break) enters the tests.
 */
final class RedisProbe {
    private RedisProbe() {}

    /** The quota hash of {@code tenant} for the current month: {@code used}, {@code reserved}, {@code seeded}. */
    static Map<String, String> quota(UUID tenant, String period) {
        return hashOf("quota:{" + tenant + "}:" + period);
    }

    static long quotaField(UUID tenant, String period, String field) {
        return Long.parseLong(quota(tenant, period).getOrDefault(field, "0"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> hashOf(String key) {
        List<Object> flat = (List<Object>) command("HGETALL", key);
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put((String) flat.get(i), (String) flat.get(i + 1));
        }
        return hash;
    }

    @SuppressWarnings("unchecked")
    static List<String> keys(String pattern) {
        return ((List<Object>) command("KEYS", pattern)).stream().map(String.class::cast).toList();
    }

    static void scriptFlush() {
        command("SCRIPT", "FLUSH");
    }

    static Object command(String... parts) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestRedis.host(), TestRedis.port()), 2_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder resp = new StringBuilder("*").append(parts.length).append("\r\n");
            for (String part : parts) {
                resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                        .append(part).append("\r\n");
            }
            out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("Redis command " + parts[0] + " failed", e);
        }
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        return switch (type) {
            case '+' -> line;
            case '-' -> throw new IllegalStateException("Redis answered an error: " + line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] bytes = in.readNBytes(length);
                line(in);
                yield new String(bytes, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                yield items;
            }
            default -> throw new IllegalStateException("unexpected RESP type " + (char) type + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            line.append((char) c);
        }
        in.read(); // '\n'
        return line.toString();
    }
}
