package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import io.saasplatform.adapter.http.OpenApiDocument.Located;
import io.saasplatform.adapter.http.OpenApiDocument.Operation;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a real HTTP response against the OpenAPI document: the operation (method and path template) must document
 * the status; the body must match the schema of that status and content type, with {@code $ref}s resolved in the
 * document; required response headers must be present and every documented header must match its schema. Responses
 * of routes the document does not describe (test-only routes, unknown paths, wrong methods) are not judged, except
 * that a problem+json body must still be a {@code Problem}.
 */
final class OpenApiValidator {
    /** Where the document lives for the schema registry; never fetched, the registry is given the text. */
    private static final String BASE_IRI = "https://saasplatform.io/openapi.json";
    private static final String PROBLEM_SCHEMA = "/components/schemas/Problem";
    private static final String UNEVALUATED = "unevaluatedProperties";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request as the validator needs it. */
    record Exchange(String method, String rawPath, int status, HttpHeaders headers, String body) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The media type without parameters, lower case; empty when there is no Content-Type. */
        Optional<String> mediaType() {
            return header("Content-Type").map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT));
        }
    }

    private final OpenApiDocument document;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    OpenApiValidator(OpenApiDocument document) {
        this.document = document;
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                // "format" is only an annotation in JSON Schema 2020-12; uuid and date-time must hold here.
                .formatAssertionsEnabled(true)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemaRegistryConfig(config)
                .schemas(Map.of(BASE_IRI, document.text())));
    }

    /** The validator for the document the server serves; built once per JVM, it compiles schemas on first use. */
    static OpenApiValidator served() {
        return Served.INSTANCE;
    }

    private static final class Served {
        static final OpenApiValidator INSTANCE = new OpenApiValidator(OpenApiDocument.served());
    }

    OpenApiDocument document() {
        return document;
    }

    /** @throws AssertionError listing every way the response departs from the document */
    void assertConforms(Exchange exchange) {
        List<String> violations = violations(exchange);
        if (!violations.isEmpty()) {
            throw new AssertionError("Response to " + exchange.method() + " " + exchange.rawPath() + " ("
                    + exchange.status() + ") does not conform to the OpenAPI document:\n  - "
                    + String.join("\n  - ", violations) + "\nbody: " + abbreviate(exchange.body()));
        }
    }

    List<String> violations(Exchange exchange) {
        boolean head = exchange.method().equalsIgnoreCase("HEAD");
        Optional<Operation> operation = document.operation(head ? "GET" : exchange.method(), exchange.rawPath());
        if (operation.isEmpty()) {
            return undocumentedRoute(exchange);
        }
        Operation op = operation.get();
        Located responses = op.node().child("responses");
        String status = Integer.toString(exchange.status());
        if (!responses.node().has(status)) {
            return List.of("status " + status + " is not documented for " + op.method() + " " + op.pathTemplate()
                    + "; documented: " + names(responses.node()));
        }
        Located response = document.resolve(responses.child(status));
        List<String> violations = new ArrayList<>(headerViolations(response, exchange));
        if (!head && exchange.status() != 304) {
            violations.addAll(bodyViolations(response, exchange));
            violations.addAll(problemCodeViolations(op, status, exchange));
        }
        return violations;
    }

    /** A problem's {@code code} must be one the operation lists for that status in {@code x-problem-codes}. */
    private static List<String> problemCodeViolations(Operation op, String status, Exchange exchange) {
        Optional<String> media = exchange.mediaType();
        if (media.isEmpty() || !media.get().equals(Problem.MEDIA_TYPE) || exchange.body() == null) {
            return List.of();
        }
        JsonNode listed = op.node().node().path("x-problem-codes").path(status);
        String code;
        try {
            code = JSON.readTree(exchange.body()).path("code").asText(null);
        } catch (java.io.IOException e) {
            return List.of();
        }
        for (JsonNode documented : listed) {
            if (documented.asText().equals(code)) {
                return List.of();
            }
        }
        return List.of("problem code " + code + " is not listed in x-problem-codes." + status + " of " + op.method()
                + " " + op.pathTemplate() + ": " + listed);
    }

    /** Violations of a JSON text against a schema of the document given by its JSON pointer. */
    List<String> schemaViolations(String pointer, String json) {
        List<Error> errors;
        try {
            errors = schema(pointer).validate(json, InputFormat.JSON);
        } catch (RuntimeException notJson) {
            return List.of("the body is not valid JSON: " + notJson.getMessage());
        }
        // JSON Schema drops the annotations of a failing subschema, so once a member of an allOf part is wrong,
        // unevaluatedProperties reports every member as unknown as well: show those only when nothing else failed.
        if (errors.stream().anyMatch(error -> !UNEVALUATED.equals(error.getKeyword()))) {
            errors = errors.stream().filter(error -> !UNEVALUATED.equals(error.getKeyword())).toList();
        }
        return errors.stream()
                .map(error -> at(error) + error.getMessage() + " [" + error.getSchemaLocation() + "]")
                .toList();
    }

    private List<String> undocumentedRoute(Exchange exchange) {
        Optional<String> media = exchange.mediaType();
        if (media.isPresent() && media.get().equals(Problem.MEDIA_TYPE)) {
            return schemaViolations(PROBLEM_SCHEMA, exchange.body());
        }
        return List.of();
    }

    private List<String> headerViolations(Located response, Exchange exchange) {
        List<String> violations = new ArrayList<>();
        Located headers = response.child("headers");
        for (Map.Entry<String, JsonNode> entry : headers.node().properties()) {
            String name = entry.getKey();
            Located header = document.resolve(headers.child(name));
            Optional<String> value = exchange.header(name);
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean(false)) {
                    violations.add("required header " + name + " is missing");
                }
                continue;
            }
            Located schema = header.child("schema");
            boolean integer = document.resolve(schema).node().path("type").asText().equals("integer");
            String json = integer && value.get().matches("-?[0-9]{1,18}") ? value.get() : quote(value.get());
            schemaViolations(schema.pointer(), json).forEach(v -> violations.add("header " + name + ": " + v));
        }
        return violations;
    }

    private List<String> bodyViolations(Located response, Exchange exchange) {
        JsonNode content = response.node().path("content");
        String body = exchange.body() == null ? "" : exchange.body();
        if (content.isMissingNode() || content.isEmpty()) {
            return body.isEmpty() ? List.of() : List.of("no body is documented, but one was sent");
        }
        Optional<String> media = exchange.mediaType();
        if (media.isEmpty() || !content.has(media.get())) {
            return List.of("content type " + exchange.header("Content-Type").orElse("(none)")
                    + " is not documented; documented: " + names(content));
        }
        if (!isJson(media.get())) {
            // Documented as a string (the HTML page, the script): nothing structural to check.
            return List.of();
        }
        String pointer = response.child("content").child(media.get()).child("schema").pointer();
        return schemaViolations(pointer, body);
    }

    private Schema schema(String pointer) {
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE_IRI + "#" + p)));
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String at(Error error) {
        String location = String.valueOf(error.getInstanceLocation());
        return location.isEmpty() || location.equals("$") ? "" : location + ": ";
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> names = new TreeSet<>();
        object.properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "(none)";
        }
        return body.length() > 600 ? body.substring(0, 600) + "…" : body;
    }
}
