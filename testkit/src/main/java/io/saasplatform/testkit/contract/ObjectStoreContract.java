package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.ObjectStore.ObjectInfo;
import io.saasplatform.application.port.out.ObjectStore.PresignedUpload;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code ObjectStore}: a presigned upload stores exactly the bytes sent, under exactly the key it was
 * signed for, bound to its Content-Type and length; head, ranged reads and deletes behave the same on every store.
 *
 * <p>Subclasses upload as a client would: an HTTP PUT to the URL (S3), or the platform's own route (the local store).
 */
public abstract class ObjectStoreContract {
    private final Random random = new Random(11);

    /**
     * The store under test.
     *
     * @return the store under test
     */
    protected abstract ObjectStore store();

    /**
     * Sends {@code body} to the presigned URL as a client would, with {@code contentType} and a Content-Length of the
     * body's length.
     *
     * @param upload where and how to upload
     * @param contentType the Content-Type header to send
     * @param body the bytes to send
     * @return whether the store accepted the upload (a 2xx answer)
     */
    protected abstract boolean upload(PresignedUpload upload, String contentType, byte[] body);

    /**
     * Whether the store checks an upload against its signature (type, length, expiry) when it arrives. Amazon S3 and
     * the local store do; some S3-compatible test servers do not, and there the contract checks the URL's signature
     * covers type and length instead.
     *
     * @return true when the store refuses uploads that do not match their signature
     */
    protected boolean verifiesSignatures() {
        return true;
    }

    /**
     * Moves the store's clock past {@code instant}, if the test controls it.
     *
     * @param instant the time to move past
     * @return false when the store reads a clock the test cannot move (the expiry test is then skipped)
     */
    protected boolean moveClockPast(Instant instant) {
        return false;
    }

    /**
     * A fresh key in the platform's format.
     *
     * @return a key no test has used
     */
    protected String newKey() {
        return MediaAsset.objectKey(TenantId.random(), UUID.randomUUID());
    }

    @Test
    void given_a_presigned_upload_when_the_bytes_are_put_then_head_reports_their_size_and_type() {
        String key = newKey();
        byte[] bytes = bytes(3_000);

        assertThat(upload(presign(key, "image/png", bytes.length), "image/png", bytes)).isTrue();

        Optional<ObjectInfo> info = store().head(key);
        assertThat(info).isPresent();
        assertThat(info.get().byteSize()).isEqualTo(bytes.length);
        assertThat(info.get().contentType()).contains("image/png");
    }

    @Test
    void given_an_uploaded_object_when_its_first_bytes_are_read_then_they_are_the_bytes_sent() {
        String key = newKey();
        byte[] bytes = bytes(5_000);
        assertThat(upload(presign(key, "image/jpeg", bytes.length), "image/jpeg", bytes)).isTrue();

        assertThat(store().readFirstBytes(key, 100)).isEqualTo(Arrays.copyOf(bytes, 100));
        assertThat(store().readFirstBytes(key, 10_000)).isEqualTo(bytes);
    }

    @Test
    void given_no_object_then_head_is_empty_and_reading_returns_no_bytes() {
        String key = newKey();

        assertThat(store().head(key)).isEmpty();
        assertThat(store().readFirstBytes(key, 16)).isEmpty();
    }

    @Test
    void given_an_object_when_deleted_then_it_is_gone_and_deleting_again_is_harmless() {
        String key = newKey();
        byte[] bytes = bytes(10);
        assertThat(upload(presign(key, "image/webp", bytes.length), "image/webp", bytes)).isTrue();

        store().delete(key);
        store().delete(key);

        assertThat(store().head(key)).isEmpty();
    }

    @Test
    void given_two_keys_then_each_upload_lands_under_its_own_key_only() {
        String first = newKey();
        String second = newKey();
        byte[] bytes = bytes(64);

        assertThat(upload(presign(first, "image/png", bytes.length), "image/png", bytes)).isTrue();

        assertThat(store().head(first)).isPresent();
        assertThat(store().head(second)).isEmpty();
        assertThat(store().publicUrl(first)).isNotEqualTo(store().publicUrl(second));
    }

    @Test
    void given_a_presigned_upload_then_its_expiry_is_no_later_than_asked() {
        Instant asked = Instant.now().plus(Duration.ofMinutes(10));

        PresignedUpload upload = store().presignUpload(newKey(), "image/png", 10, asked);

        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.expiresAt()).isBeforeOrEqualTo(asked);
        assertThat(upload.headers()).containsEntry("Content-Type", "image/png");
    }

    @Test
    void given_a_presigned_upload_then_another_content_type_is_refused_or_not_signed_for() {
        String key = newKey();
        byte[] bytes = bytes(100);
        PresignedUpload upload = presign(key, "image/png", bytes.length);

        if (verifiesSignatures()) {
            assertThat(upload(upload, "text/html", bytes)).isFalse();
            assertThat(store().head(key)).isEmpty();
        } else {
            assertThat(signedHeaders(upload)).contains("content-type");
        }
    }

    @Test
    void given_a_presigned_upload_then_a_longer_or_empty_body_is_refused_or_not_signed_for() {
        String key = newKey();
        PresignedUpload upload = presign(key, "image/png", 100);

        if (verifiesSignatures()) {
            assertThat(upload(upload, "image/png", bytes(101))).isFalse();
            assertThat(upload(upload, "image/png", new byte[0])).isFalse();
            assertThat(store().head(key)).isEmpty();
        } else {
            assertThat(signedHeaders(upload)).contains("content-length");
        }
    }

    @Test
    void given_an_expired_upload_url_then_the_upload_is_refused() {
        String key = newKey();
        PresignedUpload upload = presign(key, "image/png", 10);
        Assumptions.assumeTrue(verifiesSignatures() && moveClockPast(upload.expiresAt()),
                "the store's clock cannot be moved here; the expiry is in the signed URL");

        assertThat(upload(upload, "image/png", bytes(10))).isFalse();
        assertThat(store().head(key)).isEmpty();
    }

    private PresignedUpload presign(String key, String type, long size) {
        return store().presignUpload(key, type, size, Instant.now().plus(Duration.ofMinutes(10)));
    }

    private static String signedHeaders(PresignedUpload upload) {
        String query = upload.url().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("X-Amz-SignedHeaders=")) {
                return java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
