package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.MediaUseCase.ImageChoice;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The media routes' wire format over a fake port; every answer is checked against the OpenAPI document. */
class MediaRoutesTest {
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void given_an_allowed_image_when_starting_an_upload_then_201_with_location_and_upload_instructions() {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"../../etc/mug.png\",\"contentType\":\"image/png\",\"byteSize\":1234}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode ticket = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/tenants/me/media/" + ticket.get("mediaId").asText());
        assertThat(ticket.get("status").asText()).isEqualTo("pending");
        assertThat(ticket.at("/upload/method").asText()).isEqualTo("PUT");
        assertThat(ticket.at("/upload/headers/Content-Type").asText()).isEqualTo("image/png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "text/html", "application/octet-stream", "image/gif"})
    void given_a_type_that_is_not_an_allowed_image_when_starting_an_upload_then_415_naming_content_type(String type) {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"x\",\"contentType\":\"" + type + "\",\"byteSize\":10}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(415);
        assertThat(reply.json().get("field").asText()).isEqualTo("contentType");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, FakeMedia.MAX_BYTES + 1})
    void given_a_size_out_of_bounds_when_starting_an_upload_then_413_naming_byte_size(long size) {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"x.png\",\"contentType\":\"image/png\",\"byteSize\":" + size + "}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.json().get("field").asText()).isEqualTo("byteSize");
    }

    @Test
    void given_a_content_type_or_filename_over_its_documented_bound_when_starting_an_upload_then_400_naming_it() {
        CatalogRoutesTest.assertValidationProblem(fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"x.png\",\"contentType\":\"image/" + "p".repeat(250) + "\",\"byteSize\":10}"),
                "contentType");
        CatalogRoutesTest.assertValidationProblem(fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"" + "x".repeat(4097) + "\",\"contentType\":\"image/png\",\"byteSize\":10}"),
                "filename");
    }

    @Test
    void given_a_title_over_its_bound_and_an_unknown_logo_when_putting_the_storefront_config_then_400_naming_title() {
        Reply reply = fx.sendJson("PUT", "/tenants/me/storefront-config", fx.aliceInAcme(),
                "{\"title\":\"" + "t".repeat(81) + "\",\"logoMediaId\":\"" + UUID.randomUUID() + "\"}");

        CatalogRoutesTest.assertValidationProblem(reply, "title");
    }

    @Test
    void given_a_filename_with_a_nul_when_starting_an_upload_then_400_naming_filename() {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":\"a\\u0000.png\",\"contentType\":\"image/png\",\"byteSize\":10}");

        CatalogRoutesTest.assertValidationProblem(reply, "filename");
    }

    @Test
    void given_every_upload_member_wrong_at_once_then_one_400_lists_each_of_them_and_nothing_starts() {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/uploads", fx.aliceInAcme(),
                "{\"filename\":7,\"contentType\":null,\"byteSize\":\"ten\",\"colour\":\"red\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("filename", "contentType", "byteSize", "colour");
    }

    @Test
    void given_an_unknown_member_in_the_product_images_then_400_naming_it() {
        Reply reply = fx.sendJson("PUT", "/tenants/me/products/" + UUID.randomUUID() + "/images", fx.aliceInAcme(),
                "{\"mediaIds\":[],\"colour\":\"red\"}");

        CatalogRoutesTest.assertValidationProblem(reply, "colour");
    }

    @Test
    void given_a_mismatch_at_completion_then_422_problem() {
        Reply reply = fx.sendJson("POST", "/tenants/me/media/" + UUID.randomUUID() + "/complete", fx.aliceInAcme(), "");

        assertThat(reply.status()).as(reply.body()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void given_ids_and_objects_with_alt_when_setting_product_images_then_both_forms_reach_the_port_in_order() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Reply reply = fx.sendJson("PUT", "/tenants/me/products/" + FakeCatalog.BOOT.id() + "/images", fx.aliceInAcme(),
                "{\"mediaIds\":[\"" + a + "\",{\"mediaId\":\"" + b + "\",\"alt\":\"side view\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/images/1/alt").asText()).isEqualTo("side view");
        assertThat(fx.media.imageWrites.getLast()).containsExactly(new ImageChoice(a, null), new ImageChoice(b, "side view"));
    }

    @Test
    void given_thirteen_images_or_a_bad_element_when_setting_product_images_then_400_naming_the_element() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 13; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(UUID.randomUUID()).append('"');
        }
        String path = "/tenants/me/products/" + FakeCatalog.BOOT.id() + "/images";

        CatalogRoutesTest.assertValidationProblem(
                fx.sendJson("PUT", path, fx.aliceInAcme(), "{\"mediaIds\":[" + ids + "]}"), "mediaIds");
        CatalogRoutesTest.assertValidationProblem(
                fx.sendJson("PUT", path, fx.aliceInAcme(), "{\"mediaIds\":[\"nope\"]}"), "mediaIds[0]");
        CatalogRoutesTest.assertValidationProblem(
                fx.sendJson("PUT", path, fx.aliceInAcme(), "{\"mediaIds\":[{\"mediaId\":1}]}"), "mediaIds[0].mediaId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "http://example.com", "ftp://example.com/x", "https://", "//x.y"})
    void given_a_link_that_is_not_https_when_putting_the_storefront_config_then_400_naming_the_link_url(String url) {
        Reply reply = fx.sendJson("PUT", "/tenants/me/storefront-config", fx.aliceInAcme(),
                "{\"title\":\"Acme\",\"links\":[{\"label\":\"x\",\"url\":\"" + url + "\"}]}");

        CatalogRoutesTest.assertValidationProblem(reply, "links.url");
    }

    @Test
    void given_no_config_yet_when_reading_then_the_defaults_with_etag_v0_and_the_public_face_is_cacheable() {
        fx.media.config = io.saasplatform.domain.StorefrontConfig.defaultsFor(FakeUseCases.ACME.name());
        Reply config = fx.api.send(fx.withBearer("/tenants/me/storefront-config", fx.aliceInAcme()).GET());

        assertThat(config.status()).as(config.body()).isEqualTo(200);
        assertThat(config.header("ETag")).isEqualTo("\"v0\"");
        assertThat(config.json().get("title").asText()).isEqualTo(FakeUseCases.ACME.name());

        Reply shop = fx.api.get("/storefront/" + FakeUseCases.ACME.slug());
        assertThat(shop.status()).as(shop.body()).isEqualTo(200);
        assertThat(shop.json().get("logo").isNull()).isTrue();
        Reply again = fx.api.send(fx.api.request("/storefront/" + FakeUseCases.ACME.slug())
                .header("If-None-Match", shop.header("ETag")).GET());
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void given_a_refused_upload_token_then_403_problem_and_an_unknown_media_object_is_404() {
        Reply put = fx.api.send(fx.api.request("/media-uploads/whatever")
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2})));
        assertThat(put.status()).as(put.body()).isEqualTo(403);

        Reply get = fx.api.get("/media/" + UUID.randomUUID() + "/" + UUID.randomUUID());
        assertThat(get.status()).isEqualTo(404);
        assertThat(fx.api.get("/media/..%2F..%2Fetc/passwd").status()).isEqualTo(404);
    }

    @Test
    void given_detach_that_is_neither_true_nor_false_when_deleting_then_400_naming_detach() {
        Reply reply = fx.api.send(fx.withBearer("/tenants/me/media/" + UUID.randomUUID() + "?detach=yes",
                fx.aliceInAcme()).DELETE());

        CatalogRoutesTest.assertValidationProblem(reply, "detach");
        assertThat(List.of(reply.status())).containsExactly(400);
    }
}
