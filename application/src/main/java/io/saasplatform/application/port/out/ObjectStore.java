package io.saasplatform.application.port.out;

import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Outgoing port: object storage for uploaded media (Amazon S3 or a compatible server in production; files under
 * {@code $DATA_DIR/media} locally). Clients upload straight to the store through a presigned URL bound to the exact
 * Content-Type and Content-Length; the platform then checks what arrived. Keys are built from ids only.
 */
public interface ObjectStore {
    /**
     * A URL that accepts exactly one PUT of {@code byteSize} bytes of {@code contentType} at {@code key} until
     * {@code expiresAt}; the store itself refuses another type or size. Works offline (signing only).
     */
    PresignedUpload presignUpload(String key, String contentType, long byteSize, Instant expiresAt);

    /** Size and stored type of the object, or empty when nothing is there. */
    Optional<ObjectInfo> head(String key);

    /** Up to {@code count} leading bytes of the object (fewer when it is shorter); empty array when it is absent. */
    byte[] readFirstBytes(String key, int count);

    /** Deletes the object; nothing happens when it is absent (idempotent). */
    void delete(String key);

    /** Where the public reads a ready object: a CDN URL, a presigned GET, or the platform's own {@code /media/...}. */
    URI publicUrl(String key);

    /**
     * For stores whose upload URL is the platform's own ({@code PUT /media-uploads/{token}}): checks the token and
     * writes the body. Stores that hand out their own URLs (S3) refuse with {@link UploadRefusedException}.
     *
     * @return the key written
     */
    default String acceptDirectUpload(String token, String contentType, long contentLength, InputStream body) {
        throw new UploadRefusedException("this store does not accept uploads through the platform");
    }

    /** For stores the platform serves itself ({@code GET /media/...}); empty for the others and for absent objects. */
    default Optional<StoredObject> open(String key) {
        return Optional.empty();
    }

    /** Where and how to PUT the bytes; {@code headers} must be sent exactly as given. */
    record PresignedUpload(URI url, String method, Map<String, String> headers, Instant expiresAt) {
        public PresignedUpload {
            headers = Map.copyOf(headers);
        }
    }

    record ObjectInfo(long byteSize, Optional<String> contentType) {}

    /** An object's bytes to stream to a client; the caller closes {@code body}. */
    record StoredObject(String contentType, long byteSize, InputStream body) {}

    /** A direct upload the store refused: bad, expired or replayed token, another type, or another size. */
    final class UploadRefusedException extends RuntimeException {
        public UploadRefusedException(String reason) {
            super(reason);
        }
    }
}
