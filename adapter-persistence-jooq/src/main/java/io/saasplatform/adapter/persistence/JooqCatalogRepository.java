package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.Timestamps.instant;
import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORIES;
import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORY_SLUG_REDIRECTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCT_SLUG_REDIRECTS;
import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;

import io.saasplatform.adapter.persistence.schema.tables.Categories;
import io.saasplatform.adapter.persistence.schema.tables.records.CategoriesRecord;
import io.saasplatform.adapter.persistence.schema.tables.records.ProductsRecord;
import io.saasplatform.adapter.persistence.schema.tables.records.TenantsRecord;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * The catalog of the bound tenant. Row-level security is the guard; the explicit {@code tenant_id = ?} predicates
 * state the intent and let the planner use the {@code (tenant_id, ...)} indexes, and inserts write the bound tenant's
 * id ({@link io.saasplatform.application.port.out.TenantContext#require()}), so no domain type carries a tenant.
 *
 * <p>Product listings are keyset queries: one index range per status from the keyset on, {@code LIMIT n}; see
 * {@link #pageQuery}.
 */
final class JooqCatalogRepository implements CatalogRepository {
    /** Constraint names of V3__catalog.sql that map to port exceptions. */
    static final String CATEGORY_SLUG_KEY = "categories_tenant_id_slug_key";
    static final String PRODUCT_SLUG_KEY = "products_tenant_id_slug_key";
    /** Raised by the trigger categories_refuse_cycle (SQLState 23514). */
    static final String CATEGORY_ACYCLIC_CHECK = "categories_acyclic_check";
    /** Far deeper than any real tree; ends the ancestor walk should a cycle ever get past the trigger. */
    private static final int MAX_DEPTH = 1_000;
    private static final BigDecimal MILLIS_PER_UNIT = BigDecimal.valueOf(1_000);
    private static final char LIKE_ESCAPE = '\\';

    /** The tenant's columns {@link #tenantQuery} reads. */
    static final List<TableField<TenantsRecord, ?>> TENANT_FIELDS =
            List.of(TENANTS.ID, TENANTS.SLUG, TENANTS.NAME, TENANTS.DEFAULT_CURRENCY);

    private final JooqUnitOfWork unitOfWork;
    private final ProductPages pages = new ProductPages();

    JooqCatalogRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    /** The cached product-page statements, shared with {@link JooqTenantReads}. */
    ProductPages pages() {
        return pages;
    }

    // --- categories ---

    @Override
    public void insertCategory(Category category) {
        // ON CONFLICT instead of catching the unique violation: the transaction stays usable, so the caller may retry
        // with another slug in the same unit of work (as JooqTenantRepository.insert).
        int inserted = unitOfWork.transaction().dsl()
                .insertInto(CATEGORIES)
                .set(CATEGORIES.ID, category.id().value())
                .set(CATEGORIES.TENANT_ID, unitOfWork.require().value())
                .set(CATEGORIES.PARENT_ID, category.parentId().map(CategoryId::value).orElse(null))
                .set(CATEGORIES.NAME, category.name())
                .set(CATEGORIES.SLUG, category.slug().value())
                .set(CATEGORIES.POSITION, category.position())
                .set(CATEGORIES.VERSION, category.version())
                .set(CATEGORIES.CREATED_AT, column(category.createdAt()))
                .set(CATEGORIES.UPDATED_AT, column(category.updatedAt()))
                .onConflict(CATEGORIES.TENANT_ID, CATEGORIES.SLUG)
                .doNothing()
                .execute();
        if (inserted == 0) {
            throw new SlugTakenException(category.slug());
        }
    }

    @Override
    public Optional<Category> findCategory(CategoryId id) {
        return categoryWhere(CATEGORIES.ID.eq(id.value()));
    }

    @Override
    public Optional<Category> findCategoryBySlug(Slug slug) {
        return categoryWhere(CATEGORIES.SLUG.eq(slug.value()));
    }

    @Override
    public List<Category> listCategories() {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(CATEGORIES)
                .where(ofBoundTenant(transaction, CATEGORIES.TENANT_ID))
                .orderBy(CATEGORIES.POSITION, CATEGORIES.NAME, CATEGORIES.ID)
                .fetch(JooqCatalogRepository::toCategory);
    }

    @Override
    public Optional<Category> updateCategory(Category category) {
        Transaction transaction = unitOfWork.transaction();
        // Compare-and-set in one statement: a concurrent change that committed first has moved the version on, and
        // READ COMMITTED re-checks the WHERE against it, so this one updates nothing. A unique violation or the cycle
        // trigger aborts the transaction; the service fails the whole unit of work on either.
        try {
            return transaction.dsl()
                    .update(CATEGORIES)
                    .set(CATEGORIES.PARENT_ID, category.parentId().map(CategoryId::value).orElse(null))
                    .set(CATEGORIES.NAME, category.name())
                    .set(CATEGORIES.SLUG, category.slug().value())
                    .set(CATEGORIES.POSITION, category.position())
                    .set(CATEGORIES.UPDATED_AT, column(category.updatedAt()))
                    .set(CATEGORIES.VERSION, CATEGORIES.VERSION.plus(1L))
                    .where(ofBoundTenant(transaction, CATEGORIES.TENANT_ID))
                    .and(CATEGORIES.ID.eq(category.id().value()))
                    .and(CATEGORIES.VERSION.eq(category.version()))
                    .returning()
                    .fetchOptional()
                    .map(JooqCatalogRepository::toCategory);
        } catch (ConstraintViolationException e) {
            if (e.violates(CATEGORY_SLUG_KEY)) {
                throw new SlugTakenException(category.slug());
            }
            if (e.violates(CATEGORY_ACYCLIC_CHECK)) {
                throw new CycleException(category.id());
            }
            throw e;
        }
    }

    @Override
    public List<CategoryId> ancestorsOf(CategoryId id) {
        Transaction transaction = unitOfWork.transaction();
        Categories c = CATEGORIES.as("c");
        CommonTableExpression<Record3<UUID, UUID, Integer>> up = DSL.name("up")
                .fields("id", "parent_id", "depth")
                .as(DSL.select(c.ID, c.PARENT_ID, DSL.inline(0))
                        .from(c)
                        .where(ofBoundTenant(transaction, c.TENANT_ID))
                        .and(c.ID.eq(id.value()))
                        .unionAll(DSL.select(c.ID, c.PARENT_ID, DSL.field(DSL.name("up", "depth"), Integer.class).plus(1))
                                .from(c)
                                .join(DSL.table(DSL.name("up")))
                                .on(c.ID.eq(DSL.field(DSL.name("up", "parent_id"), UUID.class)))
                                .where(ofBoundTenant(transaction, c.TENANT_ID))
                                .and(DSL.field(DSL.name("up", "depth"), Integer.class).lt(MAX_DEPTH))));
        Field<UUID> ancestor = up.field("id", UUID.class);
        Field<Integer> depth = up.field("depth", Integer.class);
        return transaction.dsl()
                .withRecursive(up)
                .select(ancestor)
                .from(up)
                .where(depth.gt(0))
                .orderBy(depth)
                .fetch(row -> new CategoryId(row.value1()));
    }

    @Override
    public long countChildren(CategoryId id) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl().fetchCount(CATEGORIES, ofBoundTenant(transaction, CATEGORIES.TENANT_ID)
                .and(CATEGORIES.PARENT_ID.eq(id.value())));
    }

    @Override
    public long countProductsIn(CategoryId id) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl().fetchCount(PRODUCTS, ofBoundTenant(transaction, PRODUCTS.TENANT_ID)
                .and(PRODUCTS.CATEGORY_ID.eq(id.value())));
    }

    @Override
    public long detachFrom(CategoryId id) {
        Transaction transaction = unitOfWork.transaction();
        // Moved rows change: their version moves on (so a client's stale ETag no longer matches) and updated_at is
        // the transaction's time, as the port passes no clock.
        int moved = transaction.dsl()
                .update(PRODUCTS)
                .setNull(PRODUCTS.CATEGORY_ID)
                .set(PRODUCTS.VERSION, PRODUCTS.VERSION.plus(1L))
                .set(PRODUCTS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(ofBoundTenant(transaction, PRODUCTS.TENANT_ID))
                .and(PRODUCTS.CATEGORY_ID.eq(id.value()))
                .execute();
        Categories detached = CATEGORIES.as("detached");
        transaction.dsl()
                .update(CATEGORIES)
                .set(CATEGORIES.PARENT_ID, DSL.select(detached.PARENT_ID)
                        .from(detached)
                        .where(ofBoundTenant(transaction, detached.TENANT_ID))
                        .and(detached.ID.eq(id.value())))
                .set(CATEGORIES.VERSION, CATEGORIES.VERSION.plus(1L))
                .set(CATEGORIES.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(ofBoundTenant(transaction, CATEGORIES.TENANT_ID))
                .and(CATEGORIES.PARENT_ID.eq(id.value()))
                .execute();
        return moved;
    }

    @Override
    public boolean deleteCategory(CategoryId id) {
        return deleteById(CATEGORIES_BY_SLUG, id.value());
    }

    @Override
    public boolean categorySlugTaken(Slug slug) {
        return slugTaken(CATEGORIES_BY_SLUG, slug);
    }

    @Override
    public void recordCategorySlugRedirect(CategoryId id, Slug oldSlug) {
        recordRedirect(CATEGORY_REDIRECTS, id.value(), oldSlug);
    }

    @Override
    public Optional<Slug> currentCategorySlugFor(Slug oldSlug) {
        return currentSlugFor(CATEGORY_REDIRECTS, oldSlug);
    }

    // --- products ---

    @Override
    public void insertProduct(Product product) {
        // See insertCategory; a category of another tenant is refused by the composite foreign key.
        int inserted = unitOfWork.transaction().dsl()
                .insertInto(PRODUCTS)
                .set(PRODUCTS.ID, product.id().value())
                .set(PRODUCTS.TENANT_ID, unitOfWork.require().value())
                .set(PRODUCTS.CATEGORY_ID, product.categoryId().map(CategoryId::value).orElse(null))
                .set(PRODUCTS.NAME, product.name())
                .set(PRODUCTS.SLUG, product.slug().value())
                .set(PRODUCTS.DESCRIPTION, product.description().orElse(null))
                .set(PRODUCTS.PRICE, product.price())
                .set(PRODUCTS.CURRENCY, product.currency().map(CurrencyCode::value).orElse(null))
                .set(PRODUCTS.STATUS, product.status().wireName())
                .set(PRODUCTS.VERSION, product.version())
                .set(PRODUCTS.CREATED_AT, column(product.createdAt()))
                .set(PRODUCTS.UPDATED_AT, column(product.updatedAt()))
                .onConflict(PRODUCTS.TENANT_ID, PRODUCTS.SLUG)
                .doNothing()
                .execute();
        if (inserted == 0) {
            throw new SlugTakenException(product.slug());
        }
    }

    @Override
    public Optional<Product> findProduct(ProductId id) {
        return productWhere(PRODUCTS.ID.eq(id.value()));
    }

    @Override
    public Optional<Product> findProductBySlug(Slug slug) {
        return productWhere(PRODUCTS.SLUG.eq(slug.value()));
    }

    @Override
    public Optional<Product> updateProduct(Product product) {
        Transaction transaction = unitOfWork.transaction();
        // Compare-and-set, as updateCategory.
        try {
            return transaction.dsl()
                    .update(PRODUCTS)
                    .set(PRODUCTS.CATEGORY_ID, product.categoryId().map(CategoryId::value).orElse(null))
                    .set(PRODUCTS.NAME, product.name())
                    .set(PRODUCTS.SLUG, product.slug().value())
                    .set(PRODUCTS.DESCRIPTION, product.description().orElse(null))
                    .set(PRODUCTS.PRICE, product.price())
                    .set(PRODUCTS.CURRENCY, product.currency().map(CurrencyCode::value).orElse(null))
                    .set(PRODUCTS.STATUS, product.status().wireName())
                    .set(PRODUCTS.UPDATED_AT, column(product.updatedAt()))
                    .set(PRODUCTS.VERSION, PRODUCTS.VERSION.plus(1L))
                    .where(ofBoundTenant(transaction, PRODUCTS.TENANT_ID))
                    .and(PRODUCTS.ID.eq(product.id().value()))
                    .and(PRODUCTS.VERSION.eq(product.version()))
                    .returning()
                    .fetchOptional()
                    .map(JooqCatalogRepository::toProduct);
        } catch (ConstraintViolationException e) {
            if (e.violates(PRODUCT_SLUG_KEY)) {
                throw new SlugTakenException(product.slug());
            }
            throw e;
        }
    }

    @Override
    public boolean deleteProduct(ProductId id) {
        // Its slug redirects go with it (ON DELETE CASCADE).
        return deleteById(PRODUCTS_BY_SLUG, id.value());
    }

    @Override
    public boolean productSlugTaken(Slug slug) {
        return slugTaken(PRODUCTS_BY_SLUG, slug);
    }

    @Override
    public void recordProductSlugRedirect(ProductId id, Slug oldSlug) {
        recordRedirect(PRODUCT_REDIRECTS, id.value(), oldSlug);
    }

    @Override
    public Optional<Slug> currentProductSlugFor(Slug oldSlug) {
        return currentSlugFor(PRODUCT_REDIRECTS, oldSlug);
    }

    // --- what categories and products share: slug-addressed rows of the bound tenant, and their redirects ---

    /** A tenant-owned table whose rows have an id and a slug unique per tenant. */
    private record Sluggable<R extends Record>(
            Table<R> table, TableField<R, UUID> tenantId, TableField<R, UUID> id, TableField<R, String> slug) {}

    /** A table remembering old slugs of a {@link Sluggable}'s rows. */
    private record Redirects<R extends Record>(
            Table<R> table,
            TableField<R, UUID> tenantId,
            TableField<R, String> oldSlug,
            TableField<R, UUID> targetId,
            TableField<R, OffsetDateTime> recordedAt,
            Sluggable<?> target) {}

    private static final Sluggable<CategoriesRecord> CATEGORIES_BY_SLUG =
            new Sluggable<>(CATEGORIES, CATEGORIES.TENANT_ID, CATEGORIES.ID, CATEGORIES.SLUG);
    private static final Sluggable<ProductsRecord> PRODUCTS_BY_SLUG =
            new Sluggable<>(PRODUCTS, PRODUCTS.TENANT_ID, PRODUCTS.ID, PRODUCTS.SLUG);
    private static final Redirects<?> CATEGORY_REDIRECTS = new Redirects<>(
            CATEGORY_SLUG_REDIRECTS,
            CATEGORY_SLUG_REDIRECTS.TENANT_ID,
            CATEGORY_SLUG_REDIRECTS.OLD_SLUG,
            CATEGORY_SLUG_REDIRECTS.CATEGORY_ID,
            CATEGORY_SLUG_REDIRECTS.RECORDED_AT,
            CATEGORIES_BY_SLUG);
    private static final Redirects<?> PRODUCT_REDIRECTS = new Redirects<>(
            PRODUCT_SLUG_REDIRECTS,
            PRODUCT_SLUG_REDIRECTS.TENANT_ID,
            PRODUCT_SLUG_REDIRECTS.OLD_SLUG,
            PRODUCT_SLUG_REDIRECTS.PRODUCT_ID,
            PRODUCT_SLUG_REDIRECTS.RECORDED_AT,
            PRODUCTS_BY_SLUG);

    private <R extends Record> boolean deleteById(Sluggable<R> rows, UUID id) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                        .deleteFrom(rows.table())
                        .where(ofBoundTenant(transaction, rows.tenantId()))
                        .and(rows.id().eq(id))
                        .execute()
                > 0;
    }

    private <R extends Record> boolean slugTaken(Sluggable<R> rows, Slug slug) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl().fetchExists(rows.table(), ofBoundTenant(transaction, rows.tenantId())
                .and(rows.slug().eq(slug.value())));
    }

    private <R extends Record> void recordRedirect(Redirects<R> redirects, UUID targetId, Slug oldSlug) {
        // Recording an old slug again points it at the new target; a target of another tenant is refused by the
        // composite foreign key (tenant_id, target id).
        unitOfWork.transaction().dsl()
                .insertInto(redirects.table())
                .set(redirects.tenantId(), unitOfWork.require().value())
                .set(redirects.oldSlug(), oldSlug.value())
                .set(redirects.targetId(), targetId)
                .onConflict(redirects.tenantId(), redirects.oldSlug())
                .doUpdate()
                .set(redirects.targetId(), DSL.excluded(redirects.targetId()))
                .set(redirects.recordedAt(), DSL.currentOffsetDateTime())
                .execute();
    }

    private <R extends Record> Optional<Slug> currentSlugFor(Redirects<R> redirects, Slug oldSlug) {
        Transaction transaction = unitOfWork.transaction();
        Sluggable<?> target = redirects.target();
        // A target that carries the old slug again (renamed back) needs no redirect: one would point at itself.
        return transaction.dsl()
                .select(target.slug())
                .from(redirects.table())
                .join(target.table())
                .on(target.tenantId().eq(redirects.tenantId()))
                .and(target.id().eq(redirects.targetId()))
                .where(ofBoundTenant(transaction, redirects.tenantId()))
                .and(redirects.oldSlug().eq(oldSlug.value()))
                .and(target.slug().ne(redirects.oldSlug()))
                .fetchOptional(row -> Slug.of(row.value1()));
    }

    @Override
    public List<Product> findProducts(ProductQuery query) {
        Transaction transaction = unitOfWork.transaction();
        if (transaction.tenantValue() == null) {
            // No tenant, no rows (see ofBoundTenant); not worth a prepared shape.
            return transaction.dsl()
                    .fetch(pageQuery(transaction, query))
                    .map(row -> toProduct(row.into(PRODUCTS)));
        }
        return pages.products(transaction, query);
    }

    /**
     * One round trip: the tenant's row and the page, two statements sent together (see {@link #tenantQuery}); this
     * adapter reads the tenants table itself, so {@code tenants} goes unused.
     */
    @Override
    public Optional<TenantPage> findTenantWithProducts(TenantRepository tenants, TenantId tenant, ProductQuery query) {
        Transaction transaction = unitOfWork.transaction();
        if (!tenant.equals(transaction.tenant())) {
            throw new IllegalStateException("findTenantWithProducts reads the bound tenant only, not " + tenant);
        }
        return pages.tenantWithProducts(transaction, query);
    }

    @Override
    public long countInheritingProductsFinerThan(int minorUnits) {
        Transaction transaction = unitOfWork.transaction();
        // round(price, n) <> price  <=>  the price has more than n significant decimals.
        return transaction.dsl().fetchCount(PRODUCTS, ofBoundTenant(transaction, PRODUCTS.TENANT_ID)
                .and(PRODUCTS.CURRENCY.isNull())
                .and(PRODUCTS.PRICE.ne(DSL.round(PRODUCTS.PRICE, minorUnits))));
    }

    /**
     * The statement {@link #findProducts} runs (package-private so that a test can EXPLAIN exactly it).
     *
     * <p>One status: {@code SELECT ... WHERE tenant_id = ? AND status = ? AND <filters> AND (sort key, id) > (?, ?)
     * ORDER BY sort key, id LIMIT n}, an index range scan of {@code products_tenant_id_status_<sort>_idx} that starts
     * at the keyset and stops after n matching rows. Several statuses: the same query per status (each its own
     * range scan), {@code UNION ALL}, and the at most n × statuses rows sorted and cut to n — the cost of a page stays
     * independent of its depth, where {@code status IN (...)} would have to sort the tenant's whole matching range.
     *
     * <p>The limit stays a bind value, though a literal would let PostgreSQL settle on a generic plan and stop
     * re-planning the prepared statement: costed for a literal limit, the generic plan of a keyset page is a bitmap
     * scan of the whole rest of the range and a sort (see ProductListingPlanTest), fine for a small tenant and ruinous
     * for a big one. With {@code LIMIT $n} the generic plan assumes a tenth of the rows is wanted and stays the
     * keyset index scan.
     */
    ResultQuery<Record> pageQuery(Transaction transaction, ProductQuery query) {
        return pageQuery(transaction.tenantValue(), query);
    }

    /** {@link #pageQuery(Transaction, ProductQuery)} for the tenant {@code tenant} (null: none, no rows). */
    static Select<Record> pageQuery(UUID tenant, ProductQuery query) {
        return pageQuery(tenant, query, filters(tenant, query));
    }

    /**
     * {@link #pageQuery(UUID, ProductQuery)} narrowed to the category whose id {@code categoryId} yields (a scalar
     * subquery resolving a slug, for one); {@code query} names no category itself.
     */
    static Select<Record> pageQuery(UUID tenant, ProductQuery query, Field<UUID> categoryId) {
        if (query.category().isPresent()) {
            throw new IllegalArgumentException("the category comes from categoryId, not from the query");
        }
        return pageQuery(tenant, query, filters(tenant, query).and(PRODUCTS.CATEGORY_ID.eq(categoryId)));
    }

    private static Select<Record> pageQuery(UUID tenant, ProductQuery query, Condition filters) {
        List<String> statuses = query.statuses().stream()
                .sorted(Comparator.naturalOrder())
                .map(ProductStatus::wireName)
                .toList();
        List<Select<Record>> branches = new ArrayList<>();
        for (String status : statuses) {
            branches.add(DSL.select(PRODUCTS.fields())
                    .from(PRODUCTS)
                    .where(filters)
                    .and(PRODUCTS.STATUS.eq(status))
                    .orderBy(order(PRODUCTS, query.sort()))
                    .limit(query.limit()));
        }
        if (branches.size() == 1) {
            return branches.getFirst();
        }
        Select<Record> union = branches.getFirst();
        for (Select<Record> branch : branches.subList(1, branches.size())) {
            union = union.unionAll(branch);
        }
        Table<Record> page = union.asTable("page");
        return DSL.select(page.fields())
                .from(page)
                .orderBy(order(page, query.sort()))
                .limit(query.limit());
    }

    /** {@link #listCategories()}'s statement for {@code tenant}, as a fused read sends it with others. */
    static Select<CategoriesRecord> categoriesQuery(UUID tenant) {
        return DSL.selectFrom(CATEGORIES).where(CATEGORIES.TENANT_ID.eq(tenant))
                .orderBy(CATEGORIES.POSITION, CATEGORIES.NAME, CATEGORIES.ID);
    }

    /**
     * The first of the two statements {@link #findTenantWithProducts} sends together (one round trip; pgjdbc sends
     * both before it waits): the tenant's directory row. The second is the {@link #pageQuery}. Two plain statements
     * rather than one joined SELECT, because each keeps its own cheap plan: PostgreSQL re-plans a keyset page on every
     * run (its custom plan looks cheaper than the generic one), and planning a join and its sort costs more than the
     * round trip saved.
     */
    static Select<Record> tenantQuery(UUID tenant) {
        return DSL.select(TENANT_FIELDS).from(TENANTS).where(TENANTS.ID.eq(tenant));
    }

    private static Condition filters(UUID tenant, ProductQuery query) {
        Condition condition = tenant == null ? DSL.falseCondition() : PRODUCTS.TENANT_ID.eq(tenant);
        if (query.category().isPresent()) {
            condition = condition.and(PRODUCTS.CATEGORY_ID.eq(query.category().get().value()));
        }
        // Bounds on price_millis (bigint, leakproof), converted so that they stay exact and inclusive for any amount:
        // price >= 1.0005 is price_millis >= 1001, price <= 1.0005 is price_millis <= 1000.
        if (query.minPrice().isPresent()) {
            condition = condition.and(PRODUCTS.PRICE_MILLIS.ge(minMillis(query.minPrice().get())));
        }
        if (query.maxPrice().isPresent()) {
            condition = condition.and(PRODUCTS.PRICE_MILLIS.le(maxMillis(query.maxPrice().get())));
        }
        if (query.text().isPresent()) {
            String pattern = likePattern(query.text().get());
            condition = condition.and(PRODUCTS.NAME.likeIgnoreCase(pattern, LIKE_ESCAPE)
                    .or(PRODUCTS.DESCRIPTION.likeIgnoreCase(pattern, LIKE_ESCAPE)));
        }
        if (query.after().isPresent()) {
            condition = condition.and(after(query.sort(), query.after().get()));
        }
        return condition;
    }

    /**
     * Strictly after the keyset in the sort's order, as one row-value comparison: PostgreSQL turns it into the start
     * of the index range scan (every column involved compares with leakproof operators, see price_millis in V3).
     */
    private static Condition after(ProductSort sort, Keyset keyset) {
        UUID id = keyset.id().value();
        Object value = keysetValue(sort, keyset);
        return switch (sort) {
            case NAME -> DSL.row(PRODUCTS.NAME, PRODUCTS.ID).gt((String) value, id);
            case PRICE -> DSL.row(PRODUCTS.PRICE_MILLIS, PRODUCTS.ID).gt((Long) value, id);
            case PRICE_DESC -> DSL.row(PRODUCTS.PRICE_MILLIS, PRODUCTS.ID).lt((Long) value, id);
            case NEWEST -> DSL.row(PRODUCTS.CREATED_AT, PRODUCTS.ID).lt((OffsetDateTime) value, id);
        };
    }

    /**
     * The keyset's sort value as the statement binds it: the name, the price in thousandths, or the creation time; an
     * {@link InvalidValueException} on {@code cursor} when it does not fit the sort.
     */
    static Object keysetValue(ProductSort sort, Keyset keyset) {
        return switch (sort) {
            case NAME -> keyset.value();
            case PRICE, PRICE_DESC -> keysetMillis(keyset.value());
            case NEWEST -> column(keysetInstant(keyset.value()));
        };
    }

    /** The bound of {@code price >= min}, in thousandths: inclusive and exact for any amount. */
    static long minMillis(BigDecimal min) {
        return millis(min, RoundingMode.CEILING);
    }

    /** The bound of {@code price <= max}, in thousandths. */
    static long maxMillis(BigDecimal max) {
        return millis(max, RoundingMode.FLOOR);
    }

    /** The ILIKE pattern of a substring search for {@code text}. */
    static String likePattern(String text) {
        return "%" + escapeLike(text) + "%";
    }

    private static List<SortField<?>> order(Table<?> table, ProductSort sort) {
        Field<UUID> id = table.field(PRODUCTS.ID);
        return switch (sort) {
            case NAME -> List.of(table.field(PRODUCTS.NAME).asc(), id.asc());
            case PRICE -> List.of(table.field(PRODUCTS.PRICE_MILLIS).asc(), id.asc());
            case PRICE_DESC -> List.of(table.field(PRODUCTS.PRICE_MILLIS).desc(), id.desc());
            case NEWEST -> List.of(table.field(PRODUCTS.CREATED_AT).desc(), id.desc());
        };
    }

    private static long keysetMillis(String value) {
        BigDecimal price;
        try {
            price = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
        // The digit-count check comes first and is free: a keyset of 1e999999999 must not reach the rescaling below.
        if (price.precision() - price.scale() > 12 || price.scale() > 12
                || price.stripTrailingZeros().scale() > 3 || price.signum() < 0) {
            throw invalidCursor();
        }
        return millis(price, RoundingMode.UNNECESSARY);
    }

    private static Instant keysetInstant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalidCursor();
        }
    }

    private static InvalidValueException invalidCursor() {
        return new InvalidValueException("cursor", "cursor is not valid for this sort");
    }

    /** The amount in thousandths, rounded as asked; beyond bigint's range clamped (no stored price is near it). */
    private static long millis(BigDecimal amount, RoundingMode rounding) {
        BigDecimal millis = amount.multiply(MILLIS_PER_UNIT).setScale(0, rounding);
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Long.MAX_VALUE;
        }
        if (millis.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            return Long.MIN_VALUE;
        }
        return millis.longValueExact();
    }

    /** The text as a literal LIKE pattern: its own {@code %}, {@code _} and escape characters match only themselves. */
    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char ch : text.toCharArray()) {
            if (ch == '%' || ch == '_' || ch == LIKE_ESCAPE) {
                escaped.append(LIKE_ESCAPE);
            }
            escaped.append(ch);
        }
        return escaped.toString();
    }

    private Optional<Category> categoryWhere(Condition condition) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(CATEGORIES)
                .where(ofBoundTenant(transaction, CATEGORIES.TENANT_ID))
                .and(condition)
                .fetchOptional(JooqCatalogRepository::toCategory);
    }

    private Optional<Product> productWhere(Condition condition) {
        Transaction transaction = unitOfWork.transaction();
        return transaction.dsl()
                .selectFrom(PRODUCTS)
                .where(ofBoundTenant(transaction, PRODUCTS.TENANT_ID))
                .and(condition)
                .fetchOptional(JooqCatalogRepository::toProduct);
    }

    private static Condition ofBoundTenant(Transaction transaction, TableField<?, UUID> tenantId) {
        UUID bound = transaction.tenantValue();
        return bound == null ? DSL.falseCondition() : tenantId.eq(bound);
    }

    static Category toCategory(CategoriesRecord row) {
        return new Category(
                new CategoryId(row.getId()),
                Optional.ofNullable(row.getParentId()).map(CategoryId::new),
                row.getName(),
                Slug.of(row.getSlug()),
                row.getPosition(),
                row.getVersion(),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }

    static Product toProduct(ProductsRecord row) {
        return new Product(
                new ProductId(row.getId()),
                Optional.ofNullable(row.getCategoryId()).map(CategoryId::new),
                row.getName(),
                Slug.of(row.getSlug()),
                Optional.ofNullable(row.getDescription()),
                row.getPrice(),
                Optional.ofNullable(row.getCurrency()).map(CurrencyCode::of),
                ProductStatus.parse(row.getStatus()),
                row.getVersion(),
                instant(row.getCreatedAt()),
                instant(row.getUpdatedAt()));
    }
}
