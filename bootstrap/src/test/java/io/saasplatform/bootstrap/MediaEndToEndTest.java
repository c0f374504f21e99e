package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.bootstrap.RunningPlatform.Response;
import io.saasplatform.testsupport.TestRedis;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Media end to end on real PostgreSQL and Redis with the local object store: upload through the presigned URL,
 * completion, product images, the storefront, deletion through the worker, and every attack of issue 11.
 */
class MediaEndToEndTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final AtomicInteger SHOPS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static RunningPlatform platform;

    @BeforeAll
    static void startPlatform() {
        TestRedis.flushAll();
        platform = RunningPlatform.start(dataDir, Map.of("WORKER_POLL_INTERVAL_MS", "50"));
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    record Shop(String slug, String token, UUID id) {}

    static Shop newShop(RunningPlatform platform) {
        TestRedis.flushAll(); // sign-in is rate limited per address, and every test signs in from 127.0.0.1
        int n = SHOPS.incrementAndGet();
        String slug = "media-" + n + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        String token = platform.ownerOfNewShop("media" + n + "-" + slug + "@example.com", slug, "KWD");
        return new Shop(slug, token, platform.tenantId(token));
    }

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            image.setRGB(x, x % height, 0x3366cc + x);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Response startUpload(RunningPlatform platform, Shop shop, String filename, String type, long size) {
        return platform.post("/tenants/me/media/uploads", shop.token(),
                Map.of("filename", filename, "contentType", type, "byteSize", size));
    }

    /** PUTs {@code body} to the upload URL as a browser would: the given headers, Content-Length from the body. */
    static int put(JsonNode upload, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        upload.get("headers").properties().forEach(h -> {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                request.header(h.getKey(), h.getValue().asText());
            }
        });
        request.header("Content-Type", contentType);
        return send(request).statusCode();
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Upload, PUT and complete: the ready asset's JSON. */
    static JsonNode readyImage(RunningPlatform platform, Shop shop, byte[] png) {
        Response started = startUpload(platform, shop, "image.png", "image/png", png.length);
        assertThat(started.status()).as("%s", started).isEqualTo(201);
        assertThat(put(started.body().get("upload"), "image/png", png)).isEqualTo(200);
        Response completed = platform.post(
                "/tenants/me/media/" + started.text("/mediaId") + "/complete", shop.token(), null);
        assertThat(completed.status()).as("%s", completed).isEqualTo(200);
        return completed.body();
    }

    static String publishedProduct(RunningPlatform platform, Shop shop, String name) {
        Response created = platform.post("/tenants/me/products", shop.token(),
                Map.of("name", name, "price", "1.500", "status", "published"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.text("/id");
    }

    /** The whole path: upload, complete, attach, and the storefront's URL serves exactly the uploaded bytes. */
    static void uploadCompleteAttachAndServe(RunningPlatform platform) {
        Shop shop = newShop(platform);
        byte[] png = png(40, 30);
        JsonNode media = readyImage(platform, shop, png);
        assertThat(media.get("status").asText()).isEqualTo("ready");
        assertThat(media.get("width").asInt()).isEqualTo(40);
        assertThat(media.get("height").asInt()).isEqualTo(30);
        assertThat(media.get("byteSize").asLong()).isEqualTo(png.length);
        String product = publishedProduct(platform, shop, "Mug");

        Response attached = platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(Map.of("mediaId", media.get("id").asText(), "alt", "A blue mug"))),
                "If-Match", "\"v1\"");
        assertThat(attached.status()).as("%s", attached).isEqualTo(200);
        assertThat(attached.header("ETag")).contains("\"v2\"");

        Response storefront = platform.get("/storefront/" + shop.slug() + "/products/mug", null);
        assertThat(storefront.status()).as("%s", storefront).isEqualTo(200);
        JsonNode image = storefront.body().at("/images/0");
        assertThat(image.get("id").asText()).isEqualTo(media.get("id").asText());
        assertThat(image.get("alt").asText()).isEqualTo("A blue mug");
        assertThat(image.get("width").asInt()).isEqualTo(40);
        Response listing = platform.get("/storefront/" + shop.slug() + "/products", null);
        // Compared without the query: on S3 without a CDN every answer presigns anew (X-Amz-Date to the second).
        assertThat(withoutQuery(listing.body().at("/items/0/images/0/url").asText()))
                .isEqualTo(withoutQuery(image.get("url").asText()));
        // The HTML pages read the same images: the front page's card and the product page.
        for (String page : List.of("/shops/" + shop.slug(), "/shops/" + shop.slug() + "/p/mug")) {
            String html = new String(send(HttpRequest.newBuilder(platform.uri(page)).GET()).body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            // The URL is HTML-escaped in the attribute (&amp; between presigned query parameters).
            String src = java.util.regex.Pattern.quote(withoutQuery(image.get("url").asText()));
            assertThat(html).as(page)
                    .containsPattern("src=\"" + src + "(\\?[^\"]*)?\" width=\"40\" height=\"30\" alt=\"A blue mug\"");
        }

        HttpResponse<byte[]> served = send(HttpRequest.newBuilder(URI.create(image.get("url").asText())).GET());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(sha256(served.body())).isEqualTo(sha256(png));
        assertThat(served.headers().firstValue("Content-Type")).contains("image/png");
    }

    @Test
    void given_an_uploaded_png_when_completed_and_attached_then_the_storefront_url_serves_the_same_bytes() {
        uploadCompleteAttachAndServe(platform);
    }

    @Test
    void updated_at_moves_when_an_upload_is_checked_and_when_a_products_images_are_relabelled_or_reordered() {
        Shop shop = newShop(platform);
        byte[] png = png(8, 8);
        Response started = startUpload(platform, shop, "first.png", "image/png", png.length);
        String first = started.text("/mediaId");
        JsonNode pending = platform.get("/tenants/me/media/" + first, shop.token()).body();
        assertThat(put(started.body().get("upload"), "image/png", png)).isEqualTo(200);
        JsonNode ready = platform.post("/tenants/me/media/" + first + "/complete", shop.token(), null).body();
        String second = readyImage(platform, shop, png(9, 9)).get("id").asText();

        assertThat(pending.get("updatedAt").asText()).isEqualTo(pending.get("createdAt").asText());
        assertThat(ready.get("createdAt").asText()).isEqualTo(pending.get("createdAt").asText());
        assertThat(java.time.Instant.parse(ready.get("updatedAt").asText()))
                .isAfter(java.time.Instant.parse(pending.get("updatedAt").asText()));

        String product = publishedProduct(platform, shop, "Relabelled");
        JsonNode attached = platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(Map.of("mediaId", first, "alt", "Front"), Map.of("mediaId", second))),
                "If-Match", "\"v1\"").body();
        JsonNode relabelled = platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(Map.of("mediaId", first, "alt", "Front, in blue"), Map.of("mediaId", second))),
                "If-Match", "\"v2\"").body();
        JsonNode reordered = platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(Map.of("mediaId", second), Map.of("mediaId", first, "alt", "Front, in blue"))),
                "If-Match", "\"v3\"").body();

        assertThat(List.of(relabelled, reordered)).extracting(body -> body.get("createdAt").asText())
                .containsOnly(attached.get("createdAt").asText());
        assertThat(java.time.Instant.parse(relabelled.get("updatedAt").asText()))
                .isAfter(java.time.Instant.parse(attached.get("updatedAt").asText()));
        assertThat(java.time.Instant.parse(reordered.get("updatedAt").asText()))
                .isAfter(java.time.Instant.parse(relabelled.get("updatedAt").asText()));
        assertThat(reordered.at("/images/0/id").asText()).isEqualTo(second);
        assertThat(platform.get("/tenants/me/media/" + first, shop.token()).text("/updatedAt"))
                .isEqualTo(ready.get("updatedAt").asText());
    }

    @Test
    void given_an_image_larger_than_the_json_body_limit_then_the_platform_upload_route_still_takes_it_whole() {
        Shop shop = newShop(platform);
        byte[] small = png(16, 16);
        // A valid PNG followed by 3 MiB of padding: over MAX_BODY_BYTES (1 MiB), under MEDIA_MAX_BYTES (10 MiB).
        byte[] big = java.util.Arrays.copyOf(small, small.length + 3 * 1024 * 1024);

        JsonNode media = readyImage(platform, shop, big);

        assertThat(media.get("byteSize").asLong()).isEqualTo(big.length);
        HttpResponse<byte[]> served = send(HttpRequest.newBuilder(URI.create(media.get("url").asText())).GET());
        assertThat(sha256(served.body())).isEqualTo(sha256(big));
    }

    @Test
    void given_a_ready_image_then_it_is_served_immutable_with_nosniff_and_its_object_key_holds_only_ids() {
        Shop shop = newShop(platform);
        JsonNode media = readyImage(platform, shop, png(8, 8));

        HttpResponse<byte[]> served = send(HttpRequest.newBuilder(URI.create(media.get("url").asText())).GET());

        assertThat(served.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(dataDir.resolve("media/tenants/" + shop.id() + "/media/" + media.get("id").asText())).exists();
    }

    @Test
    void given_html_uploaded_as_a_declared_png_when_completing_then_422_rejected_deleted_and_never_served() {
        Shop shop = newShop(platform);
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        Response started = startUpload(platform, shop, "cat.png", "image/png", html.length);
        String id = started.text("/mediaId");
        assertThat(put(started.body().get("upload"), "image/png", html)).isEqualTo(200);

        Response completed = platform.post("/tenants/me/media/" + id + "/complete", shop.token(), null);

        assertThat(completed.status()).as("%s", completed).isEqualTo(422);
        assertThat(completed.isProblem()).isTrue();
        assertThat(platform.get("/tenants/me/media/" + id, shop.token()).text("/status")).isEqualTo("rejected");
        assertThat(dataDir.resolve("media/tenants/" + shop.id() + "/media/" + id)).doesNotExist();
        assertThat(send(HttpRequest.newBuilder(platform.uri("/media/" + shop.id() + "/" + id)).GET()).statusCode())
                .isEqualTo(404);
        Response again = platform.post("/tenants/me/media/" + id + "/complete", shop.token(), null);
        assertThat(again.status()).isEqualTo(422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "text/html", "application/octet-stream"})
    void given_a_declared_type_that_is_no_allowed_image_then_415_and_nothing_stored(String type) {
        Shop shop = newShop(platform);

        Response started = startUpload(platform, shop, "x.svg", type, 100);

        assertThat(started.status()).as("%s", started).isEqualTo(415);
        assertThat(started.text("/field")).isEqualTo("contentType");
        assertThat(mediaRows(shop)).isZero();
    }

    @Test
    void given_a_size_over_the_maximum_then_413_and_nothing_stored() {
        Shop shop = newShop(platform);

        Response started = startUpload(platform, shop, "big.png", "image/png", 10L * 1024 * 1024 + 1);

        assertThat(started.status()).as("%s", started).isEqualTo(413);
        assertThat(mediaRows(shop)).isZero();
    }

    @Test
    void given_an_empty_body_or_more_bytes_than_declared_or_another_type_then_the_put_is_refused_and_nothing_stored() {
        Shop shop = newShop(platform);
        byte[] png = png(10, 10);
        Response started = startUpload(platform, shop, "a.png", "image/png", png.length);
        JsonNode upload = started.body().get("upload");

        assertThat(put(upload, "image/png", new byte[0])).isEqualTo(403);
        byte[] longer = java.util.Arrays.copyOf(png, png.length + 1);
        assertThat(put(upload, "image/png", longer)).isEqualTo(403);
        assertThat(put(upload, "text/html", png)).isEqualTo(403);

        assertThat(dataDir.resolve("media/tenants/" + shop.id() + "/media/" + started.text("/mediaId"))).doesNotExist();
        Response completed = platform.post("/tenants/me/media/" + started.text("/mediaId") + "/complete",
                shop.token(), null);
        assertThat(completed.status()).as("%s", completed).isEqualTo(409);
    }

    @Test
    void given_a_tampered_token_or_one_replayed_for_another_media_id_then_403_and_nothing_stored() {
        Shop shop = newShop(platform);
        byte[] png = png(10, 10);
        JsonNode first = startUpload(platform, shop, "a.png", "image/png", png.length).body();
        JsonNode second = startUpload(platform, shop, "b.png", "image/png", png.length).body();
        String url = first.at("/upload/url").asText();
        String token = url.substring(url.lastIndexOf('/') + 1);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace(first.get("mediaId").asText(), second.get("mediaId").asText())
                        .getBytes(StandardCharsets.UTF_8)) + token.substring(token.indexOf('.'));

        HttpResponse<byte[]> replayed = send(HttpRequest.newBuilder(platform.uri("/media-uploads/" + forged))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)));
        HttpResponse<byte[]> tampered = send(HttpRequest.newBuilder(platform.uri("/media-uploads/" + token + "x"))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)));

        assertThat(replayed.statusCode()).isEqualTo(403);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(dataDir.resolve("media/tenants/" + shop.id() + "/media/" + second.get("mediaId").asText()))
                .doesNotExist();
        assertThat(put(first.get("upload"), "image/png", png)).isEqualTo(200);
        assertThat(put(first.get("upload"), "image/png", png(10, 11))).as("a used token").isEqualTo(403);
    }

    @Test
    void given_hostile_filenames_then_they_are_stored_sanitised_and_never_used_as_a_path() {
        Shop shop = newShop(platform);
        Map<String, String> sent = Map.of(
                "../../../etc/passwd.png", "passwd.png",
                "x".repeat(2000) + ".png", "x".repeat(255),
                "evil\u202Egnp.exe", "evilgnp.exe",
                "..\\..\\boot.ini", "boot.ini");
        for (var entry : sent.entrySet()) {
            Response started = startUpload(platform, shop, entry.getKey(), "image/png", 10);
            assertThat(started.status()).as("%s", started).isEqualTo(201);
            String stored = platform.get("/tenants/me/media/" + started.text("/mediaId"), shop.token())
                    .text("/filename");
            assertThat(stored).isEqualTo(entry.getValue());
            assertThat(started.text("/upload/url")).doesNotContain("passwd").doesNotContain("boot");
        }
        Response nul = startUpload(platform, shop, "a\u0000b.png", "image/png", 10);
        assertThat(nul.status()).as("%s", nul).isEqualTo(400);
        assertThat(nul.text("/field")).isEqualTo("filename");
    }

    @Test
    void given_tenant_b_when_completing_attaching_reading_or_deleting_media_of_tenant_a_then_404_and_unchanged() {
        Shop a = newShop(platform);
        Shop b = newShop(platform);
        JsonNode media = readyImage(platform, a, png(12, 12));
        String id = media.get("id").asText();
        String productOfB = publishedProduct(platform, b, "Thief");

        assertThat(platform.post("/tenants/me/media/" + id + "/complete", b.token(), null).status()).isEqualTo(404);
        assertThat(platform.get("/tenants/me/media/" + id, b.token()).status()).isEqualTo(404);
        assertThat(platform.delete("/tenants/me/media/" + id, b.token()).status()).isEqualTo(404);
        assertThat(platform.send("PUT", "/tenants/me/products/" + productOfB + "/images", b.token(),
                Map.of("mediaIds", List.of(id))).status()).isEqualTo(404);
        assertThat(platform.send("PUT", "/tenants/me/storefront-config", b.token(),
                Map.of("title", "B", "logoMediaId", id)).status()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(platform.uri("/media/" + b.id() + "/" + id)).GET()).statusCode())
                .isEqualTo(404);

        assertThat(platform.get("/tenants/me/media/" + id, a.token()).text("/status")).isEqualTo("ready");
    }

    @Test
    void given_100_concurrent_upload_requests_of_one_tenant_then_at_most_50_are_pending_and_the_rest_get_429()
            throws Exception {
        Shop shop = newShop(platform);
        List<Callable<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(() -> startUpload(platform, shop, "p.png", "image/png", 10).status());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<Integer> status : pool.invokeAll(requests)) {
                statuses.add(status.get());
            }
        }

        assertThat(statuses).containsOnly(201, 429);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(50);
        assertThat(platform.queryLong("SELECT count(*) FROM media_assets WHERE tenant_id = ? AND status = 'pending'",
                shop.id())).isEqualTo(50);
    }

    @Test
    void given_an_attached_image_when_deleting_then_409_unless_detach_and_the_worker_deletes_its_object() {
        Shop shop = newShop(platform);
        JsonNode media = readyImage(platform, shop, png(9, 9));
        String id = media.get("id").asText();
        String product = publishedProduct(platform, shop, "Plate");
        assertThat(platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(id))).status()).isEqualTo(200);
        Path object = dataDir.resolve("media/tenants/" + shop.id() + "/media/" + id);

        Response refused = platform.delete("/tenants/me/media/" + id, shop.token());
        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        Response deleted = platform.delete("/tenants/me/media/" + id + "?detach=true", shop.token());

        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(platform.get("/tenants/me/products/" + product, shop.token()).body().get("images")).isEmpty();
        await(() -> !Files.exists(object));
    }

    @Test
    void given_an_image_deleted_with_detach_then_the_product_and_the_storefront_config_it_left_are_new_versions() {
        Shop shop = newShop(platform);
        String id = readyImage(platform, shop, png(9, 9)).get("id").asText();
        String product = publishedProduct(platform, shop, "Bowl");
        Response attached = platform.send("PUT", "/tenants/me/products/" + product + "/images", shop.token(),
                Map.of("mediaIds", List.of(id)), "If-Match", "\"v1\"");
        Response configured = platform.send("PUT", "/tenants/me/storefront-config", shop.token(),
                Map.of("title", "Bowls", "logoMediaId", id), "If-Match", "\"v0\"");
        assertThat(attached.header("ETag")).contains("\"v2\"");
        assertThat(configured.header("ETag")).contains("\"v1\"");

        assertThat(platform.delete("/tenants/me/media/" + id + "?detach=true", shop.token()).status()).isEqualTo(204);

        Response after = platform.get("/tenants/me/products/" + product, shop.token());
        assertThat(after.header("ETag")).contains("\"v3\"");
        assertThat(java.time.Instant.parse(after.text("/updatedAt")))
                .isAfter(java.time.Instant.parse(attached.text("/updatedAt")));
        // A client still holding the ETag from before the image went cannot save over that change unknowingly.
        Response stale = platform.send("PATCH", "/tenants/me/products/" + product, shop.token(),
                Map.of("name", "Lost update"), "If-Match", "\"v2\"");
        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        Response config = platform.get("/tenants/me/storefront-config", shop.token());
        assertThat(config.header("ETag")).contains("\"v2\"");
        assertThat(config.body().get("logoMediaId").isNull()).isTrue();
        Response staleConfig = platform.send("PUT", "/tenants/me/storefront-config", shop.token(),
                Map.of("title", "Lost update", "logoMediaId", id), "If-Match", "\"v1\"");
        assertThat(staleConfig.status()).as("%s", staleConfig).isEqualTo(412);
    }

    @Test
    void given_storefront_config_then_defaults_first_saves_with_if_match_and_the_public_face_shows_logo_and_links() {
        Shop shop = newShop(platform);
        Response defaults = platform.get("/tenants/me/storefront-config", shop.token());
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.header("ETag")).contains("\"v0\"");
        assertThat(platform.get("/storefront/" + shop.slug(), null).body().get("logo").isNull()).isTrue();
        JsonNode logo = readyImage(platform, shop, png(64, 32));

        Response saved = platform.send("PUT", "/tenants/me/storefront-config", shop.token(), Map.of(
                "title", "Acme Coffee", "tagline", "Fresh", "logoMediaId", logo.get("id").asText(),
                "accentColor", "#1A2B3C", "links", List.of(Map.of("label", "Shop", "url", "https://acme.example"))),
                "If-Match", "\"v0\"");
        Response stale = platform.send("PUT", "/tenants/me/storefront-config", shop.token(),
                Map.of("title", "Lost update"), "If-Match", "\"v0\"");

        assertThat(saved.status()).as("%s", saved).isEqualTo(200);
        assertThat(saved.header("ETag")).contains("\"v1\"");
        assertThat(stale.status()).isEqualTo(412);
        JsonNode face = platform.get("/storefront/" + shop.slug(), null).body();
        assertThat(face.get("title").asText()).isEqualTo("Acme Coffee");
        assertThat(face.get("accentColor").asText()).isEqualTo("#1a2b3c");
        assertThat(face.at("/logo/width").asInt()).isEqualTo(64);
        assertThat(face.at("/links/0/url").asText()).isEqualTo("https://acme.example");
        assertThat(face.get("defaultCurrency").asText()).isEqualTo("KWD");
        // createdAt is the first save's and stays; updatedAt moves with every save (both null before the first).
        Response resaved = platform.send("PUT", "/tenants/me/storefront-config", shop.token(),
                Map.of("title", "Acme Coffee Roasters"), "If-Match", "\"v1\"");
        assertThat(defaults.body().get("createdAt").isNull()).isTrue();
        assertThat(defaults.body().get("updatedAt").isNull()).isTrue();
        assertThat(saved.text("/createdAt")).isEqualTo(saved.text("/updatedAt"));
        assertThat(resaved.text("/createdAt")).isEqualTo(saved.text("/createdAt"));
        assertThat(java.time.Instant.parse(resaved.text("/updatedAt")))
                .isAfter(java.time.Instant.parse(saved.text("/updatedAt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(document.cookie)", "http://acme.example", "data:text/html,hi"})
    void given_a_link_that_is_not_https_then_400_naming_the_url_and_nothing_stored(String url) {
        Shop shop = newShop(platform);

        Response put = platform.send("PUT", "/tenants/me/storefront-config", shop.token(),
                Map.of("title", "Acme", "links", List.of(Map.of("label", "x", "url", url))));

        assertThat(put.status()).as("%s", put).isEqualTo(400);
        assertThat(put.text("/field")).isEqualTo("links.url");
        assertThat(platform.queryLong("SELECT count(*) FROM storefront_config WHERE tenant_id = ?", shop.id()))
                .isZero();
    }

    private static long mediaRows(Shop shop) {
        return platform.queryLong("SELECT count(*) FROM media_assets WHERE tenant_id = ?", shop.id());
    }

    /** Polls {@code condition} until it holds; fails after {@link #PATIENCE}. */
    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            // A pause between polls, not a wait for the outcome: the deadline decides.
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
