package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.DirectMediaTransfer;
import io.saasplatform.application.port.in.MediaRejectedException;
import io.saasplatform.application.port.in.MediaUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.TenantId;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The media, transfer and storefront-configuration ports as a fake: uploads of {@link FakeUseCases#ACME} only, checked
 * with the domain's own rules (types, sizes, links), answers shaped as the real services shape them.
 */
final class FakeMedia implements MediaUseCase, DirectMediaTransfer, StorefrontConfigUseCase {
    static final long MAX_BYTES = 10L * 1024 * 1024;
    final List<List<ImageChoice>> imageWrites = new CopyOnWriteArrayList<>();
    final List<UploadRequest> uploadsStarted = new CopyOnWriteArrayList<>();
    volatile StorefrontConfig config = StorefrontConfig.defaultsFor(FakeUseCases.ACME.name());
    /** The logo {@link #face} shows: a ready image, or none. */
    volatile Optional<Logo> logo = Optional.empty();
    /** How many faces were asked for apart from a page's own read. */
    final java.util.concurrent.atomic.AtomicInteger faceReads = new java.util.concurrent.atomic.AtomicInteger();

    /** Back to the defaults: no saved configuration, no logo. */
    void resetFace() {
        config = StorefrontConfig.defaultsFor(FakeUseCases.ACME.name());
        logo = Optional.empty();
        faceReads.set(0);
    }

    @Override
    public UploadTicket startUpload(Actor actor, UploadRequest request) {
        acme(actor);
        ImageType type = ImageType.ofMediaType(request.contentType()).orElseThrow(() ->
                new MediaRejectedException(MediaRejectedException.Reason.UNSUPPORTED_TYPE, "contentType", "no"));
        if (request.byteSize() < 1 || request.byteSize() > MAX_BYTES) {
            throw new MediaRejectedException(MediaRejectedException.Reason.TOO_LARGE, "byteSize", "too large");
        }
        uploadsStarted.add(request);
        MediaAsset asset = MediaAsset.pending(request.filename(), type, request.byteSize(), actor.user(),
                FakeUseCases.NOW, FakeUseCases.NOW.plusSeconds(600));
        return new UploadTicket(new MediaView(asset, Optional.empty()), new UploadInstructions(
                URI.create("http://localhost/media-uploads/token"), "PUT", Map.of("Content-Type", type.mediaType()),
                FakeUseCases.NOW.plusSeconds(600)));
    }

    @Override
    public MediaView complete(Actor actor, UUID id) {
        acme(actor);
        throw new MediaRejectedException(MediaRejectedException.Reason.CONTENT_MISMATCH, null, "not a PNG");
    }

    @Override
    public Page<MediaView> list(Actor actor, Optional<String> cursor, int limit) {
        acme(actor);
        return new Page<>(List.of(ready()), Optional.empty());
    }

    @Override
    public MediaView get(Actor actor, UUID id) {
        acme(actor);
        return ready();
    }

    @Override
    public void delete(Actor actor, UUID id, boolean detach) {
        acme(actor);
    }

    @Override
    public PricedProduct setProductImages(
            Actor actor, ProductId product, List<ImageChoice> images, OptionalLong expectedVersion) {
        acme(actor);
        imageWrites.add(images);
        return new PricedProduct(FakeCatalog.BOOT, FakeUseCases.ACME.defaultCurrency(), images.stream()
                .map(i -> new ProductImage(i.mediaId(), URI.create("http://localhost/media/x/" + i.mediaId()), 4, 3,
                        i.alt()))
                .toList());
    }

    @Override
    public void receiveUpload(String token, String contentType, long contentLength, InputStream body) {
        throw new MediaRejectedException(MediaRejectedException.Reason.UPLOAD_REFUSED, null, "bad token");
    }

    @Override
    public Optional<Download> open(TenantId tenant, UUID mediaId) {
        return Optional.empty();
    }

    @Override
    public StorefrontConfig get(Actor actor) {
        acme(actor);
        return config;
    }

    @Override
    public StorefrontConfig put(Actor actor, Draft draft, OptionalLong expectedVersion) {
        acme(actor);
        List<StorefrontConfig.Link> links = draft.links().stream()
                .map(l -> StorefrontConfig.Link.of(l.label(), l.url()))
                .toList();
        config = new StorefrontConfig(draft.title(), draft.tagline(), Optional.ofNullable(draft.logoMediaId()),
                Optional.ofNullable(draft.accentColor()), draft.seoDescription(), links, config.version() + 1,
                Optional.of(config.createdAt().orElse(FakeUseCases.NOW)), Optional.of(FakeUseCases.NOW));
        return config;
    }

    @Override
    public ShopFace face(String shopSlug) {
        faceReads.incrementAndGet();
        if (!shopSlug.equals(FakeUseCases.ACME.slug().value())) {
            throw new NotFoundException("shop");
        }
        return new ShopFace(shopSlug, FakeUseCases.ACME.name(), config, logo,
                FakeUseCases.ACME.defaultCurrency());
    }

    private static MediaView ready() {
        MediaAsset asset = MediaAsset.pending("mug.png", ImageType.PNG, 10, FakeUseCases.ALICE.id(), FakeUseCases.NOW,
                FakeUseCases.NOW.plusSeconds(600)).ready(new ImageType.Dimensions(4, 3), FakeUseCases.NOW.plusSeconds(5));
        return new MediaView(asset, Optional.of(URI.create("http://localhost/media/x/" + asset.id())));
    }

    private static void acme(Actor actor) {
        if (!actor.tenant().equals(FakeUseCases.ACME.id())) {
            throw new NotFoundException("media");
        }
    }
}
