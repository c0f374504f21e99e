package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.MediaRepository.AttachedImage;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds each product's images to products read by a use case, inside the caller's unit of work (one more statement per
 * read, whatever the number of products).
 */
public final class ProductImages {
    private static final ProductImages NONE = new ProductImages(null, null);

    private final MediaRepository media;
    private final ObjectStore store;

    private ProductImages(MediaRepository media, ObjectStore store) {
        this.media = media;
        this.store = store;
    }

    public static ProductImages from(MediaRepository media, ObjectStore store) {
        return new ProductImages(Objects.requireNonNull(media, "media"), Objects.requireNonNull(store, "store"));
    }

    /** Leaves products without images (services built without a media library). */
    public static ProductImages none() {
        return NONE;
    }

    PricedProduct attach(TenantId tenant, PricedProduct product) {
        return attach(tenant, List.of(product)).getFirst();
    }

    Page<PricedProduct> attach(TenantId tenant, Page<PricedProduct> page) {
        return new Page<>(attach(tenant, page.items()), page.nextCursor());
    }

    List<PricedProduct> attach(TenantId tenant, List<PricedProduct> products) {
        if (media == null || products.isEmpty()) {
            return products;
        }
        Map<ProductId, List<AttachedImage>> images =
                media.imagesOf(products.stream().map(p -> p.product().id()).toList());
        return products.stream()
                .map(p -> p.withImages(images.getOrDefault(p.product().id(), List.of()).stream()
                        .map(image -> view(tenant, image))
                        .toList()))
                .toList();
    }

    private ProductImage view(TenantId tenant, AttachedImage image) {
        MediaAsset asset = image.asset();
        var size = asset.dimensions().orElseThrow();
        return new ProductImage(asset.id(), store.publicUrl(MediaAsset.objectKey(tenant, asset.id())), size.width(),
                size.height(), image.alt());
    }
}
