package io.saasplatform.application.port.out;

import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Outgoing port: the bound tenant's media assets and the images attached to its products (row-level security).
 * Background work is announced in the same unit of work as the change that needs it: inserting a pending upload
 * schedules its expiry, deleting an asset schedules the deletion of its object
 * ({@link io.saasplatform.application.port.in.MediaHousekeeping} does both when the worker runs them).
 */
public interface MediaRepository {
    /** Stores a pending upload and schedules its expiry check at {@code expireAt}. */
    void insert(MediaAsset asset, Instant expireAt);

    Optional<MediaAsset> find(UUID id);

    /**
     * Pending uploads of the tenant, counted while holding a per-tenant lock until the unit of work ends: concurrent
     * callers count one after the other, so a cap checked against this count holds.
     */
    int countPendingLocked();

    /** Marks a pending asset ready with its dimensions; false when it was not pending. */
    boolean markReady(UUID id, ImageType.Dimensions dimensions, Instant at);

    /** Marks a pending asset rejected; false when it was not pending. */
    boolean markRejected(UUID id, Instant at);

    /** Newest first; {@code after} is the last item of the previous page. */
    List<MediaAsset> list(Optional<Keyset> after, int limit);

    /** Product ids the asset is attached to. */
    List<ProductId> productsUsing(UUID id);

    /**
     * Removes the asset from every product and from the storefront logo; a storefront configuration that loses its
     * logo is a changed configuration (its version and updated_at move). The products' own versions are the caller's.
     */
    void detachEverywhere(UUID id);

    /** Deletes the row and schedules the deletion of its object; false when there was no such asset. */
    boolean delete(UUID id);

    /** Images of each product, in order; products without images are absent from the map. */
    Map<ProductId, List<AttachedImage>> imagesOf(Collection<ProductId> products);

    /** Replaces the product's images by {@code images}, in order. */
    void replaceImages(ProductId product, List<ImageLink> images);

    /** An attached image: the ready asset and its alternative text on that product. */
    record AttachedImage(MediaAsset asset, String alt) {}

    /** One image of a product as written: the asset and its alternative text (may be empty). */
    record ImageLink(UUID mediaId, String alt) {}

    /** The position of an asset in the newest-first order. */
    record Keyset(Instant createdAt, UUID id) {}
}
