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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds each product's images to products read by a use case, inside the caller's unit of work: the images a
 * {@code TenantReads} read brought along (no statement of its own), or else one more statement per read, whatever the
 * number of products.
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

    /** Whether products get images: ask the reads of products to bring them along ({@code TenantReads}). */
    boolean wanted() {
        return media != null;
    }

    PricedProduct attach(TenantId tenant, PricedProduct product) {
        return attach(tenant, product, Optional.empty());
    }

    Page<PricedProduct> attach(TenantId tenant, Page<PricedProduct> page) {
        return attach(tenant, page, Optional.empty());
    }

    /** {@link #attach(TenantId, PricedProduct)} with the images already {@code read} (read here when empty). */
    PricedProduct attach(TenantId tenant, PricedProduct product, Optional<Map<ProductId, List<AttachedImage>>> read) {
        return attach(tenant, List.of(product), read).getFirst();
    }

    /** {@link #attach(TenantId, Page)} with the images already {@code read} (read here when empty). */
    Page<PricedProduct> attach(
            TenantId tenant, Page<PricedProduct> page, Optional<Map<ProductId, List<AttachedImage>>> read) {
        return new Page<>(attach(tenant, page.items(), read), page.nextCursor());
    }

    List<PricedProduct> attach(TenantId tenant, List<PricedProduct> products) {
        return attach(tenant, products, Optional.empty());
    }

    private List<PricedProduct> attach(
            TenantId tenant, List<PricedProduct> products, Optional<Map<ProductId, List<AttachedImage>>> read) {
        if (media == null || products.isEmpty()) {
            return products;
        }
        Map<ProductId, List<AttachedImage>> images = read.orElseGet(() ->
                media.imagesOf(products.stream().map(p -> p.product().id()).toList()));
        List<PricedProduct> attached = new ArrayList<>(products.size());
        for (PricedProduct product : products) {
            List<AttachedImage> found = images.getOrDefault(product.product().id(), List.of());
            // Most products of a page have no image: they stay as they are, without a stream each.
            attached.add(found.isEmpty() && product.images().isEmpty() ? product
                    : product.withImages(found.stream().map(image -> view(tenant, image)).toList()));
        }
        return List.copyOf(attached);
    }

    private ProductImage view(TenantId tenant, AttachedImage image) {
        MediaAsset asset = image.asset();
        var size = asset.dimensions().orElseThrow();
        return new ProductImage(asset.id(), store.publicUrl(MediaAsset.objectKey(tenant, asset.id())), size.width(),
                size.height(), image.alt());
    }
}
