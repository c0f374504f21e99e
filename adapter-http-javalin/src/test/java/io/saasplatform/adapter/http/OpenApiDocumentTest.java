package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saasplatform.adapter.http.OpenApiDocument.Located;
import io.saasplatform.adapter.http.OpenApiDocument.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** House rules of the hand-written document, so that a slip while editing it fails here rather than in a client. */
class OpenApiDocumentTest {
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}/]+)}");
    private final OpenApiDocument document = OpenApiDocument.served();

    @Test
    void it_is_openapi_3_1_with_a_relative_server_and_bearer_jwt_security() {
        JsonNode root = document.root();

        assertThat(root.get("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(root.at("/servers/0/url").asText()).isEqualTo("/");
        JsonNode bearer = root.at("/components/securitySchemes/bearerAuth");
        assertThat(bearer.get("type").asText()).isEqualTo("http");
        assertThat(bearer.get("scheme").asText()).isEqualTo("bearer");
        assertThat(bearer.get("bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void every_ref_resolves() {
        List<String> broken = new ArrayList<>();
        walk(document.root(), "", (node, pointer) -> {
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#/") || document.root().at(ref.substring(1)).isMissingNode()) {
                    broken.add(pointer + " -> " + ref);
                }
            }
        });
        assertThat(broken).isEmpty();
    }

    @Test
    void every_path_parameter_is_declared_required_and_every_declared_one_is_in_the_path() {
        List<String> problems = new ArrayList<>();
        for (Operation operation : document.operations()) {
            Set<String> inTemplate = new TreeSet<>();
            Matcher matcher = TEMPLATE_PARAM.matcher(operation.pathTemplate());
            while (matcher.find()) {
                inTemplate.add(matcher.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : operation.node().node().path("parameters")) {
                JsonNode resolved = document.resolve(new Located(parameter, "")).node();
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                    if (!resolved.path("required").asBoolean(false)) {
                        problems.add(operation.key() + ": path parameter " + resolved.path("name") + " not required");
                    }
                }
            }
            if (!inTemplate.equals(declared)) {
                problems.add(operation.method() + " " + operation.pathTemplate() + ": template " + inTemplate
                        + " but declared " + declared);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void operation_ids_are_unique_and_every_operation_has_a_tag_and_explicit_security() {
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Operation operation : document.operations()) {
            JsonNode node = operation.node().node();
            if (!ids.add(node.path("operationId").asText())) {
                problems.add("duplicate operationId " + node.path("operationId"));
            }
            if (operation.tags().isEmpty()) {
                problems.add(operation.key() + " has no tag");
            }
            if (!node.has("security")) {
                problems.add(operation.key() + " does not say whether it needs a token");
            } else if (!node.get("security").isEmpty() && !node.at("/responses/401").isObject()) {
                problems.add(operation.key() + " needs a token but documents no 401");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_response_carries_the_request_id_and_every_error_is_problem_json() {
        List<String> problems = new ArrayList<>();
        forEachResponse((where, status, response) -> {
            if (!response.node().at("/headers/X-Request-Id").isObject()) {
                problems.add(where + " lacks X-Request-Id");
            }
            if (status >= 400) {
                Set<String> types = new TreeSet<>();
                response.node().path("content").properties().forEach(entry -> types.add(entry.getKey()));
                if (!types.equals(Set.of(Problem.MEDIA_TYPE))) {
                    problems.add(where + " is an error but not problem+json: " + types);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_object_in_a_response_body_is_closed_so_that_undocumented_members_fail_validation() {
        List<String> open = new ArrayList<>();
        forEachResponse((where, status, response) -> {
            if (where.startsWith("GET " + ApiDocsRoutes.DOCUMENT_PATH + " ")) {
                return; // the document itself, an OpenAPI object
            }
            response.node().path("content").properties().forEach(media ->
                    collectOpenObjects(document, response.child("content").child(media.getKey()).child("schema"),
                            false, new HashSet<>(), open));
        });
        assertThat(open).isEmpty();
    }

    @Test
    void nullable_is_said_the_3_1_way() {
        List<String> legacy = new ArrayList<>();
        walk(document.root(), "", (node, pointer) -> {
            if (node.has("nullable")) {
                legacy.add(pointer);
            }
        });
        assertThat(legacy).as("OpenAPI 3.0's nullable; use type: [\"string\", \"null\"]").isEmpty();
    }

    @Test
    void given_an_object_left_open_when_checking_closure_then_it_is_reported() {
        ObjectNode root = document.root().deepCopy();
        ((ObjectNode) root.at("/components/schemas/Member")).remove("additionalProperties");
        OpenApiDocument spoiled = OpenApiDocument.parse(root.toString());
        List<String> open = new ArrayList<>();

        collectOpenObjects(spoiled, new Located(root.at("/components/schemas/Members"), "/components/schemas/Members"),
                false, new HashSet<>(), open);

        assertThat(open).containsExactly("/components/schemas/Member");
    }

    // --- helpers

    private interface ResponseVisitor {
        void visit(String where, int status, Located response);
    }

    private interface NodeVisitor {
        void visit(JsonNode node, String pointer);
    }

    private void forEachResponse(ResponseVisitor visitor) {
        for (Operation operation : document.operations()) {
            Located responses = operation.node().child("responses");
            responses.node().properties().forEach(entry -> visitor.visit(
                    operation.method() + " " + operation.pathTemplate() + " " + entry.getKey(),
                    Integer.parseInt(entry.getKey()),
                    document.resolve(responses.child(entry.getKey()))));
        }
    }

    /**
     * Objects must be closed with {@code additionalProperties: false} (or, when composed with allOf, with
     * {@code unevaluatedProperties: false} on the composing schema); maps, whose additionalProperties is a schema,
     * are closed by that schema.
     */
    private static void collectOpenObjects(OpenApiDocument doc, Located schema, boolean insideAllOf, Set<String> seen,
            List<String> open) {
        Located resolved = doc.resolve(schema);
        JsonNode node = resolved.node();
        if (!seen.add(resolved.pointer() + insideAllOf)) {
            return;
        }
        boolean object = node.path("type").asText().equals("object") || node.has("properties");
        JsonNode additional = node.path("additionalProperties");
        boolean closed = additional.isObject() || isFalse(additional) || isFalse(node.path("unevaluatedProperties"));
        if (object && !closed && !insideAllOf) {
            open.add(resolved.pointer());
        }
        for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
            collectOpenObjects(doc, resolved.child("properties").child(property.getKey()), false, seen, open);
        }
        if (node.path("additionalProperties").isObject()) {
            collectOpenObjects(doc, resolved.child("additionalProperties"), false, seen, open);
        }
        if (node.has("items")) {
            collectOpenObjects(doc, resolved.child("items"), false, seen, open);
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            JsonNode parts = node.path(combinator);
            for (int i = 0; i < parts.size(); i++) {
                Located part = new Located(parts.get(i), resolved.pointer() + "/" + combinator + "/" + i);
                boolean composed = combinator.equals("allOf") && isFalse(node.path("unevaluatedProperties"));
                collectOpenObjects(doc, part, composed, seen, open);
            }
        }
    }

    private static boolean isFalse(JsonNode node) {
        return node.isBoolean() && !node.asBoolean();
    }

    private static void walk(JsonNode node, String pointer, NodeVisitor visitor) {
        if (node.isObject()) {
            visitor.visit(node, pointer);
            node.properties().forEach(entry -> walk(entry.getValue(),
                    pointer + "/" + OpenApiDocument.escape(entry.getKey()), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }
}
