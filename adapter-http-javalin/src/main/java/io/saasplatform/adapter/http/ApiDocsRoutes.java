package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The API describing itself: the hand-written OpenAPI document at {@code /openapi.json} and Swagger UI at
 * {@code /docs}, whose assets come from the {@code org.webjars:swagger-ui} jar on the classpath (served under
 * {@code /webjars/}, never from a CDN).
 */
final class ApiDocsRoutes implements RouteGroup {
    static final String DOCUMENT_PATH = "/openapi.json";
    static final String PAGE_PATH = "/docs";
    static final String INITIALIZER_PATH = "/docs/swagger-initializer.js";
    static final String DOCUMENT_RESOURCE = "/openapi/openapi.json";
    private static final String SWAGGER_UI_POM_PROPERTIES = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /**
     * Only this server's scripts run (the initializer is a file for that reason, not an inline script), and the page
     * talks to this server only. Swagger UI draws its icons as {@code data:} images, and some of its widgets apply
     * inline styles (swagger-api/swagger-ui#10655): those two are allowed, being unable to run code.
     */
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final byte[] document;
    private final String documentETag;
    private final String page;
    private final String initializer;

    ApiDocsRoutes(ObjectMapper mapper) {
        this.document = readResource(DOCUMENT_RESOURCE);
        requireOpenApi31(mapper, document);
        this.documentETag = strongETag(document);
        this.page = page(swaggerUiAssets(readSwaggerUiVersion()));
        this.initializer = initializer();
    }

    /** Where Javalin's webjar support serves the Swagger UI files, e.g. {@code /webjars/swagger-ui/5.34.1}. */
    private static String swaggerUiAssets(String version) {
        return "/webjars/swagger-ui/" + version;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get(DOCUMENT_PATH, this::document);
        routes.get(PAGE_PATH, ctx -> ctx
                .header("Content-Security-Policy", PAGE_CSP)
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/html; charset=utf-8")
                .result(page));
        routes.get(INITIALIZER_PATH, ctx -> ctx
                .header("X-Content-Type-Options", "nosniff")
                .contentType("text/javascript; charset=utf-8")
                .result(initializer));
    }

    private void document(Context ctx) {
        // Cached by the client but revalidated on every use: the document changes with each deployment.
        ctx.header("Cache-Control", "no-cache").header("ETag", documentETag);
        if (matches(EntityTags.ifNoneMatch(ctx), documentETag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(document);
    }

    /** RFC 9110 section 13.1.2: a list of entity tags or {@code *}, compared weakly. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = stripWeak(etag);
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .anyMatch(candidate -> candidate.equals("*") || stripWeak(candidate).equals(opaque));
    }

    private static String stripWeak(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    private static String page(String assets) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>SaaS Platform API</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                  <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png" sizes="32x32">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script src="%2$s"></script>
                </body>
                </html>
                """.formatted(assets, INITIALIZER_PATH);
    }

    private static String initializer() {
        // validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
        return """
                window.addEventListener("load", function () {
                  window.ui = SwaggerUIBundle({
                    url: "%s",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    validatorUrl: null,
                    presets: [SwaggerUIBundle.presets.apis],
                    layout: "BaseLayout"
                  });
                });
                """.formatted(DOCUMENT_PATH);
    }

    private static void requireOpenApi31(ObjectMapper mapper, byte[] document) {
        JsonNode root;
        try {
            root = mapper.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException(DOCUMENT_RESOURCE + " is not valid JSON", e);
        }
        if (!root.path("openapi").asText().startsWith("3.1.")) {
            throw new IllegalStateException(DOCUMENT_RESOURCE + " must be an OpenAPI 3.1 document");
        }
    }

    private static String readSwaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(SWAGGER_UI_POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = properties.getProperty("version");
        if (version == null || !version.matches("[0-9A-Za-z.-]+")) {
            throw new IllegalStateException("no usable version in " + SWAGGER_UI_POM_PROPERTIES + ": " + version);
        }
        return version;
    }

    private static byte[] readResource(String name) {
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String strongETag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
