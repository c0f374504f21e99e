package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.StorefrontConfigRepository;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.MediaStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** Application service: the storefront configuration of a shop and its public face. */
public final class StorefrontConfigService implements StorefrontConfigUseCase {
    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final TenantRepository tenants;
    private final StorefrontConfigRepository configs;
    private final MediaRepository media;
    private final Clock clock;
    private final ShopFaces faces;

    public StorefrontConfigService(UnitOfWork unitOfWork, MembershipRepository memberships, TenantRepository tenants,
            StorefrontConfigRepository configs, MediaRepository media, ObjectStore store, Clock clock) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.configs = Objects.requireNonNull(configs, "configs");
        this.media = Objects.requireNonNull(media, "media");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.faces = ShopFaces.from(configs, media, store);
    }

    @Override
    public StorefrontConfig get(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "reading the storefront configuration");
            return current(actor.tenant());
        });
    }

    @Override
    public StorefrontConfig put(Actor actor, Draft draft, OptionalLong expectedVersion) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(draft, "draft");
        List<StorefrontConfig.Link> links = draft.links() == null ? List.of() : draft.links().stream()
                .map(link -> {
                    if (link == null) {
                        throw new InvalidValueException("links", "every link must be an object with label and url");
                    }
                    return StorefrontConfig.Link.of(link.label(), link.url());
                })
                .toList();
        if (draft.links() != null && draft.links().size() > StorefrontConfig.MAX_LINKS) {
            throw new InvalidValueException("links", "links must have at most " + StorefrontConfig.MAX_LINKS + " items");
        }
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "changing the storefront configuration");
            StorefrontConfig stored = current(actor.tenant());
            if (expectedVersion != null && expectedVersion.isPresent()
                    && expectedVersion.getAsLong() != stored.version()) {
                throw new PreconditionFailedException("storefront configuration");
            }
            Optional<java.util.UUID> logo = Optional.ofNullable(draft.logoMediaId());
            logo.ifPresent(id -> {
                MediaAsset asset = media.find(id).orElseThrow(() -> new NotFoundException("media"));
                if (asset.status() != MediaStatus.READY) {
                    throw new ConflictException("media-not-ready", "logoMediaId", "media " + id + " is " + asset.status().wireName()
                            + "; only a ready image can be the logo");
                }
            });
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            // The first save creates the configuration; later saves keep its createdAt.
            StorefrontConfig wanted = new StorefrontConfig(draft.title(), draft.tagline(), logo,
                    Optional.ofNullable(draft.accentColor()), draft.seoDescription(), links, stored.version(),
                    Optional.of(stored.createdAt().orElse(now)), Optional.of(now));
            return configs.save(wanted, stored.version())
                    .orElseThrow(() -> new PreconditionFailedException("storefront configuration"));
        });
    }

    @Override
    public ShopFace face(String shopSlug) {
        Slug slug;
        try {
            slug = Slug.of(shopSlug);
        } catch (InvalidValueException e) {
            throw new NotFoundException("shop");
        }
        Tenant shop = unitOfWork.withoutTenant(() -> tenants.findBySlug(slug))
                .orElseThrow(() -> new NotFoundException("shop"));
        return face(shop);
    }

    @Override
    public ShopFace face(Tenant shop) {
        return unitOfWork.readInTenant(shop.id(), () -> faces.of(shop).orElseThrow());
    }

    /**
     * Builds shops' faces from what the storefront's reads bring along (or reads them): pass it to
     * {@link StorefrontService#withShopFaces}, so that a storefront page reads its shop's face with its content.
     */
    public ShopFaces shopFaces() {
        return faces;
    }

    private StorefrontConfig current(TenantId tenant) {
        return configs.find().orElseGet(() -> StorefrontConfig.defaultsFor(
                tenants.findById(tenant).orElseThrow(() -> new NotFoundException("tenant")).name()));
    }
}
