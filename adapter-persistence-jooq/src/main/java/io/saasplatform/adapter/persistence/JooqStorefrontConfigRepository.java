package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.schema.Tables.MEDIA_ASSETS;
import static io.saasplatform.adapter.persistence.schema.Tables.STOREFRONT_CONFIG;

import io.saasplatform.adapter.persistence.schema.tables.records.StorefrontConfigRecord;
import io.saasplatform.application.port.out.StorefrontConfigRepository;
import io.saasplatform.application.port.out.TenantReads.Face;
import io.saasplatform.domain.StorefrontConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The bound tenant's storefront configuration: one row, written by an upsert whose version check makes concurrent
 * saves with the same expected version succeed once (row-level security, plus explicit {@code tenant_id = ?}).
 */
final class JooqStorefrontConfigRepository implements StorefrontConfigRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqStorefrontConfigRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public Optional<StorefrontConfig> find() {
        return unitOfWork.transaction().dsl().selectFrom(STOREFRONT_CONFIG)
                .where(STOREFRONT_CONFIG.TENANT_ID.eq(tenant()))
                .fetchOptional(JooqStorefrontConfigRepository::toConfig);
    }

    @Override
    public Optional<StorefrontConfig> save(StorefrontConfig config, long expectedVersion) {
        String[] labels = config.links().stream().map(StorefrontConfig.Link::label).toArray(String[]::new);
        String[] urls = config.links().stream().map(l -> l.url().toString()).toArray(String[]::new);
        var dsl = unitOfWork.transaction().dsl();
        if (expectedVersion == 0) {
            // The first save: inserts, or finds that a concurrent first save won (its row is then version 1).
            return dsl.insertInto(STOREFRONT_CONFIG)
                    .set(STOREFRONT_CONFIG.TENANT_ID, tenant())
                    .set(STOREFRONT_CONFIG.TITLE, config.title())
                    .set(STOREFRONT_CONFIG.TAGLINE, config.tagline())
                    .set(STOREFRONT_CONFIG.LOGO_MEDIA_ID, config.logoMediaId().orElse(null))
                    .set(STOREFRONT_CONFIG.ACCENT_COLOR, config.accentColor().orElse(null))
                    .set(STOREFRONT_CONFIG.SEO_DESCRIPTION, config.seoDescription())
                    .set(STOREFRONT_CONFIG.LINK_LABELS, labels)
                    .set(STOREFRONT_CONFIG.LINK_URLS, urls)
                    .set(STOREFRONT_CONFIG.VERSION, 1L)
                    .set(STOREFRONT_CONFIG.CREATED_AT, column(config.createdAt().orElseThrow()))
                    .set(STOREFRONT_CONFIG.UPDATED_AT, column(config.updatedAt().orElseThrow()))
                    .onConflictDoNothing()
                    .returning()
                    .fetchOptional()
                    .map(JooqStorefrontConfigRepository::toConfig);
        }
        return dsl.update(STOREFRONT_CONFIG)
                .set(STOREFRONT_CONFIG.TITLE, config.title())
                .set(STOREFRONT_CONFIG.TAGLINE, config.tagline())
                .set(STOREFRONT_CONFIG.LOGO_MEDIA_ID, config.logoMediaId().orElse(null))
                .set(STOREFRONT_CONFIG.ACCENT_COLOR, config.accentColor().orElse(null))
                .set(STOREFRONT_CONFIG.SEO_DESCRIPTION, config.seoDescription())
                .set(STOREFRONT_CONFIG.LINK_LABELS, labels)
                .set(STOREFRONT_CONFIG.LINK_URLS, urls)
                .set(STOREFRONT_CONFIG.VERSION, STOREFRONT_CONFIG.VERSION.plus(1))
                .set(STOREFRONT_CONFIG.UPDATED_AT, column(config.updatedAt().orElseThrow()))
                .where(STOREFRONT_CONFIG.TENANT_ID.eq(tenant()), STOREFRONT_CONFIG.VERSION.eq(expectedVersion))
                .returning()
                .fetchOptional()
                .map(JooqStorefrontConfigRepository::toConfig);
    }

    /**
     * The shop's face in one statement: its configuration row (none before the first save) and the media asset its logo
     * names, whatever the asset's status (left join: none without a logo or when the asset is gone). Row-level security
     * scopes both tables, and each names the tenant explicitly too.
     */
    static Select<Record> faceQuery(UUID tenant) {
        return DSL.select(STOREFRONT_CONFIG.fields())
                .select(MEDIA_ASSETS.fields())
                .from(STOREFRONT_CONFIG)
                .leftJoin(MEDIA_ASSETS)
                .on(MEDIA_ASSETS.TENANT_ID.eq(STOREFRONT_CONFIG.TENANT_ID))
                .and(MEDIA_ASSETS.ID.eq(STOREFRONT_CONFIG.LOGO_MEDIA_ID))
                .where(STOREFRONT_CONFIG.TENANT_ID.eq(tenant));
    }

    /** The rows of {@link #faceQuery}, mapped as {@link #find} and {@link JooqMediaRepository#find} map them. */
    static Face face(Result<? extends Record> rows) {
        if (rows.isEmpty()) {
            return new Face(Optional.empty(), Optional.empty());
        }
        Record row = rows.getFirst();
        return new Face(Optional.of(toConfig(row.into(STOREFRONT_CONFIG))),
                row.get(MEDIA_ASSETS.ID) == null ? Optional.empty()
                        : Optional.of(JooqMediaRepository.toAsset(row.into(MEDIA_ASSETS))));
    }

    private static StorefrontConfig toConfig(StorefrontConfigRecord r) {
        List<StorefrontConfig.Link> links = new ArrayList<>();
        String[] labels = r.getLinkLabels();
        String[] urls = r.getLinkUrls();
        for (int i = 0; i < labels.length; i++) {
            links.add(new StorefrontConfig.Link(labels[i], URI.create(urls[i])));
        }
        return new StorefrontConfig(r.getTitle(), r.getTagline(), Optional.ofNullable(r.getLogoMediaId()),
                Optional.ofNullable(r.getAccentColor()), r.getSeoDescription(), links, r.getVersion(),
                Optional.of(instant(r.getCreatedAt())), Optional.of(instant(r.getUpdatedAt())));
    }

    private UUID tenant() {
        return unitOfWork.require().value();
    }
}
