package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Incoming port: uploads and downloads that pass through the platform itself, for the local object store (no S3):
 * {@code PUT /media-uploads/{token}} and {@code GET /media/{tenantId}/{mediaId}}.
 */
public interface DirectMediaTransfer {
    /**
     * Stores the body under the upload the token names. {@link MediaRejectedException} (403) for a tampered, expired
     * or foreign token, another Content-Type, or another length than the token was signed for.
     */
    void receiveUpload(String token, String contentType, long contentLength, InputStream body);

    /** The bytes of a ready asset; empty for anything else (pending, rejected, deleted, another tenant's id). */
    Optional<Download> open(TenantId tenant, UUID mediaId);

    /** A ready asset's bytes; the caller closes {@code body}. */
    record Download(String contentType, long byteSize, InputStream body) {}
}
