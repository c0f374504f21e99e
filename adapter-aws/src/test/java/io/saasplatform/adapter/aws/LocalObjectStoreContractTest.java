package io.saasplatform.adapter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.ObjectStore.PresignedUpload;
import io.saasplatform.application.port.out.ObjectStore.UploadRefusedException;
import io.saasplatform.testkit.contract.ObjectStoreContract;
import io.saasplatform.testkit.fake.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store: the upload URL is the platform's own route, reached here through the port as the route does. */
class LocalObjectStoreContractTest extends ObjectStoreContract {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Instant.now());

    @TempDir
    Path root;

    private LocalObjectStore store;

    @Override
    protected ObjectStore store() {
        if (store == null) {
            store = new LocalObjectStore(root.resolve("media"), () -> "http://localhost:8080", SECRET, clock);
        }
        return store;
    }

    @Override
    protected boolean upload(PresignedUpload upload, String contentType, byte[] body) {
        try {
            store().acceptDirectUpload(token(upload), contentType, body.length, new ByteArrayInputStream(body));
            return true;
        } catch (UploadRefusedException refused) {
            return false;
        }
    }

    @Override
    protected boolean moveClockPast(Instant instant) {
        clock.set(instant.plusSeconds(1));
        return true;
    }

    private static String token(PresignedUpload upload) {
        String path = upload.url().getPath();
        assertThat(path).startsWith("/media-uploads/");
        return path.substring("/media-uploads/".length());
    }

    private PresignedUpload presign(String key, String type, long size) {
        return store().presignUpload(key, type, size, clock.instant().plusSeconds(600));
    }

    @Test
    void given_a_token_whose_payload_was_changed_to_another_media_id_then_the_upload_is_refused() {
        String victim = newKey();
        String token = token(presign(newKey(), "image/png", 4));
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replaceFirst("tenants/[^\n]*", victim).getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));

        assertThatThrownBy(() -> store().acceptDirectUpload(forged, "image/png", 4, bytes(4)))
                .isInstanceOf(UploadRefusedException.class);
        assertThat(store().head(victim)).isEmpty();
    }

    @Test
    void given_a_tampered_signature_or_garbage_token_then_the_upload_is_refused() {
        String token = token(presign(newKey(), "image/png", 4));
        String flipped = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BA" : "AA");

        for (String bad : new String[] {flipped, "", ".", "abc", "x".repeat(5000), token + ".extra"}) {
            assertThatThrownBy(() -> store().acceptDirectUpload(bad, "image/png", 4, bytes(4)))
                    .as(bad).isInstanceOf(UploadRefusedException.class);
        }
    }

    @Test
    void given_a_used_token_when_replayed_then_the_stored_bytes_stay_the_first_ones() throws IOException {
        String key = newKey();
        PresignedUpload upload = presign(key, "image/png", 3);
        store().acceptDirectUpload(token(upload), "image/png", 3, new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> store().acceptDirectUpload(
                token(upload), "image/png", 3, new ByteArrayInputStream(new byte[] {7, 7, 7})))
                .isInstanceOf(UploadRefusedException.class);
        assertThat(store().readFirstBytes(key, 10)).containsExactly(1, 2, 3);
    }

    @Test
    void given_a_body_longer_than_its_content_length_then_nothing_is_stored() {
        String key = newKey();
        PresignedUpload upload = presign(key, "image/png", 3);

        assertThatThrownBy(() -> store().acceptDirectUpload(token(upload), "image/png", 3, bytes(50)))
                .isInstanceOf(UploadRefusedException.class);
        assertThat(store().head(key)).isEmpty();
    }

    @Test
    void given_keys_that_are_not_media_keys_then_no_path_is_ever_built_from_them() {
        for (String bad : new String[] {"../etc/passwd", "tenants/x/media/y", "tenants/../../media/z", ""}) {
            assertThatThrownBy(() -> store().head(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void given_a_ready_object_then_it_is_opened_with_its_type_and_its_public_url_is_the_platform_route()
            throws IOException {
        String key = newKey();
        store().acceptDirectUpload(token(presign(key, "image/webp", 2)), "image/webp", 2,
                new ByteArrayInputStream(new byte[] {9, 8}));

        var opened = store().open(key).orElseThrow();
        try (InputStream body = opened.body()) {
            assertThat(opened.contentType()).isEqualTo("image/webp");
            assertThat(body.readAllBytes()).containsExactly(9, 8);
        }
        String[] parts = key.split("/");
        assertThat(store().publicUrl(key).toString())
                .isEqualTo("http://localhost:8080/media/" + parts[1] + "/" + parts[3]);
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.equals(parts[3]) || name.equals(parts[3] + ".type"));
        }
    }

    private static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }
}
