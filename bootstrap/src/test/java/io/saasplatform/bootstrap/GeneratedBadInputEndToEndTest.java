package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input at every endpoint, generated from the served OpenAPI document: for each documented operation a few hundred
 * requests with a mutated body, query, header or path id (deep nesting, huge strings and numbers, wrong JSON types,
 * invalid UTF-8, duplicate keys, truncated bodies, wrong or missing Content-Type, ids that are not UUIDs or belong to
 * another tenant). Every answer must be 4xx {@code application/problem+json}, and the database must hold exactly the
 * rows it held before.
 *
 * <p>The generator is seeded: a failure prints the seed and the request; {@code -Dfuzz.seed=N} replays it, and
 * {@code -Dfuzz.perOperation=N} changes the count.
 */
class GeneratedBadInputEndToEndTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private static final int PER_OPERATION = Integer.getInteger("fuzz.perOperation", 200);
    // Valid requests, not bad input: nothing here to mutate, or answered 2xx by design whatever is sent.
    private static final Set<String> NOT_BAD_INPUT = Set.of(
            "POST /auth/logout" /* idempotent: 204 with or without a valid cookie */);

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;
    private static String owner;
    private static Map<String, String> otherTenantIds;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void twoShops() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of());
        owner = platform.ownerOfNewShop("owner@fuzz-a.example.com", "fuzz-a", "KWD");
        platform.post("/tenants/me/categories", owner, Map.of("name", "Tea"));
        platform.post("/tenants/me/products", owner, Map.of("name", "Mug", "price", "1.000", "status", "published"));

        String other = platform.ownerOfNewShop("owner@fuzz-b.example.com", "fuzz-b", "USD");
        Response category = platform.post("/tenants/me/categories", other, Map.of("name", "Other"));
        Response product = platform.post("/tenants/me/products", other, Map.of("name", "Theirs", "price", "2.00"));
        Response me = platform.get("/auth/me", other);
        otherTenantIds = Map.of(
                "category", category.text("/id"),
                "product", product.text("/id"),
                "user", me.text("/user/id"));
    }

    @AfterAll
    static void stop() {
        HTTP.shutdownNow();
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void given_generated_bad_input_at_every_documented_operation_then_4xx_problem_json_and_nothing_written()
            throws Exception {
        JsonNode document = platform.get("/openapi.json", null).body();
        Map<String, Long> rowsBefore = rowCounts();
        Random random = new Random(SEED);
        Map<String, Integer> sentPerOperation = new TreeMap<>();
        // One example per operation, kind of mutation and status, so that one defect does not hide the others.
        Map<String, String> failures = new TreeMap<>();
        String previous = "";

        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                if (method.equals("PARAMETERS")) {
                    continue;
                }
                Operation operation = new Operation(method, path.getKey(), op.getValue(), document);
                if (NOT_BAD_INPUT.contains(operation.name()) || !operation.hasInput()) {
                    continue;
                }
                for (int i = 0; i < PER_OPERATION; i++) {
                    Mutation mutation = operation.mutate(random);
                    Answer answer;
                    try {
                        answer = send(mutation);
                    } catch (IOException e) {
                        failures.putIfAbsent(operation.name() + " [" + mutation.what() + "] " + e,
                                "no answer for " + mutation.describe() + " AFTER " + previous);
                        continue;
                    }
                    previous = mutation.describe() + " => " + answer.status();
                    sentPerOperation.merge(operation.name(), 1, Integer::sum);
                    if (answer.status() < 400 || answer.status() > 499 || !answer.isProblem()) {
                        failures.putIfAbsent(operation.name() + " [" + mutation.what() + "] " + answer.status(),
                                answer.contentType() + " for " + mutation.describe() + " -> "
                                        + abbreviate(answer.body(), 200));
                    }
                }
            }
        }

        failures.forEach((kind, example) -> System.out.println("BAD-INPUT FAILURE " + kind + " :: " + example));
        System.out.printf("generated bad input (seed %d): %d requests over %d operations%n", SEED,
                sentPerOperation.values().stream().mapToInt(Integer::intValue).sum(), sentPerOperation.size());
        assertThat(failures).as("answers that were not 4xx problem+json (seed %d)", SEED).isEmpty();
        assertThat(sentPerOperation).as("operations exercised").hasSizeGreaterThan(20);
        assertThat(rowCounts()).as("rows per table after the bad input").isEqualTo(rowsBefore);
    }

    /** Row count of every table of the public schema, as the superuser (no RLS). */
    private static Map<String, Long> rowCounts() {
        Map<String, Long> counts = new TreeMap<>();
        long tables = platform.queryLong(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'");
        assertThat(tables).isPositive();
        for (String table : platform.queryStrings("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                + " AND tablename <> 'flyway_schema_history' ORDER BY tablename")) {
            counts.put(table, platform.queryLong("SELECT count(*) FROM public.\"" + table + "\""));
        }
        return counts;
    }

    private record Answer(int status, String contentType, String body) {
        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }

    private static Answer send(Mutation mutation) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(platform.uri("/").resolve(mutation.target()))
                .timeout(Duration.ofSeconds(30))
                .method(mutation.method(), mutation.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(mutation.body()));
        mutation.headers().forEach(request::header);
        if (mutation.body() != null && mutation.body().length > 512 * 1024) {
            // As a well-behaved client sends a large upload: the server may refuse it (413) before the body is sent,
            // instead of closing a connection the client is still writing to.
            request.expectContinue(true);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    /** One request: method, path with query, headers, raw body bytes (or none). */
    private record Mutation(String method, String target, Map<String, String> headers, byte[] body, String what) {
        String describe() {
            return method + " " + abbreviate(target, 160) + " [" + what + "]"
                    + (body == null ? "" : " body " + abbreviate(new String(body, StandardCharsets.UTF_8), 160));
        }
    }

    /** A documented operation and how to send it bad input. */
    private static final class Operation {
        private final String method;
        private final String path;
        private final JsonNode document;
        private final List<JsonNode> parameters = new ArrayList<>();
        private final JsonNode bodySchema;
        private final boolean bodyRequired;
        private final boolean bearer;

        Operation(String method, String path, JsonNode operation, JsonNode document) {
            this.method = method;
            this.path = path;
            this.document = document;
            // Conditional reads: any entity tag is a valid question (200 or 304), so If-None-Match is no bad input.
            operation.path("parameters").forEach(p -> {
                JsonNode parameter = resolve(p);
                if (!parameter.path("name").asText().equalsIgnoreCase("If-None-Match")) {
                    parameters.add(parameter);
                }
            });
            JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
            this.bodySchema = body.isMissingNode() ? null : resolve(body);
            this.bodyRequired = operation.path("requestBody").path("required").asBoolean(false);
            this.bearer = operation.path("security").isArray() && !operation.path("security").isEmpty();
        }

        String name() {
            return method + " " + path;
        }

        boolean hasInput() {
            return bodySchema != null || !parameters.isEmpty();
        }

        private JsonNode resolve(JsonNode node) {
            JsonNode current = node;
            while (current.has("$ref")) {
                current = document.at(current.get("$ref").asText().substring(1));
            }
            return current;
        }

        Mutation mutate(Random random) {
            List<Supplier<Mutation>> kinds = new ArrayList<>();
            if (bodySchema != null) {
                kinds.add(() -> bodyMutation(random));
                kinds.add(() -> bodyMutation(random));
                kinds.add(() -> bodyMutation(random));
            }
            for (JsonNode parameter : parameters) {
                switch (parameter.path("in").asText()) {
                    case "path" -> kinds.add(() -> pathMutation(random, parameter));
                    case "query" -> kinds.add(() -> queryMutation(random, parameter));
                    case "header" -> kinds.add(() -> headerMutation(random, parameter));
                    case "cookie" -> kinds.add(() -> cookieMutation(random, parameter));
                    default -> { }
                }
            }
            return kinds.get(random.nextInt(kinds.size())).get();
        }

        private Map<String, String> baseHeaders() {
            Map<String, String> headers = new LinkedHashMap<>();
            if (bearer) {
                headers.put("Authorization", "Bearer " + owner);
            }
            return headers;
        }

        /** The path with every parameter filled with a value that is valid where one exists. */
        private String concretePath(String name, String value) {
            String result = path;
            for (JsonNode parameter : parameters) {
                if (!parameter.path("in").asText().equals("path")) {
                    continue;
                }
                String p = parameter.get("name").asText();
                String filled = p.equals(name) ? value : validPathValue(p);
                result = result.replace("{" + p + "}", filled);
            }
            return result;
        }

        private String validPathValue(String name) {
            return switch (name) {
                case "slug" -> "fuzz-a";
                case "productSlug" -> "mug";
                case "userId" -> otherTenantIds.get("user");
                case "id" -> path.contains("categories") ? otherTenantIds.get("category") : otherTenantIds.get("product");
                default -> otherTenantIds.get("product");
            };
        }

        private Mutation withBody(String what, byte[] body, String contentType) {
            Map<String, String> headers = baseHeaders();
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return new Mutation(method, concretePath(null, null), headers, body, what);
        }

        private Mutation bodyMutation(Random random) {
            List<String> fields = new ArrayList<>();
            bodySchema.path("properties").fieldNames().forEachRemaining(fields::add);
            String field = fields.isEmpty() ? "name" : fields.get(random.nextInt(fields.size()));
            JsonNode fieldSchema = resolve(bodySchema.path("properties").path(field));
            String json = "application/json";
            return switch (random.nextInt(16)) {
                case 0 -> withBody("deep arrays", utf8(nest(random, "[", "]")), json);
                case 1 -> withBody("deep objects", utf8(nest(random, "{\"" + field + "\":", "}")), json);
                case 2 -> withBody("huge string", utf8("{\"" + field + "\":\"" + "x".repeat(
                        List.of(5_000, 70_000, 900_000, 2_000_000).get(random.nextInt(4))) + "\"}"), json);
                case 3 -> withBody("huge number", utf8("{\"" + field + "\":" + hugeNumber(random) + "}"), json);
                case 4 -> withBody("wrong type", utf8("{\"" + field + "\":" + wrongType(random, fieldSchema) + "}"),
                        json);
                case 5 -> withBody("invalid UTF-8", invalidUtf8(field), json);
                case 6 -> withBody("duplicate keys",
                        utf8("{\"" + field + "\":\"a\",\"" + field + "\":" + wrongType(random, fieldSchema) + "}"),
                        json);
                case 7 -> withBody("truncated", truncated(random, field), json);
                case 8 -> withBody("text/plain", utf8("{\"" + field + "\":\"x\"}"),
                        List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")
                                .get(random.nextInt(3)));
                case 9 -> withBody("no content type", utf8("{\"" + field + "\":" + wrongType(random, fieldSchema) + "}"),
                        null);
                case 10 -> withBody("not an object",
                        // No body at all is a valid request where the body is optional (all defaults).
                        utf8(List.of(bodyRequired ? "" : "[1]", "null", "[]", "\"text\"", "123", "true",
                                bodyRequired ? " " : "[", "{}{}", "{,}").get(random.nextInt(9))),
                        json);
                case 11 -> withBody("control characters", utf8("{\"" + field + "\":\"a\\u0000b\\u0007c\"}"), json);
                case 12 -> withBody("raw NUL", utf8("{\"" + field + "\":\"a\u0000b\"}"), json);
                // null is "absent" for an optional member: bad input only where the member is required.
                case 13 -> withBody("null field", utf8("{\"" + requiredField(random).orElse(field) + "\":"
                        + (requiredField(random).isPresent() ? "null" : "[[]]") + "}"), json);
                case 14 -> withBody("many fields", manyFields(random), json);
                default -> withBody("unicode override", utf8("{\"" + field + "\":" + wrongType(random, fieldSchema)
                        + ",\"\u202e\":\"\\ud800\"}"), json);
            };
        }

        private Mutation pathMutation(Random random, JsonNode parameter) {
            String name = parameter.get("name").asText();
            String value = switch (random.nextInt(9)) {
                case 0 -> "not-a-uuid";
                case 1 -> "1";
                case 2 -> "00000000-0000-0000-0000-00000000000g";
                case 3 -> "%00";
                case 4 -> "..%2F..%2Fetc";
                case 5 -> "x".repeat(300 + random.nextInt(3000));
                case 6 -> "%E2%80%AE" + "abc";
                case 7 -> "%C3%28";
                default -> switch (name) {
                    // another tenant's real ids, and slugs that exist nowhere
                    case "userId" -> otherTenantIds.get("user");
                    case "slug", "productSlug" -> "no-such-" + random.nextInt(1000);
                    default -> path.contains("categories") ? otherTenantIds.get("category") : otherTenantIds.get("product");
                };
            };
            Map<String, String> headers = baseHeaders();
            byte[] body = null;
            if (bodySchema != null) {
                headers.put("Content-Type", "application/json");
                body = utf8("{}");
            }
            return new Mutation(method, concretePath(name, value), headers, body, "path " + name);
        }

        private Mutation queryMutation(Random random, JsonNode parameter) {
            String name = parameter.get("name").asText();
            List<String> invalid = invalidValues(name, resolve(parameter.path("schema")));
            String value = invalid.get(random.nextInt(invalid.size()));
            String query = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            return new Mutation(method, concretePath(null, null) + "?" + query, baseHeaders(), null, "query " + name);
        }

        /** Values that the documented schema rules out. */
        private static List<String> invalidValues(String name, JsonNode schema) {
            // Control characters other than tab, LF and CR are refused in every text input.
            List<String> values = new ArrayList<>(List.of("a\u0000b", "bell\u0007", "\u001b[31m"));
            if (schema.has("enum")) {
                values.addAll(List.of("not-one-of-them", "NEWEST", " name"));
            }
            if (schema.path("type").asText().equals("integer")) {
                values.addAll(List.of("abc", "1.5", "99999999999999999999999", "1e100000000", "0x10"));
                if (schema.has("minimum")) {
                    values.add(Long.toString(schema.get("minimum").asLong() - 1));
                }
                if (schema.has("maximum")) {
                    values.add(Long.toString(schema.get("maximum").asLong() + 1));
                }
            }
            if (schema.has("pattern")) {
                values.addAll(List.of("UPPER", "-lead", "a b", "1e100000000", "-1", "1234567890123", "..",
                        "\u202eabc"));
            }
            if (schema.has("maxLength")) {
                values.add("a".repeat(schema.get("maxLength").asInt() + 1));
            }
            if (name.equals("cursor")) {
                // an opaque token: garbage of every shape
                values.addAll(List.of("garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                        "%%%", "eyJ0IjoxfQ"));
            }
            // Only values the schema really rules out: a candidate that happens to fit the pattern is no bad input.
            java.util.regex.Pattern pattern = schema.has("pattern")
                    ? java.util.regex.Pattern.compile(schema.get("pattern").asText()) : null;
            return values.stream()
                    .map(String::translateEscapes)
                    .filter(v -> pattern == null || !pattern.matcher(v).find() || v.chars().anyMatch(c -> c < 0x20)
                            || (schema.has("maxLength") && v.length() > schema.get("maxLength").asInt()))
                    .toList();
        }

        private Mutation headerMutation(Random random, JsonNode parameter) {
            String name = parameter.get("name").asText();
            if (name.equalsIgnoreCase("If-None-Match")) {
                // Conditional reads: any entity tag is a valid question (200 or 304); bad input goes in the path.
                JsonNode pathParameter = parameters.stream().filter(p -> p.path("in").asText().equals("path"))
                        .findFirst().orElse(null);
                return pathParameter == null ? queryOrPath(random) : pathMutation(random, pathParameter);
            }
            Map<String, String> headers = baseHeaders();
            headers.put(name, List.of("garbage", "\"", "W/", "*, \"v1\"", "\"v" + "9".repeat(40) + "\"",
                    "\"v-1\"").get(random.nextInt(6)));
            byte[] body = null;
            if (bodySchema != null) {
                headers.put("Content-Type", "application/json");
                body = utf8("{\"name\":" + "1".repeat(5) + "}");
            }
            // With If-None-Match the storefront may answer 200 (no match): send it with an id of another tenant.
            String target = path.contains("{")
                    ? concretePath(parameters.stream().filter(p -> p.path("in").asText().equals("path"))
                            .map(p -> p.get("name").asText()).findFirst().orElse(null), "no-such-thing")
                    : concretePath(null, null) + "?limit=0";
            return new Mutation(method, target, headers, body, "header " + name);
        }

        private Mutation queryOrPath(Random random) {
            for (JsonNode parameter : parameters) {
                if (parameter.path("in").asText().equals("query")) {
                    return queryMutation(random, parameter);
                }
            }
            return withBody("unexpected body", "{\"name\":1}".getBytes(StandardCharsets.UTF_8), "application/json");
        }

        private Mutation cookieMutation(Random random, JsonNode parameter) {
            String name = parameter.get("name").asText();
            Map<String, String> headers = baseHeaders();
            headers.put("Cookie", name + "=" + List.of("garbage", "", "a.b.c", "x".repeat(4000),
                    "00000000-0000-0000-0000-000000000000.AAAA").get(random.nextInt(5)));
            byte[] body = null;
            if (bodySchema != null) {
                headers.put("Content-Type", "application/json");
                body = utf8("{\"tenantSlug\":123}");
            }
            return new Mutation(method, concretePath(null, null), headers, body, "cookie " + name);
        }

        private static String nest(Random random, String open, String close) {
            int depth = List.of(200, 2_000, 20_000).get(random.nextInt(3));
            return open.repeat(depth) + "1" + close.repeat(depth);
        }

        private static String hugeNumber(Random random) {
            return switch (random.nextInt(5)) {
                case 0 -> "1e100000000";
                case 1 -> "-1e-100000000";
                case 2 -> "9".repeat(5_000 + random.nextInt(100_000));
                case 3 -> "0." + "0".repeat(50_000) + "1";
                default -> "1" + "0".repeat(400) + ".5";
            };
        }

        private java.util.Optional<String> requiredField(Random random) {
            List<String> required = new ArrayList<>();
            bodySchema.path("required").forEach(r -> required.add(r.asText()));
            return required.isEmpty() ? java.util.Optional.empty()
                    : java.util.Optional.of(required.get(random.nextInt(required.size())));
        }

        private static String wrongType(Random random, JsonNode schema) {
            String type = schema.path("type").isArray() ? schema.path("type").toString() : schema.path("type").asText("");
            List<String> candidates = new ArrayList<>(List.of("[]", "{}", "true", "123456789012345678901234567890"));
            // Only values of another JSON type than the member's.
            candidates.removeIf(c -> (c.equals("[]") && type.contains("array")) || (c.equals("{}") && type.contains("object"))
                    || (c.equals("true") && type.contains("boolean")) || (c.startsWith("1") && type.contains("number")));
            if (!type.equals("string")) {
                candidates.add("\"" + "not-" + type + "\"");
            }
            return candidates.get(random.nextInt(candidates.size()));
        }

        private static byte[] invalidUtf8(String field) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8("{\"" + field + "\":\"a"));
            out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
            out.writeBytes(utf8("\"}"));
            return out.toByteArray();
        }

        private static byte[] truncated(Random random, String field) {
            String full = "{\"" + field + "\":\"value\",\"price\":\"1.000\",\"status\":\"draft\"}";
            return utf8(full.substring(0, 1 + random.nextInt(full.length() - 2)));
        }

        private static byte[] manyFields(Random random) {
            StringBuilder json = new StringBuilder("{");
            int count = 1_000 + random.nextInt(20_000);
            for (int i = 0; i < count; i++) {
                json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":[]");
            }
            return utf8(json.append(",\"name\":[]}").toString());
        }

        private static byte[] utf8(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }
}
