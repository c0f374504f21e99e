package io.saasplatform.application.port.in;

import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.ProductId;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Incoming port: a tenant's media library (admins and owners write, staff read) and the images of its products.
 * Uploads go straight to object storage through a presigned URL; {@link #complete} then checks what arrived. Another
 * tenant's asset is {@link NotFoundException} ("media").
 */
public interface MediaUseCase {
    /**
     * Registers a pending upload and hands out its URL. {@link MediaRejectedException} for a type other than JPEG, PNG,
     * WebP or AVIF (415) or a size outside 1..max (413); {@link RateLimitedException} when the tenant already has the
     * most pending uploads allowed.
     */
    UploadTicket startUpload(Actor actor, UploadRequest request);

    /**
     * Checks the uploaded object (present, the declared size, the declared type's magic number, readable dimensions)
     * and marks the asset ready; on a mismatch the object is deleted, the asset rejected and
     * {@link MediaRejectedException} (422) thrown. Completing a ready asset again returns it unchanged.
     */
    MediaView complete(Actor actor, UUID id);

    /** Newest first; {@code cursor} from the previous page. */
    Page<MediaView> list(Actor actor, Optional<String> cursor, int limit);

    MediaView get(Actor actor, UUID id);

    /**
     * Deletes the asset; its object is deleted in the background. {@link ConflictException} while it is attached to a
     * product, unless {@code detach}.
     */
    void delete(Actor actor, UUID id, boolean detach);

    /**
     * Replaces the product's images (ordered, at most 12, ready assets of this tenant), bumping the product's version
     * as any product write does; {@link PreconditionFailedException} when {@code expectedVersion} is stale.
     */
    PricedProduct setProductImages(Actor actor, ProductId product, List<ImageChoice> images, OptionalLong expectedVersion);

    /** The most images a product may have. */
    int MAX_IMAGES_PER_PRODUCT = 12;
    /** The longest alternative text of an image. */
    int MAX_ALT_LENGTH = 250;

    record UploadRequest(String filename, String contentType, long byteSize) {}

    /** The pending asset and how to upload its bytes. */
    record UploadTicket(MediaView media, UploadInstructions upload) {}

    /** Send {@code method} to {@code url} with exactly {@code headers} and the bytes, before {@code expiresAt}. */
    record UploadInstructions(URI url, String method, Map<String, String> headers, Instant expiresAt) {
        public UploadInstructions {
            headers = Map.copyOf(headers);
        }
    }

    /** An asset and, once ready, the URL the public reads it from. */
    record MediaView(MediaAsset asset, Optional<URI> url) {}

    /** One image chosen for a product. */
    record ImageChoice(UUID mediaId, String alt) {}
}
