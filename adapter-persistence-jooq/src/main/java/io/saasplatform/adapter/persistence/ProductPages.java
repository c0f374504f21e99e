package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORIES;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCT_IMAGES;
import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.CatalogRepository.TenantPage;
import io.saasplatform.application.port.out.MediaRepository.AttachedImage;
import io.saasplatform.application.port.out.TenantReads.Face;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.exception.DataAccessException;

/**
 * The product listings of {@link JooqCatalogRepository} on their hot path. jOOQ builds each statement (exactly
 * {@link JooqCatalogRepository#pageQuery}, preceded by {@link JooqCatalogRepository#tenantQuery} when the tenant's row
 * comes along) and renders it once per shape of query — its statuses, sort, which filters, whether a keyset follows
 * and whether the tenant's row comes along — then every page of that shape runs the cached text with plain JDBC and
 * reads its rows without jOOQ records.
 *
 * <p>A storefront page is the platform's most frequent request, and rendering its SELECT, then reading the rows
 * through jOOQ records (which fetch {@code timestamptz} as text and parse it), cost more CPU than PostgreSQL spends
 * answering it. The text is stable per shape, so pgjdbc prepares it server-side after a few runs, as it would jOOQ's.
 *
 * <p>Which bind value plays which part is learnt, not assumed: the shape is rendered from a query of sample values,
 * each unlike any other, and the bind values jOOQ reports, in order, are matched back to them.
 */
final class ProductPages {
    // The samples a shape is rendered from; no two alike, and none like a status's wire name.
    private static final UUID SAMPLE_TENANT = UUID.fromString("00000000-0000-4000-8000-00000000a001");
    private static final UUID SAMPLE_CATEGORY = UUID.fromString("00000000-0000-4000-8000-00000000a002");
    private static final UUID SAMPLE_AFTER_ID = UUID.fromString("00000000-0000-4000-8000-00000000a003");
    private static final BigDecimal SAMPLE_MIN_PRICE = new BigDecimal("111111.111");
    private static final BigDecimal SAMPLE_MAX_PRICE = new BigDecimal("222222.222");
    private static final String SAMPLE_TEXT = "sample text of a product page shape";
    private static final int SAMPLE_LIMIT = 444_444_444;

    // Columns of a page row and of the tenant's row, 1-based.
    private static final int ID = PRODUCTS.indexOf(PRODUCTS.ID) + 1;
    private static final int CATEGORY_ID = PRODUCTS.indexOf(PRODUCTS.CATEGORY_ID) + 1;
    private static final int NAME = PRODUCTS.indexOf(PRODUCTS.NAME) + 1;
    private static final int SLUG = PRODUCTS.indexOf(PRODUCTS.SLUG) + 1;
    private static final int DESCRIPTION = PRODUCTS.indexOf(PRODUCTS.DESCRIPTION) + 1;
    private static final int PRICE = PRODUCTS.indexOf(PRODUCTS.PRICE) + 1;
    private static final int CURRENCY = PRODUCTS.indexOf(PRODUCTS.CURRENCY) + 1;
    private static final int STATUS = PRODUCTS.indexOf(PRODUCTS.STATUS) + 1;
    private static final int VERSION = PRODUCTS.indexOf(PRODUCTS.VERSION) + 1;
    private static final int CREATED_AT = PRODUCTS.indexOf(PRODUCTS.CREATED_AT) + 1;
    private static final int UPDATED_AT = PRODUCTS.indexOf(PRODUCTS.UPDATED_AT) + 1;
    private static final int TENANT_ID = JooqCatalogRepository.TENANT_FIELDS.indexOf(TENANTS.ID) + 1;
    private static final int TENANT_SLUG = JooqCatalogRepository.TENANT_FIELDS.indexOf(TENANTS.SLUG) + 1;
    private static final int TENANT_NAME = JooqCatalogRepository.TENANT_FIELDS.indexOf(TENANTS.NAME) + 1;
    private static final int TENANT_CURRENCY =
            JooqCatalogRepository.TENANT_FIELDS.indexOf(TENANTS.DEFAULT_CURRENCY) + 1;

    private static final Map<String, ProductStatus> STATUSES = Arrays.stream(ProductStatus.values())
            .collect(Collectors.toUnmodifiableMap(ProductStatus::wireName, status -> status));

    private static final List<Field<?>> FACE_FIELDS = JooqStorefrontConfigRepository.faceQuery(SAMPLE_TENANT).getSelect();

    private final ConcurrentHashMap<Shape, Statement> statements = new ConcurrentHashMap<>();

    /** {@link JooqCatalogRepository#findProducts} in a unit of work with a tenant bound. */
    List<Product> products(Transaction transaction, ProductQuery query) {
        Statement statement = statement(transaction::dsl, Shape.of(query, false));
        return statement.run(transaction, query, executed -> {
            try (ResultSet rows = executed.executeQuery()) {
                return products(rows);
            }
        });
    }

    /**
     * {@link JooqCatalogRepository#findTenantWithProducts}: the tenant's row and the page, two statements in one round
     * trip (pgjdbc sends every statement of a multi-statement text before it reads the answers).
     */
    Optional<TenantPage> tenantWithProducts(Transaction transaction, ProductQuery query) {
        return tenantWithProducts(transaction, query, false)
                .map(listed -> new TenantPage(listed.tenant(), listed.products()));
    }

    /**
     * The tenant's row and the page and, with {@code images}, a third statement in the same execution: the images of
     * the page's products ({@link JooqMediaRepository#imagesQuery}, the page's ids chosen by the page statement again as
     * a subquery, so that nothing waits for the page's answer).
     */
    Optional<Listed> tenantWithProducts(Transaction transaction, ProductQuery query, boolean images) {
        return listed(transaction, query, Shape.of(query, true, images));
    }

    /**
     * A shop's front page: the tenant's row, with {@code face} the shop's face
     * ({@link JooqStorefrontConfigRepository#faceQuery}), its categories, the page and, with {@code images}, the page's
     * images, all in one execution.
     */
    Optional<Listed> tenantFront(Transaction transaction, ProductQuery query, boolean images, boolean face) {
        return listed(transaction, query, Shape.front(query, images, face));
    }

    private Optional<Listed> listed(Transaction transaction, ProductQuery query, Shape shape) {
        Statement statement = statement(transaction::dsl, shape);
        return statement.run(transaction, query, executed -> {
            executed.execute();
            Tenant tenant;
            try (ResultSet row = executed.getResultSet()) {
                tenant = row.next() ? tenant(row) : null;
            }
            Optional<Face> face = Optional.empty();
            if (shape.withFace()) {
                next(executed, statement, "the face");
                try (ResultSet rows = executed.getResultSet()) {
                    face = Optional.of(JooqStorefrontConfigRepository.face(
                            transaction.dsl().fetch(rows, FACE_FIELDS.toArray(Field<?>[]::new))));
                }
            }
            List<Category> categories = List.of();
            if (shape.withCategories()) {
                next(executed, statement, "the categories");
                try (ResultSet rows = executed.getResultSet()) {
                    categories = categories(rows);
                }
            }
            next(executed, statement, "the page's rows");
            List<Product> products;
            try (ResultSet rows = executed.getResultSet()) {
                products = products(rows);
            }
            Optional<Map<ProductId, List<AttachedImage>>> attached = Optional.empty();
            if (shape.withImages()) {
                next(executed, statement, "the images");
                try (ResultSet rows = executed.getResultSet()) {
                    attached = Optional.of(JooqMediaRepository.images(rows));
                }
            }
            return tenant == null ? Optional.empty()
                    : Optional.of(new Listed(tenant, categories, products, attached, face));
        });
    }

    private static void next(PreparedStatement executed, Statement statement, String what) throws SQLException {
        if (!executed.getMoreResults()) {
            throw new IllegalStateException(what + " did not follow in the answer of " + statement.sql());
        }
    }

    /**
     * A tenant's row, its categories (when asked for, else none), a page of its products and, when asked for, their
     * images and the shop's face.
     */
    record Listed(Tenant tenant, List<Category> categories, List<Product> products,
            Optional<Map<ProductId, List<AttachedImage>>> images, Optional<Face> face) {}

    /** The cached statement of {@code shape}, rendered on first use: only then is {@code dsl} asked for a context. */
    Statement statement(Supplier<DSLContext> dsl, Shape shape) {
        Statement cached = statements.get(shape);
        return cached != null ? cached : statements.computeIfAbsent(shape, s -> render(dsl.get(), s));
    }

    private static Statement render(DSLContext dsl, Shape shape) {
        ProductQuery sample = shape.sample();
        List<ResultQuery<?>> queries = new ArrayList<>();
        if (shape.withTenant()) {
            queries.add(JooqCatalogRepository.tenantQuery(SAMPLE_TENANT));
        }
        if (shape.withFace()) {
            queries.add(JooqStorefrontConfigRepository.faceQuery(SAMPLE_TENANT));
        }
        if (shape.withCategories()) {
            queries.add(JooqCatalogRepository.categoriesQuery(SAMPLE_TENANT));
        }
        Select<Record> page = JooqCatalogRepository.pageQuery(SAMPLE_TENANT, sample);
        queries.add(page);
        if (shape.withImages()) {
            queries.add(JooqMediaRepository.imagesQuery(SAMPLE_TENANT, listedIn(page)));
        }
        List<String> sql = new ArrayList<>();
        List<Function<Arguments, Object>> binds = new ArrayList<>();
        for (ResultQuery<?> query : queries) {
            sql.add(dsl.render(query));
            for (Object value : query.getBindValues()) {
                binds.add(bindOf(value, sample));
            }
        }
        return new Statement(String.join(";", sql), List.copyOf(binds));
    }

    /** What a bind value of the sample query stands for, as a function of the arguments of a real one. */
    private static Function<Arguments, Object> bindOf(Object value, ProductQuery sample) {
        if (SAMPLE_TENANT.equals(value)) {
            return Arguments::tenant;
        }
        if (SAMPLE_CATEGORY.equals(value)) {
            return arguments -> arguments.query().category().orElseThrow().value();
        }
        if (Long.valueOf(JooqCatalogRepository.minMillis(SAMPLE_MIN_PRICE)).equals(value)) {
            return arguments -> JooqCatalogRepository.minMillis(arguments.query().minPrice().orElseThrow());
        }
        if (Long.valueOf(JooqCatalogRepository.maxMillis(SAMPLE_MAX_PRICE)).equals(value)) {
            return arguments -> JooqCatalogRepository.maxMillis(arguments.query().maxPrice().orElseThrow());
        }
        if (JooqCatalogRepository.likePattern(SAMPLE_TEXT).equals(value)) {
            return arguments -> JooqCatalogRepository.likePattern(arguments.query().text().orElseThrow());
        }
        if (SAMPLE_AFTER_ID.equals(value)) {
            return arguments -> arguments.query().after().orElseThrow().id().value();
        }
        if (sample.after().isPresent()
                && JooqCatalogRepository.keysetValue(sample.sort(), sample.after().get()).equals(value)) {
            return arguments -> arguments.keysetValue();
        }
        if (value instanceof Number number && number.longValue() == SAMPLE_LIMIT) {
            // As jOOQ binds it (a bigint), so that the statement keeps the parameter types pgjdbc prepared it with.
            return arguments -> (long) arguments.query().limit();
        }
        for (ProductStatus status : sample.statuses()) {
            if (status.wireName().equals(value)) {
                String wireName = status.wireName();
                return arguments -> wireName;
            }
        }
        throw new IllegalStateException("the product page statement binds a value of unknown origin: " + value);
    }

    /** {@code product_images.product_id} among the ids {@code page} lists (the page run again as a subquery). */
    static Condition listedIn(Select<Record> page) {
        Table<Record> listed = page.asTable("listed");
        return PRODUCT_IMAGES.PRODUCT_ID.in(DSL.select(listed.field(PRODUCTS.ID.getName(), UUID.class)).from(listed));
    }

    private static List<Product> products(ResultSet rows) throws SQLException {
        List<Product> products = new ArrayList<>();
        while (rows.next()) {
            products.add(product(rows));
        }
        return products;
    }

    private static Product product(ResultSet rows) throws SQLException {
        return new Product(
                new ProductId(rows.getObject(ID, UUID.class)),
                Optional.ofNullable(rows.getObject(CATEGORY_ID, UUID.class)).map(CategoryId::new),
                rows.getString(NAME),
                Slug.of(rows.getString(SLUG)),
                Optional.ofNullable(rows.getString(DESCRIPTION)),
                rows.getBigDecimal(PRICE),
                Optional.ofNullable(rows.getString(CURRENCY)).map(CurrencyCode::of),
                status(rows.getString(STATUS)),
                rows.getLong(VERSION),
                // Read as the driver decodes it (binary once prepared): no detour through text.
                rows.getObject(CREATED_AT, OffsetDateTime.class).toInstant(),
                rows.getObject(UPDATED_AT, OffsetDateTime.class).toInstant());
    }

    /** {@link ProductStatus#parse}, without lowercasing every status's name for every row. */
    private static ProductStatus status(String wireName) {
        ProductStatus status = STATUSES.get(wireName);
        return status != null ? status : ProductStatus.parse(wireName);
    }

    /** The rows of {@link JooqCatalogRepository#categoriesQuery}, as {@code toCategory} maps them. */
    private static List<Category> categories(ResultSet rows) throws SQLException {
        List<Category> categories = new ArrayList<>();
        while (rows.next()) {
            UUID parent = rows.getObject(CATEGORIES.PARENT_ID.getName(), UUID.class);
            categories.add(new Category(
                    new CategoryId(rows.getObject(CATEGORIES.ID.getName(), UUID.class)),
                    Optional.ofNullable(parent).map(CategoryId::new),
                    rows.getString(CATEGORIES.NAME.getName()),
                    Slug.of(rows.getString(CATEGORIES.SLUG.getName())),
                    rows.getInt(CATEGORIES.POSITION.getName()),
                    rows.getLong(CATEGORIES.VERSION.getName()),
                    rows.getObject(CATEGORIES.CREATED_AT.getName(), OffsetDateTime.class).toInstant(),
                    rows.getObject(CATEGORIES.UPDATED_AT.getName(), OffsetDateTime.class).toInstant()));
        }
        return categories;
    }

    private static Tenant tenant(ResultSet rows) throws SQLException {
        return new Tenant(
                new TenantId(rows.getObject(TENANT_ID, UUID.class)),
                Slug.of(rows.getString(TENANT_SLUG)),
                rows.getString(TENANT_NAME),
                CurrencyCode.of(rows.getString(TENANT_CURRENCY)));
    }

    /**
     * What makes two queries the same statement; everything else is a bind value. Shapes are few (statuses × sorts ×
     * five optional parts × the page alone, with the tenant's row, with the row and the images, or with the row and the
     * categories as the front page reads them, with or without images and with or without the shop's face: at most
     * 5,376), so every one is kept.
     */
    record Shape(
            int statuses,
            ProductSort sort,
            boolean category,
            boolean minPrice,
            boolean maxPrice,
            boolean text,
            boolean after,
            boolean withTenant,
            boolean withImages,
            boolean withCategories,
            boolean withFace) {
        static Shape of(ProductQuery query, boolean withTenant) {
            return of(query, withTenant, false);
        }

        /**
         * The front page's read: the tenant's row, when asked for the shop's face, its categories, the page and, when
         * asked for, its images.
         */
        static Shape front(ProductQuery query, boolean withImages, boolean withFace) {
            return of(query, true, withImages, true, withFace);
        }

        static Shape of(ProductQuery query, boolean withTenant, boolean withImages) {
            return of(query, withTenant, withImages, false, false);
        }

        private static Shape of(ProductQuery query, boolean withTenant, boolean withImages, boolean withCategories,
                boolean withFace) {
            return new Shape(
                    statusBits(query.statuses()),
                    query.sort(),
                    query.category().isPresent(),
                    query.minPrice().isPresent(),
                    query.maxPrice().isPresent(),
                    query.text().isPresent(),
                    query.after().isPresent(),
                    withTenant,
                    withImages,
                    withCategories,
                    withFace);
        }

        /** The statuses, one bit each by ordinal: a key cheaper to make, hash and compare than a sorted list. */
        private static int statusBits(Set<ProductStatus> statuses) {
            int bits = 0;
            for (ProductStatus status : statuses) {
                bits |= 1 << status.ordinal();
            }
            return bits;
        }

        /** A query of this shape whose every value is a sample, unlike any other. */
        ProductQuery sample() {
            Set<ProductStatus> sampleStatuses = EnumSet.noneOf(ProductStatus.class);
            for (ProductStatus status : ProductStatus.values()) {
                if ((statuses & 1 << status.ordinal()) != 0) {
                    sampleStatuses.add(status);
                }
            }
            return new ProductQuery(
                    sampleStatuses,
                    category ? Optional.of(new CategoryId(SAMPLE_CATEGORY)) : Optional.empty(),
                    minPrice ? Optional.of(SAMPLE_MIN_PRICE) : Optional.empty(),
                    maxPrice ? Optional.of(SAMPLE_MAX_PRICE) : Optional.empty(),
                    text ? Optional.of(SAMPLE_TEXT) : Optional.empty(),
                    sort,
                    SAMPLE_LIMIT,
                    after ? Optional.of(new Keyset(sampleKeysetValue(sort), new ProductId(SAMPLE_AFTER_ID)))
                            : Optional.empty());
        }

        private static String sampleKeysetValue(ProductSort sort) {
            return switch (sort) {
                case NAME -> "sample name of a product page shape";
                case PRICE, PRICE_DESC -> "333333.333";
                case NEWEST -> "2001-02-03T04:05:06.789012Z";
            };
        }
    }

    /** The values one query binds, worked out once per run (the keyset's may be refused as a bad cursor). */
    record Arguments(UUID tenant, ProductQuery query, Object keysetValue) {}

    @FunctionalInterface
    private interface Reader<T> {
        /** Executes the statement, its values bound, and reads what it answers. */
        T read(PreparedStatement statement) throws SQLException;
    }

    /** A rendered statement and, in order, where each of its bind values comes from. */
    record Statement(String sql, List<Function<Arguments, Object>> binds) {
        <T> T run(Transaction transaction, ProductQuery query, Reader<T> reader) {
            Object keysetValue = query.after()
                    .map(keyset -> JooqCatalogRepository.keysetValue(query.sort(), keyset))
                    .orElse(null);
            Arguments arguments = new Arguments(transaction.tenantValue(), query, keysetValue);
            Object[] values = new Object[binds.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = binds.get(i).apply(arguments);
            }
            try (PreparedStatement statement = transaction.connection().prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    statement.setObject(i + 1, values[i]);
                }
                return reader.read(statement);
            } catch (SQLException e) {
                RuntimeException translated = SqlErrorTranslator.translate(e);
                throw translated != null
                        ? translated
                        : new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
            }
        }
    }
}
