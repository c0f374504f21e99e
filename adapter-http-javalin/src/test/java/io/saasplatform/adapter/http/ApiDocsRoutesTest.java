package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiDocsRoutesTest {
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static RunningApi api;

    @BeforeAll
    static void start() {
        api = new RunningApi(new HttpApi(HttpApi.Settings.defaults(), List.of()));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void given_the_docs_page_when_fetched_then_html_loading_swagger_ui_from_the_local_webjar_only() {
        Reply reply = api.get("/docs");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/html");
        String assets = "/webjars/swagger-ui/" + webjarVersion();
        assertThat(assets(reply.body())).containsExactlyInAnyOrder(
                assets + "/swagger-ui.css",
                assets + "/favicon-32x32.png",
                assets + "/swagger-ui-bundle.js",
                ApiDocsRoutes.INITIALIZER_PATH);
        assertThat(reply.body()).doesNotContain("http://", "https://", "//cdn", "unpkg", "jsdelivr");
    }

    @Test
    void given_every_asset_the_docs_page_references_when_fetched_then_it_is_served() {
        for (String asset : assets(api.get("/docs").body())) {
            Reply reply = api.get(asset);

            assertThat(reply.status()).as(asset).isEqualTo(200);
            assertThat(reply.body()).as(asset).isNotEmpty();
        }
    }

    @Test
    void given_the_swagger_ui_bundle_when_fetched_then_200_javascript() {
        Reply reply = api.get("/webjars/swagger-ui/" + webjarVersion() + "/swagger-ui-bundle.js");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).matches("(text|application)/javascript.*");
        assertThat(reply.body()).contains("SwaggerUIBundle");
    }

    @Test
    void given_the_docs_page_when_fetched_then_its_csp_runs_only_own_scripts_and_the_initializer_is_one() {
        Reply page = api.get("/docs");
        Reply initializer = api.get(ApiDocsRoutes.INITIALIZER_PATH);

        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self';").contains("connect-src 'self';")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-eval");
        // No inline script: every <script> element has a src.
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
        assertThat(initializer.status()).isEqualTo(200);
        assertThat(initializer.contentType()).startsWith("text/javascript");
        assertThat(initializer.body()).contains("SwaggerUIBundle(").contains("url: \"/openapi.json\"")
                .contains("validatorUrl: null");
    }

    @Test
    void given_the_openapi_document_when_fetched_then_json_of_openapi_3_1_revalidated_by_etag() {
        Reply reply = api.get("/openapi.json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode document = reply.json();
        assertThat(document.get("openapi").asText()).matches("3\\.1\\.\\d+");
        assertThat(document.get("paths").size()).isPositive();
        assertThat(reply.body()).isEqualTo(OpenApiDocument.served().text());
        assertThat(reply.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(reply.header("ETag")).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void given_the_current_etag_when_revalidating_the_document_then_304_without_a_body() {
        String etag = api.get("/openapi.json").header("ETag");

        Reply reply = api.send(api.request("/openapi.json").header("If-None-Match", "\"other\", W/" + etag));

        assertThat(reply.status()).isEqualTo(304);
        assertThat(reply.header("ETag")).isEqualTo(etag);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void given_a_stale_etag_when_revalidating_the_document_then_200_with_the_document() {
        Reply reply = api.send(api.request("/openapi.json").header("If-None-Match", "\"stale\""));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().has("paths")).isTrue();
    }

    @Test
    void if_none_match_compares_weakly_and_accepts_lists_and_a_star() {
        assertThat(ApiDocsRoutes.matches("\"a\"", "\"a\"")).isTrue();
        assertThat(ApiDocsRoutes.matches("W/\"a\"", "\"a\"")).isTrue();
        assertThat(ApiDocsRoutes.matches("\"b\", \"a\"", "\"a\"")).isTrue();
        assertThat(ApiDocsRoutes.matches("*", "\"a\"")).isTrue();
        assertThat(ApiDocsRoutes.matches("\"b\"", "\"a\"")).isFalse();
        assertThat(ApiDocsRoutes.matches(null, "\"a\"")).isFalse();
    }

    private static List<String> assets(String html) {
        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        return assets;
    }

    /** Read independently of the production code: the version of the swagger-ui webjar on the classpath. */
    private static String webjarVersion() {
        try (InputStream in = ApiDocsRoutesTest.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            assertThat(in).as("swagger-ui webjar on the classpath").isNotNull();
            String properties = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher version = Pattern.compile("(?m)^version=(.+)$").matcher(properties);
            assertThat(version.find()).isTrue();
            return version.group(1).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
