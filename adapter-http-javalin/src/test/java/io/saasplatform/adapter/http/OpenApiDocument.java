package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The hand-written OpenAPI document as tests read it: its operations, the operation a concrete request path hits, and
 * {@code $ref} resolution within the document (nodes are returned with their JSON pointer, so that schemas can be
 * compiled from their place in the document and resolve their own references from there).
 */
final class OpenApiDocument {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{[^}/]+}");

    /** A node of the document and its JSON pointer ({@code /paths/~1auth~1me/get}). */
    record Located(JsonNode node, String pointer) {
        Located child(String name) {
            return new Located(node.path(name), pointer + "/" + escape(name));
        }
    }

    /** One operation: {@code GET /tenants/me/members/{userId}} and its node. */
    record Operation(String method, String pathTemplate, Located node) {
        String key() {
            return key(method, pathTemplate);
        }

        /** A route key that ignores parameter names: {@code PATCH /tenants/me/members/{}}. */
        static String key(String method, String pathTemplate) {
            return method.toUpperCase(Locale.ROOT) + " " + TEMPLATE_PARAM.matcher(pathTemplate).replaceAll("{}");
        }

        List<String> tags() {
            List<String> tags = new ArrayList<>();
            node.node().path("tags").forEach(tag -> tags.add(tag.asText()));
            return tags;
        }
    }

    private final String text;
    private final JsonNode root;
    private final List<Operation> operations;

    private OpenApiDocument(String text, JsonNode root) {
        this.text = text;
        this.root = root;
        this.operations = readOperations(root);
    }

    /** The document the server serves, from the main classpath. */
    static OpenApiDocument served() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(ApiDocsRoutes.DOCUMENT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocsRoutes.DOCUMENT_RESOURCE + " is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiDocument parse(String json) {
        try {
            return new OpenApiDocument(json, new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON document", e);
        }
    }

    String text() {
        return text;
    }

    JsonNode root() {
        return root;
    }

    List<Operation> operations() {
        return operations;
    }

    /** Route keys of every documented operation (see {@link Operation#key(String, String)}). */
    Set<String> operationKeys() {
        Set<String> keys = new TreeSet<>();
        operations.forEach(operation -> keys.add(operation.key()));
        return keys;
    }

    /**
     * The operation a request hits, matching a concrete path against the path templates; literal segments win over
     * parameters, as in the router. Empty when no documented operation has this method and path.
     */
    Optional<Operation> operation(String method, String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        return operations.stream()
                .filter(operation -> operation.method().equalsIgnoreCase(method))
                .filter(operation -> matches(operation.pathTemplate(), path))
                .max(Comparator.comparingLong(operation -> literalSegments(operation.pathTemplate())));
    }

    /** Follows {@code $ref}s (local ones only: the document is self-contained) to the node they name. */
    Located resolve(Located located) {
        Located current = located;
        for (int hops = 0; current.node().has("$ref"); hops++) {
            if (hops > 20) {
                throw new IllegalStateException("$ref cycle at " + located.pointer());
            }
            String ref = current.node().get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local $refs are supported, got " + ref);
            }
            String pointer = ref.substring(1);
            JsonNode target = root.at(pointer);
            if (target.isMissingNode()) {
                throw new IllegalStateException("unresolvable $ref " + ref + " at " + current.pointer());
            }
            current = new Located(target, pointer);
        }
        return current;
    }

    private static List<Operation> readOperations(JsonNode root) {
        List<Operation> operations = new ArrayList<>();
        Located paths = new Located(root.path("paths"), "/paths");
        for (Map.Entry<String, JsonNode> path : paths.node().properties()) {
            Located pathItem = paths.child(path.getKey());
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                if (METHODS.contains(entry.getKey())) {
                    operations.add(new Operation(entry.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            pathItem.child(entry.getKey())));
                }
            }
        }
        return List.copyOf(operations);
    }

    private static boolean matches(String template, String path) {
        String[] expected = template.split("/", -1);
        String[] actual = path.split("/", -1);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = TEMPLATE_PARAM.matcher(expected[i]).matches();
            if (parameter ? actual[i].isEmpty() : !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static long literalSegments(String template) {
        return java.util.Arrays.stream(template.split("/"))
                .filter(segment -> !TEMPLATE_PARAM.matcher(segment).matches())
                .count();
    }

    /** RFC 6901: {@code ~} and {@code /} inside a member name. */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
