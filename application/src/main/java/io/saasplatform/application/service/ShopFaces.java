package io.saasplatform.application.service;

import io.saasplatform.application.port.in.StorefrontConfigUseCase.Logo;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.StorefrontConfigRepository;
import io.saasplatform.application.port.out.TenantReads.Face;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.MediaStatus;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a shop's public face from what was read of it, inside the caller's unit of work: the face a
 * {@code TenantReads} read brought along (no statement of its own), or else read here through the repositories. The
 * rules are here only: the defaults from the shop's name before the first save, and a logo only while its asset is
 * ready.
 */
public final class ShopFaces {
    private static final ShopFaces NONE = new ShopFaces(null, null, null);

    private final StorefrontConfigRepository configs;
    private final MediaRepository media;
    private final ObjectStore store;

    private ShopFaces(StorefrontConfigRepository configs, MediaRepository media, ObjectStore store) {
        this.configs = configs;
        this.media = media;
        this.store = store;
    }

    public static ShopFaces from(StorefrontConfigRepository configs, MediaRepository media, ObjectStore store) {
        return new ShopFaces(Objects.requireNonNull(configs, "configs"), Objects.requireNonNull(media, "media"),
                Objects.requireNonNull(store, "store"));
    }

    /** No faces (services built without the storefront configuration): pages show the shop by its name. */
    public static ShopFaces none() {
        return NONE;
    }

    /** Whether shops get faces: ask the reads of a page to bring the face along ({@code TenantReads}). */
    boolean wanted() {
        return configs != null;
    }

    /** The face of {@code shop}, read here; empty without faces. */
    Optional<ShopFace> of(Tenant shop) {
        return of(shop, Optional.empty());
    }

    /** The face of {@code shop} from what was {@code read} (read here when empty); empty without faces. */
    Optional<ShopFace> of(Tenant shop, Optional<Face> read) {
        if (!wanted()) {
            return Optional.empty();
        }
        Face face = read.orElseGet(() -> {
            Optional<StorefrontConfig> config = configs.find();
            return new Face(config, config.flatMap(StorefrontConfig::logoMediaId).flatMap(media::find));
        });
        StorefrontConfig config = face.config().orElseGet(() -> StorefrontConfig.defaultsFor(shop.name()));
        Optional<Logo> logo = face.logo()
                .filter(asset -> asset.status() == MediaStatus.READY)
                .map(asset -> new Logo(store.publicUrl(MediaAsset.objectKey(shop.id(), asset.id())),
                        asset.dimensions().orElseThrow().width(), asset.dimensions().orElseThrow().height()));
        return Optional.of(new ShopFace(shop.slug().value(), shop.name(), config, logo, shop.defaultCurrency()));
    }
}
