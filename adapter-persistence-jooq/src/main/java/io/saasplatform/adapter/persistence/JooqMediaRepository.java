package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.schema.Tables.MEDIA_ASSETS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCT_IMAGES;
import static io.saasplatform.adapter.persistence.schema.Tables.STOREFRONT_CONFIG;

import io.saasplatform.adapter.persistence.schema.tables.records.MediaAssetsRecord;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.domain.BackgroundWork;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.MediaStatus;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * Media assets and product images of the bound tenant (row-level security, plus explicit {@code tenant_id = ?}
 * predicates). Inserting a pending upload schedules its expiry and deleting an asset schedules the deletion of its
 * object, each in the caller's transaction (db-scheduler executions named {@code <tenant>/<media id>}).
 */
final class JooqMediaRepository implements MediaRepository {
    // The columns of an imagesQuery row, 1-based, for reading it by column.
    private static final List<Field<?>> IMAGE_COLUMNS = imagesQuery(new UUID(0, 0), DSL.trueCondition()).getSelect();
    private static final int IMAGE_PRODUCT_ID = IMAGE_COLUMNS.indexOf(PRODUCT_IMAGES.PRODUCT_ID) + 1;
    private static final int IMAGE_ALT = IMAGE_COLUMNS.indexOf(PRODUCT_IMAGES.ALT) + 1;
    private static final int[] ASSET_COLUMNS =
            Arrays.stream(MEDIA_ASSETS.fields()).mapToInt(field -> IMAGE_COLUMNS.indexOf(field) + 1).toArray();

    private final JooqUnitOfWork unitOfWork;
    private final Clock clock;

    JooqMediaRepository(JooqUnitOfWork unitOfWork, Clock clock) {
        this.unitOfWork = unitOfWork;
        this.clock = clock;
    }

    @Override
    public void insert(MediaAsset asset, Instant expireAt) {
        DSLContext dsl = dsl();
        dsl.insertInto(MEDIA_ASSETS)
                .set(MEDIA_ASSETS.TENANT_ID, tenant())
                .set(MEDIA_ASSETS.ID, asset.id())
                .set(MEDIA_ASSETS.STATUS, asset.status().wireName())
                .set(MEDIA_ASSETS.FILENAME, asset.filename())
                .set(MEDIA_ASSETS.CONTENT_TYPE, asset.type().mediaType())
                .set(MEDIA_ASSETS.BYTE_SIZE, asset.byteSize())
                .set(MEDIA_ASSETS.WIDTH, asset.dimensions().map(ImageType.Dimensions::width).orElse(null))
                .set(MEDIA_ASSETS.HEIGHT, asset.dimensions().map(ImageType.Dimensions::height).orElse(null))
                .set(MEDIA_ASSETS.CREATED_BY, asset.createdBy().value())
                .set(MEDIA_ASSETS.CREATED_AT, column(asset.createdAt()))
                .set(MEDIA_ASSETS.UPDATED_AT, column(asset.updatedAt()))
                .set(MEDIA_ASSETS.UPLOAD_EXPIRES_AT, column(asset.uploadExpiresAt()))
                .execute();
        ScheduledExecutions.schedule(dsl,
                new BackgroundWork(BackgroundWork.Kind.MEDIA_UPLOAD_EXPIRY, unitOfWork.require(), asset.id()), expireAt);
    }

    @Override
    public Optional<MediaAsset> find(UUID id) {
        return dsl().selectFrom(MEDIA_ASSETS)
                .where(byId(id))
                .fetchOptional(JooqMediaRepository::toAsset);
    }

    @Override
    public int countPendingLocked() {
        DSLContext dsl = dsl();
        // Transaction-scoped: released at COMMIT or ROLLBACK. Serialises the check-then-insert of the pending cap.
        dsl.select(DSL.field("pg_advisory_xact_lock(hashtextextended({0}, 0))", Object.class,
                        DSL.val("media-pending:" + tenant())))
                .fetch();
        return dsl.fetchCount(MEDIA_ASSETS, MEDIA_ASSETS.TENANT_ID.eq(tenant()).and(MEDIA_ASSETS.STATUS.eq("pending")));
    }

    @Override
    public boolean markReady(UUID id, ImageType.Dimensions dimensions, Instant at) {
        return dsl().update(MEDIA_ASSETS)
                        .set(MEDIA_ASSETS.STATUS, MediaStatus.READY.wireName())
                        .set(MEDIA_ASSETS.WIDTH, dimensions.width())
                        .set(MEDIA_ASSETS.HEIGHT, dimensions.height())
                        .set(MEDIA_ASSETS.COMPLETED_AT, column(at))
                        .set(MEDIA_ASSETS.UPDATED_AT, DSL.greatest(DSL.val(column(at)), MEDIA_ASSETS.UPDATED_AT))
                        .where(byId(id), MEDIA_ASSETS.STATUS.eq("pending"))
                        .execute()
                == 1;
    }

    @Override
    public boolean markRejected(UUID id, Instant at) {
        return dsl().update(MEDIA_ASSETS)
                        .set(MEDIA_ASSETS.STATUS, MediaStatus.REJECTED.wireName())
                        .set(MEDIA_ASSETS.COMPLETED_AT, column(at))
                        .set(MEDIA_ASSETS.UPDATED_AT, DSL.greatest(DSL.val(column(at)), MEDIA_ASSETS.UPDATED_AT))
                        .where(byId(id), MEDIA_ASSETS.STATUS.eq("pending"))
                        .execute()
                == 1;
    }

    @Override
    public List<MediaAsset> list(Optional<Keyset> after, int limit) {
        Condition condition = MEDIA_ASSETS.TENANT_ID.eq(tenant());
        if (after.isPresent()) {
            condition = condition.and(DSL.row(MEDIA_ASSETS.CREATED_AT, MEDIA_ASSETS.ID)
                    .lt(column(after.get().createdAt()), after.get().id()));
        }
        return dsl().selectFrom(MEDIA_ASSETS)
                .where(condition)
                .orderBy(MEDIA_ASSETS.CREATED_AT.desc(), MEDIA_ASSETS.ID.desc())
                .limit(limit)
                .fetch(JooqMediaRepository::toAsset);
    }

    @Override
    public List<ProductId> productsUsing(UUID id) {
        return dsl().select(PRODUCT_IMAGES.PRODUCT_ID)
                .from(PRODUCT_IMAGES)
                .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.MEDIA_ID.eq(id))
                .orderBy(PRODUCT_IMAGES.PRODUCT_ID)
                .fetch(r -> new ProductId(r.value1()));
    }

    @Override
    public void detachEverywhere(UUID id) {
        DSLContext dsl = dsl();
        List<UUID> products = dsl.deleteFrom(PRODUCT_IMAGES)
                .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.MEDIA_ID.eq(id))
                .returning(PRODUCT_IMAGES.PRODUCT_ID)
                .fetch(PRODUCT_IMAGES.PRODUCT_ID);
        // Close the gaps the removed image left, keeping the order; ascending, each move goes to a position just freed.
        for (UUID product : products) {
            renumber(dsl, product);
        }
        dsl.update(STOREFRONT_CONFIG)
                .set(STOREFRONT_CONFIG.LOGO_MEDIA_ID, (UUID) null)
                .set(STOREFRONT_CONFIG.VERSION, STOREFRONT_CONFIG.VERSION.plus(1))
                .set(STOREFRONT_CONFIG.UPDATED_AT, Timestamps.touched(STOREFRONT_CONFIG.UPDATED_AT))
                .where(STOREFRONT_CONFIG.TENANT_ID.eq(tenant()), STOREFRONT_CONFIG.LOGO_MEDIA_ID.eq(id))
                .execute();
    }

    private void renumber(DSLContext dsl, UUID product) {
        List<UUID> order = dsl.select(PRODUCT_IMAGES.MEDIA_ID)
                .from(PRODUCT_IMAGES)
                .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(product))
                .orderBy(PRODUCT_IMAGES.POSITION)
                .fetch(PRODUCT_IMAGES.MEDIA_ID);
        for (int i = 0; i < order.size(); i++) {
            dsl.update(PRODUCT_IMAGES)
                    .set(PRODUCT_IMAGES.POSITION, (short) i)
                    .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(product),
                            PRODUCT_IMAGES.MEDIA_ID.eq(order.get(i)))
                    .execute();
        }
    }

    @Override
    public boolean delete(UUID id) {
        DSLContext dsl = dsl();
        boolean deleted = dsl.deleteFrom(MEDIA_ASSETS).where(byId(id)).execute() == 1;
        if (deleted) {
            ScheduledExecutions.schedule(dsl,
                    new BackgroundWork(BackgroundWork.Kind.MEDIA_OBJECT_DELETE, unitOfWork.require(), id), clock.instant());
        }
        return deleted;
    }

    @Override
    public Map<ProductId, List<AttachedImage>> imagesOf(Collection<ProductId> products) {
        List<UUID> ids = new ArrayList<>(products.size());
        products.forEach(p -> ids.add(p.value()));
        return images(dsl().fetch(imagesQuery(tenant(), PRODUCT_IMAGES.PRODUCT_ID.in(ids))));
    }

    /**
     * The statement of {@link #imagesOf} for {@code tenant}, its products chosen by {@code products} (a condition on
     * {@code product_images.product_id}: a list of ids, or a subquery of the products a read returns).
     */
    static Select<? extends Record> imagesQuery(UUID tenant, Condition products) {
        return DSL.select(PRODUCT_IMAGES.PRODUCT_ID, PRODUCT_IMAGES.ALT)
                .select(MEDIA_ASSETS.fields())
                .from(PRODUCT_IMAGES)
                .join(MEDIA_ASSETS)
                .on(MEDIA_ASSETS.TENANT_ID.eq(PRODUCT_IMAGES.TENANT_ID), MEDIA_ASSETS.ID.eq(PRODUCT_IMAGES.MEDIA_ID))
                // The status inline: a fused read learns its bind values from samples, and this one is no sample.
                .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant), products,
                        MEDIA_ASSETS.STATUS.eq(DSL.inline(MediaStatus.READY.wireName())))
                .orderBy(PRODUCT_IMAGES.PRODUCT_ID, PRODUCT_IMAGES.POSITION);
    }

    /** The rows of {@link #imagesQuery} as {@link #imagesOf} answers them. */
    static Map<ProductId, List<AttachedImage>> images(Result<? extends Record> rows) {
        Map<ProductId, List<AttachedImage>> images = new LinkedHashMap<>();
        for (Record r : rows) {
            attach(images, r.get(PRODUCT_IMAGES.PRODUCT_ID), toAsset(r.into(MEDIA_ASSETS)), r.get(PRODUCT_IMAGES.ALT));
        }
        return images;
    }

    /**
     * The same from the statement's JDBC answer, read by column without a jOOQ cursor (which cost the storefront page
     * more than the statement's answer, even an empty one): each asset's columns into its record, mapped by
     * {@link #toAsset}.
     */
    static Map<ProductId, List<AttachedImage>> images(ResultSet rows) throws SQLException {
        Map<ProductId, List<AttachedImage>> images = new LinkedHashMap<>();
        while (rows.next()) {
            MediaAssetsRecord asset = new MediaAssetsRecord();
            for (int i = 0; i < ASSET_COLUMNS.length; i++) {
                Field<?> field = MEDIA_ASSETS.field(i);
                asset.set(anyValue(field), rows.getObject(ASSET_COLUMNS[i], field.getType()));
            }
            attach(images, rows.getObject(IMAGE_PRODUCT_ID, UUID.class), toAsset(asset), rows.getString(IMAGE_ALT));
        }
        return images;
    }

    private static void attach(Map<ProductId, List<AttachedImage>> images, UUID product, MediaAsset asset, String alt) {
        images.computeIfAbsent(new ProductId(product), k -> new ArrayList<>()).add(new AttachedImage(asset, alt));
    }

    @SuppressWarnings("unchecked") // set with a value read as the field's own type
    private static Field<Object> anyValue(Field<?> field) {
        return (Field<Object>) field;
    }

    @Override
    public void replaceImages(ProductId product, List<ImageLink> images) {
        DSLContext dsl = dsl();
        dsl.deleteFrom(PRODUCT_IMAGES)
                .where(PRODUCT_IMAGES.TENANT_ID.eq(tenant()), PRODUCT_IMAGES.PRODUCT_ID.eq(product.value()))
                .execute();
        if (images.isEmpty()) {
            return;
        }
        var insert = dsl.insertInto(PRODUCT_IMAGES, PRODUCT_IMAGES.TENANT_ID, PRODUCT_IMAGES.PRODUCT_ID,
                PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.MEDIA_ID, PRODUCT_IMAGES.ALT);
        for (int i = 0; i < images.size(); i++) {
            ImageLink image = images.get(i);
            insert = insert.values(tenant(), product.value(), (short) i, image.mediaId(),
                    image.alt() == null || image.alt().isEmpty() ? null : image.alt());
        }
        insert.execute();
    }

    static MediaAsset toAsset(Record r) {
        return toAsset(r.into(MEDIA_ASSETS));
    }

    static MediaAsset toAsset(MediaAssetsRecord row) {
        Optional<ImageType.Dimensions> size = row.getWidth() == null
                ? Optional.empty()
                : Optional.of(new ImageType.Dimensions(row.getWidth(), row.getHeight()));
        return new MediaAsset(row.getId(), MediaStatus.parse(row.getStatus()), row.getFilename(),
                ImageType.ofMediaType(row.getContentType()).orElseThrow(), row.getByteSize(), size,
                new UserId(row.getCreatedBy()), instant(row.getCreatedAt()), instant(row.getUpdatedAt()),
                instant(row.getUploadExpiresAt()));
    }

    private Condition byId(UUID id) {
        return MEDIA_ASSETS.TENANT_ID.eq(tenant()).and(MEDIA_ASSETS.ID.eq(id));
    }

    private DSLContext dsl() {
        return unitOfWork.transaction().dsl();
    }

    private UUID tenant() {
        return unitOfWork.require().value();
    }
}
