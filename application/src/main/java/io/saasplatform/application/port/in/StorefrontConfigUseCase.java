package io.saasplatform.application.port.in;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Incoming port: a shop's storefront configuration, edited by admins and owners, and the public face built from it.
 * Before the first save the defaults apply: the shop's name as title, no logo.
 */
public interface StorefrontConfigUseCase {
    /** The configuration (the defaults, version 0, before any save). */
    StorefrontConfig get(Actor actor);

    /**
     * Replaces the configuration; {@link PreconditionFailedException} when {@code expectedVersion} is stale. The logo
     * must be a ready asset of this tenant ({@link io.saasplatform.domain.InvalidValueException} on
     * {@code logoMediaId} otherwise).
     */
    StorefrontConfig put(Actor actor, Draft draft, OptionalLong expectedVersion);

    /** The public face of the shop with slug {@code shopSlug}; {@link NotFoundException} ("shop") when unknown. */
    ShopFace face(String shopSlug);

    /**
     * The public face of {@code shop}, a shop the caller has just read (the storefront pages read it with the page):
     * no second lookup of the shop by its slug. The default looks it up all the same.
     */
    default ShopFace face(Tenant shop) {
        return face(shop.slug().value());
    }

    record Draft(String title, String tagline, UUID logoMediaId, String accentColor, String seoDescription,
            List<LinkDraft> links) {}

    record LinkDraft(String label, String url) {}

    /** What a visitor sees of the shop; {@code logo} present only when it is a ready image. */
    record ShopFace(String slug, String name, StorefrontConfig config, Optional<Logo> logo,
            CurrencyCode defaultCurrency) {}

    record Logo(URI url, int width, int height) {}
}
