package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.DirectMediaTransfer;
import io.saasplatform.application.port.in.MediaHousekeeping;
import io.saasplatform.application.port.in.MediaRejectedException;
import io.saasplatform.application.port.in.MediaRejectedException.Reason;
import io.saasplatform.application.port.in.MediaUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.RateLimitedException;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.MediaRepository.ImageLink;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.ObjectStore.ObjectInfo;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.MediaStatus;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Application service: the media library, product images, the platform-served transfers of the local store, and the
 * background work on media. Object storage is never called inside a database transaction: a slow store must not hold
 * a connection and a tenant's locks.
 */
public final class MediaService implements MediaUseCase, DirectMediaTransfer, MediaHousekeeping {
    /** The longest client filename accepted before sanitising (longer is refused, not cut). */
    public static final int MAX_CLIENT_FILENAME = 4096;
    public static final int MAX_PAGE_SIZE = 100;
    /** How long a tenant at its pending-upload cap is asked to wait. */
    static final Duration PENDING_CAP_RETRY = Duration.ofSeconds(60);

    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final CatalogRepository catalog;
    private final MediaRepository media;
    private final ObjectStore store;
    private final MediaSettings settings;
    private final Clock clock;
    private final ProductImages images;

    public MediaService(UnitOfWork unitOfWork, MembershipRepository memberships, TenantRepository tenants,
            CatalogRepository catalog, MediaRepository media, ObjectStore store, MediaSettings settings, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.media = Objects.requireNonNull(media, "media");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.images = ProductImages.from(media, store);
    }

    /** Adds images to products read through the other services: pass it to their {@code withProductImages}. */
    public ProductImages productImages() {
        return images;
    }

    @Override
    public UploadTicket startUpload(Actor actor, UploadRequest request) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(request, "request");
        if (request.filename() == null || request.filename().isEmpty()) {
            throw new InvalidValueException("filename", "filename is required");
        }
        if (request.filename().length() > MAX_CLIENT_FILENAME) {
            throw new InvalidValueException("filename", "filename must have at most " + MAX_CLIENT_FILENAME + " characters");
        }
        ImageType type = ImageType.ofMediaType(request.contentType()).orElseThrow(() -> new MediaRejectedException(
                Reason.UNSUPPORTED_TYPE, "contentType", "contentType must be one of image/jpeg, image/png, image/webp,"
                        + " image/avif"));
        if (request.byteSize() < 1 || request.byteSize() > settings.maxBytes()) {
            throw new MediaRejectedException(Reason.TOO_LARGE, "byteSize",
                    "byteSize must be between 1 and " + settings.maxBytes());
        }
        Instant now = now();
        Instant expiresAt = now.plus(settings.uploadUrlTtl());
        MediaAsset asset = MediaAsset.pending(request.filename(), type, request.byteSize(), actor.user(), now, expiresAt);
        unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "uploading media");
            // Counted under a per-tenant lock held to commit: 100 concurrent requests cannot all see 49.
            if (media.countPendingLocked() >= settings.maxPendingPerTenant()) {
                throw new RateLimitedException(PENDING_CAP_RETRY);
            }
            media.insert(asset, now.plus(settings.pendingTtl()));
            return null;
        });
        ObjectStore.PresignedUpload upload = store.presignUpload(
                MediaAsset.objectKey(actor.tenant(), asset.id()), type.mediaType(), asset.byteSize(), expiresAt);
        return new UploadTicket(new MediaView(asset, Optional.empty()),
                new UploadInstructions(upload.url(), upload.method(), upload.headers(), upload.expiresAt()));
    }

    @Override
    public MediaView complete(Actor actor, UUID id) {
        Objects.requireNonNull(id, "id");
        MediaAsset asset = unitOfWork.readInTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "completing uploads");
            return existing(id);
        });
        if (asset.status() == MediaStatus.READY) {
            return view(actor.tenant(), asset);
        }
        if (asset.status() == MediaStatus.REJECTED) {
            throw mismatch("the upload was rejected: its bytes were not the declared image");
        }
        String key = MediaAsset.objectKey(actor.tenant(), id);
        Optional<ObjectInfo> info = store.head(key);
        if (info.isEmpty()) {
            throw new ConflictException("upload-missing", null, "nothing has been uploaded for this media yet");
        }
        if (info.get().byteSize() != asset.byteSize()) {
            throw reject(actor, asset, "the upload has " + info.get().byteSize() + " bytes, " + asset.byteSize()
                    + " were declared");
        }
        byte[] head = store.readFirstBytes(key, ImageType.HEADER_BYTES);
        if (!asset.type().matches(head)) {
            throw reject(actor, asset, "the upload is not a " + asset.type().mediaType() + " image");
        }
        Optional<ImageType.Dimensions> size = asset.type().dimensions(head);
        if (size.isEmpty()) {
            throw reject(actor, asset, "the image's dimensions cannot be read from its header");
        }
        return unitOfWork.inTenant(actor.tenant(), () -> {
            media.markReady(id, size.get(), now());
            // Whatever won a race with another completion is what is stored.
            return view(actor.tenant(), existing(id));
        });
    }

    private MediaRejectedException reject(Actor actor, MediaAsset asset, String why) {
        store.delete(MediaAsset.objectKey(actor.tenant(), asset.id()));
        unitOfWork.inTenant(actor.tenant(), () -> media.markRejected(asset.id(), now()));
        return mismatch(why);
    }

    private static MediaRejectedException mismatch(String why) {
        return new MediaRejectedException(Reason.CONTENT_MISMATCH, null, why);
    }

    @Override
    public Page<MediaView> list(Actor actor, Optional<String> cursor, int limit) {
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_PAGE_SIZE);
        }
        Optional<MediaRepository.Keyset> after = cursor.map(MediaService::decodeCursor);
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "listing media");
            List<MediaAsset> rows = media.list(after, limit + 1);
            boolean more = rows.size() > limit;
            List<MediaAsset> items = more ? rows.subList(0, limit) : rows;
            Optional<String> next = more ? Optional.of(encodeCursor(items.getLast())) : Optional.empty();
            return new Page<>(items.stream().map(a -> view(actor.tenant(), a)).toList(), next);
        });
    }

    @Override
    public MediaView get(Actor actor, UUID id) {
        Objects.requireNonNull(id, "id");
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.STAFF, "reading media");
            return view(actor.tenant(), existing(id));
        });
    }

    @Override
    public void delete(Actor actor, UUID id, boolean detach) {
        Objects.requireNonNull(id, "id");
        unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "deleting media");
            existing(id);
            List<ProductId> using = media.productsUsing(id);
            if (!using.isEmpty()) {
                if (!detach) {
                    throw new ConflictException("media-in-use", null, "the image is attached to " + using.size()
                            + (using.size() == 1 ? " product" : " products") + "; detach it first, or delete with"
                            + " detach=true");
                }
                // Losing an image is a change of each product like any other: its version (the ETag) and
                // updated_at move, so a client holding the old ETag cannot save over the change unknowingly.
                for (ProductId product : using) {
                    catalog.findProduct(product).ifPresent(current -> catalog.updateProduct(current.changed(
                            current.categoryId(), current.name(), current.slug(), current.description(),
                            current.price(), current.currency(), current.status(), now())));
                }
                media.detachEverywhere(id);
            }
            // The object goes in the background (scheduled in this transaction): a store outage cannot fail the delete.
            if (!media.delete(id)) {
                throw new NotFoundException("media");
            }
            return null;
        });
    }

    @Override
    public PricedProduct setProductImages(
            Actor actor, ProductId productId, List<ImageChoice> choices, OptionalLong expectedVersion) {
        Objects.requireNonNull(productId, "productId");
        if (choices == null) {
            throw new InvalidValueException("mediaIds", "mediaIds is required");
        }
        if (choices.size() > MAX_IMAGES_PER_PRODUCT) {
            throw new InvalidValueException("mediaIds", "a product has at most " + MAX_IMAGES_PER_PRODUCT + " images");
        }
        Set<UUID> seen = new HashSet<>();
        List<ImageLink> links = new ArrayList<>();
        for (ImageChoice choice : choices) {
            if (choice == null || choice.mediaId() == null) {
                throw new InvalidValueException("mediaIds", "every item must name a media id");
            }
            if (!seen.add(choice.mediaId())) {
                throw new InvalidValueException("mediaIds", "media " + choice.mediaId() + " is listed twice");
            }
            String alt = choice.alt() == null ? "" : choice.alt().strip();
            if (alt.length() > MAX_ALT_LENGTH) {
                throw new InvalidValueException("alt", "alt must have at most " + MAX_ALT_LENGTH + " characters");
            }
            links.add(new ImageLink(choice.mediaId(), alt));
        }
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "changing product images");
            Tenant tenant = tenants.findById(actor.tenant()).orElseThrow(() -> new NotFoundException("tenant"));
            Product current = catalog.findProduct(productId).orElseThrow(() -> new NotFoundException("product"));
            if (expectedVersion != null && expectedVersion.isPresent()
                    && expectedVersion.getAsLong() != current.version()) {
                throw new PreconditionFailedException("product");
            }
            for (ImageLink link : links) {
                MediaAsset asset = media.find(link.mediaId()).orElseThrow(() -> new NotFoundException("media"));
                if (asset.status() != MediaStatus.READY) {
                    throw new ConflictException("media-not-ready", "mediaIds", "media " + asset.id() + " is " + asset.status().wireName()
                            + "; only ready images can be attached");
                }
            }
            // A product write like any other: its version (the ETag) and updated_at move.
            Product touched = current.changed(current.categoryId(), current.name(), current.slug(),
                    current.description(), current.price(), current.currency(), current.status(), now());
            Product stored = catalog.updateProduct(touched).orElseThrow(() -> new PreconditionFailedException("product"));
            media.replaceImages(productId, links);
            return images.attach(actor.tenant(), PricedProduct.of(stored, tenant.defaultCurrency()));
        });
    }

    // --- transfers through the platform (local store)

    @Override
    public void receiveUpload(String token, String contentType, long contentLength, InputStream body) {
        try {
            store.acceptDirectUpload(token, contentType, contentLength, body);
        } catch (ObjectStore.UploadRefusedException e) {
            throw new MediaRejectedException(Reason.UPLOAD_REFUSED, null, e.getMessage());
        }
    }

    @Override
    public Optional<Download> open(TenantId tenant, UUID mediaId) {
        Optional<MediaAsset> ready = unitOfWork.readInTenant(tenant, () -> media.find(mediaId))
                .filter(a -> a.status() == MediaStatus.READY);
        return ready.flatMap(a -> store.open(MediaAsset.objectKey(tenant, a.id())))
                .map(o -> new Download(o.contentType(), o.byteSize(), o.body()));
    }

    // --- background work

    @Override
    public void deleteObject(TenantId tenant, UUID mediaId) {
        store.delete(MediaAsset.objectKey(tenant, mediaId));
    }

    @Override
    public boolean expireUpload(TenantId tenant, UUID mediaId) {
        return unitOfWork.inTenant(tenant, () -> media.find(mediaId)
                .filter(a -> a.status() == MediaStatus.PENDING)
                .map(a -> media.delete(a.id()))
                .orElse(false));
    }

    // ---

    private MediaAsset existing(UUID id) {
        return media.find(id).orElseThrow(() -> new NotFoundException("media"));
    }

    private MediaView view(TenantId tenant, MediaAsset asset) {
        return new MediaView(asset, asset.status() == MediaStatus.READY
                ? Optional.of(store.publicUrl(MediaAsset.objectKey(tenant, asset.id())))
                : Optional.empty());
    }

    private Instant now() {
        // Microseconds: what PostgreSQL keeps, so a keyset built from a returned asset matches the stored row.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Opaque to clients; a cursor only moves the keyset within the caller's own tenant, so it is not signed. */
    static String encodeCursor(MediaAsset last) {
        String text = ChronoUnit.MICROS.between(Instant.EPOCH, last.createdAt()) + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static MediaRepository.Keyset decodeCursor(String cursor) {
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            long micros = Long.parseLong(text.substring(0, colon));
            return new MediaRepository.Keyset(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                    UUID.fromString(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new InvalidValueException("cursor", "cursor is not one this API issued");
        }
    }
}
