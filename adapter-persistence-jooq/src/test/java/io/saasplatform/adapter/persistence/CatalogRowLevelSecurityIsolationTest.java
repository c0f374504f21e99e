package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.AI_QUOTA_OVERRIDES;
import static io.saasplatform.adapter.persistence.schema.Tables.AI_USAGE;
import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORIES;
import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORY_SLUG_REDIRECTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCT_SLUG_REDIRECTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.AiUsageLedger.Entry;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation of the catalog and AI tables (V3, V4) enforced by PostgreSQL itself: hand-written statements as the
 * serving role, without any {@code tenant_id} predicate of their own, as in {@link RowLevelSecurityIsolationTest}.
 * Each tenant owns one row in each table; a second tenant's ids are known to the first (as if guessed).
 */
class CatalogRowLevelSecurityIsolationTest {
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static final Instant NOW = Instant.parse("2026-11-10T08:00:00Z");
    private static PersistenceAdapter adapter;
    private static Seed a;
    private static Seed b;

    /** The rows of one tenant. */
    private record Seed(TenantId tenant, Category category, Product product) {}

    @BeforeAll
    static void seed() {
        adapter = FIXTURE.adapter();
        a = seedTenant("catalog-isolation-a");
        b = seedTenant("catalog-isolation-b");
    }

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    static Stream<Table<?>> tenantTables() {
        return Stream.of(CATEGORIES, PRODUCTS, CATEGORY_SLUG_REDIRECTS, PRODUCT_SLUG_REDIRECTS, AI_USAGE,
                AI_QUOTA_OVERRIDES);
    }

    @ParameterizedTest
    @MethodSource("tenantTables")
    void given_tenant_a_bound_when_reading_a_table_without_predicate_then_only_a_rows(Table<?> table) {
        List<UUID> owners = inTenant(a.tenant, dsl -> dsl.select(tenantId(table)).from(table).fetch(tenantId(table)));

        assertThat(owners).isNotEmpty().containsOnly(a.tenant.value());
    }

    @ParameterizedTest
    @MethodSource("tenantTables")
    void given_tenant_a_bound_when_deleting_a_whole_table_without_predicate_then_b_rows_survive(Table<?> table) {
        int visibleToB = inTenant(b.tenant, dsl -> dsl.fetchCount(table));

        List<UUID> deleted = rolledBack(a.tenant, dsl -> dsl.deleteFrom(table).returning(tenantId(table)).fetch(tenantId(table)));

        assertThat(deleted).isNotEmpty().containsOnly(a.tenant.value());
        int stillVisibleToB = inTenant(b.tenant, dsl -> dsl.fetchCount(table));
        assertThat(stillVisibleToB).isEqualTo(visibleToB);
    }

    @ParameterizedTest
    @MethodSource("tenantTables")
    void given_tenant_a_bound_when_moving_its_rows_to_tenant_b_then_row_level_security_refuses_it(Table<?> table) {
        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> dsl.update(table).set(tenantId(table), b.tenant.value()).execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class)
                .hasMessageContaining(table.getName());
    }

    @ParameterizedTest
    @MethodSource("tenantTables")
    void given_no_tenant_bound_when_reading_or_changing_a_table_then_zero_rows(Table<?> table) {
        int visible = withoutTenant(dsl -> dsl.fetchCount(table));
        int updated = withoutTenant(dsl -> dsl.update(table).set(tenantId(table), tenantId(table)).execute());
        int deleted = withoutTenant(dsl -> dsl.deleteFrom(table).execute());

        assertThat(visible).isZero();
        assertThat(updated).isZero();
        assertThat(deleted).isZero();
    }

    @Test
    void given_tenant_a_bound_when_updating_every_product_without_predicate_then_b_products_are_untouched() {
        List<UUID> updated = rolledBack(a.tenant, dsl -> dsl.update(PRODUCTS)
                .set(PRODUCTS.NAME, "Renamed by A")
                .returning(PRODUCTS.TENANT_ID)
                .fetch(PRODUCTS.TENANT_ID));

        assertThat(updated).containsExactly(a.tenant.value());
        String nameInB = inTenant(b.tenant, dsl -> dsl.fetchValue(PRODUCTS.NAME, PRODUCTS.ID.eq(b.product.id().value())));
        assertThat(nameInB).isEqualTo(b.product.name());
    }

    @Test
    void given_tenant_a_bound_when_inserting_rows_owned_by_tenant_b_then_row_level_security_refuses_each() {
        for (Map.Entry<String, Function<DSLContext, Integer>> insert : insertsOwnedBy(b).entrySet()) {
            assertThatThrownBy(() -> inTenant(a.tenant, insert.getValue()))
                    .as(insert.getKey())
                    .isInstanceOf(RowLevelSecurityViolationException.class)
                    .hasMessageContaining(insert.getKey());
        }
    }

    @Test
    void given_no_tenant_bound_when_inserting_rows_then_row_level_security_refuses_each() {
        for (Map.Entry<String, Function<DSLContext, Integer>> insert : insertsOwnedBy(a).entrySet()) {
            assertThatThrownBy(() -> withoutTenant(insert.getValue()))
                    .as(insert.getKey())
                    .isInstanceOf(RowLevelSecurityViolationException.class);
        }
    }

    @Test
    void given_tenant_a_bound_when_its_own_rows_name_a_category_or_product_of_b_then_the_composite_foreign_keys_refuse() {
        UUID productOfA = UUID.randomUUID();

        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> insertProduct(dsl, a.tenant, productOfA, b.category.id().value())))
                .isInstanceOf(ConstraintViolationException.class)
                .satisfies(e -> assertThat(((ConstraintViolationException) e).constraint()).isEqualTo("products_category_fkey"));
        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> dsl.update(PRODUCTS)
                        .set(PRODUCTS.CATEGORY_ID, b.category.id().value())
                        .execute()))
                .isInstanceOf(ConstraintViolationException.class);
        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> insertCategory(dsl, a.tenant, b.category.id().value())))
                .isInstanceOf(ConstraintViolationException.class)
                .satisfies(e -> assertThat(((ConstraintViolationException) e).constraint()).isEqualTo("categories_parent_fkey"));
        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> dsl.insertInto(PRODUCT_SLUG_REDIRECTS)
                        .set(PRODUCT_SLUG_REDIRECTS.TENANT_ID, a.tenant.value())
                        .set(PRODUCT_SLUG_REDIRECTS.OLD_SLUG, "points-at-b")
                        .set(PRODUCT_SLUG_REDIRECTS.PRODUCT_ID, b.product.id().value())
                        .execute()))
                .isInstanceOf(ConstraintViolationException.class);
        assertThatThrownBy(() -> inTenant(a.tenant, dsl -> dsl.insertInto(CATEGORY_SLUG_REDIRECTS)
                        .set(CATEGORY_SLUG_REDIRECTS.TENANT_ID, a.tenant.value())
                        .set(CATEGORY_SLUG_REDIRECTS.OLD_SLUG, "points-at-b")
                        .set(CATEGORY_SLUG_REDIRECTS.CATEGORY_ID, b.category.id().value())
                        .execute()))
                .isInstanceOf(ConstraintViolationException.class);
    }

    @Test
    void given_tenant_a_bound_when_joining_redirects_to_products_without_predicate_then_only_a_slugs() {
        List<String> slugs = inTenant(a.tenant, dsl -> dsl.select(PRODUCTS.SLUG)
                .from(PRODUCT_SLUG_REDIRECTS)
                .join(PRODUCTS).on(PRODUCTS.ID.eq(PRODUCT_SLUG_REDIRECTS.PRODUCT_ID))
                .fetch(PRODUCTS.SLUG));

        assertThat(slugs).containsExactly(a.product.slug().value());
    }

    @Test
    void given_tenant_a_bound_when_summing_all_ai_usage_without_predicate_then_only_a_tokens() {
        Long total = inTenant(a.tenant, dsl -> dsl
                .select(DSL.sum(AI_USAGE.INPUT_TOKENS.plus(AI_USAGE.OUTPUT_TOKENS)).cast(Long.class))
                .from(AI_USAGE)
                .fetchOne()
                .value1());

        assertThat(total).isEqualTo(30L);
    }

    private static Seed seedTenant(String slug) {
        Tenant tenant = Tenant.open(Slug.of(slug), "Shop " + slug, CurrencyCode.of("KWD"));
        Category category = Category.create(Optional.empty(), "Lamps", Slug.of("lamps-old"), 0, NOW);
        Product product = Product.create(Optional.of(category.id()), "Brass Lamp " + slug, Slug.of("brass-lamp-old"),
                Optional.empty(), new BigDecimal("12.345"), Optional.empty(), ProductStatus.PUBLISHED, NOW);
        adapter.unitOfWork().runInTenant(tenant.id(), () -> {
            adapter.tenants().insert(tenant);
            adapter.catalog().insertCategory(category);
            adapter.catalog().insertProduct(product);
        });
        Category renamedCategory = adapter.unitOfWork().inTenant(tenant.id(), () -> {
            Category stored = adapter.catalog().updateCategory(
                    category.changed(Optional.empty(), "Lamps", Slug.of("lamps"), 0, NOW)).orElseThrow();
            adapter.catalog().recordCategorySlugRedirect(category.id(), category.slug());
            return stored;
        });
        Product renamedProduct = adapter.unitOfWork().inTenant(tenant.id(), () -> {
            Product stored = adapter.catalog().updateProduct(product.changed(product.categoryId(), product.name(),
                    Slug.of("brass-lamp"), product.description(), product.price(), product.currency(),
                    product.status(), NOW)).orElseThrow();
            adapter.catalog().recordProductSlugRedirect(product.id(), product.slug());
            adapter.aiUsageLedger().record(new Entry("req-" + UUID.randomUUID(), "product-description", "m", "local",
                    10, 20, NOW));
            adapter.aiUsageLedger().setMonthlyLimitOverride(OptionalLong.of(1_000));
            return stored;
        });
        return new Seed(tenant.id(), renamedCategory, renamedProduct);
    }

    /** One raw INSERT per table of a row owned by {@code owner} (references point at the owner's own rows). */
    private static Map<String, Function<DSLContext, Integer>> insertsOwnedBy(Seed owner) {
        UUID tenant = owner.tenant.value();
        return Map.of(
                "categories", dsl -> insertCategory(dsl, owner.tenant, null),
                "products", dsl -> insertProduct(dsl, owner.tenant, UUID.randomUUID(), owner.category.id().value()),
                "category_slug_redirects", dsl -> dsl.insertInto(CATEGORY_SLUG_REDIRECTS)
                        .set(CATEGORY_SLUG_REDIRECTS.TENANT_ID, tenant)
                        .set(CATEGORY_SLUG_REDIRECTS.OLD_SLUG, "sneaky-" + UUID.randomUUID())
                        .set(CATEGORY_SLUG_REDIRECTS.CATEGORY_ID, owner.category.id().value())
                        .execute(),
                "product_slug_redirects", dsl -> dsl.insertInto(PRODUCT_SLUG_REDIRECTS)
                        .set(PRODUCT_SLUG_REDIRECTS.TENANT_ID, tenant)
                        .set(PRODUCT_SLUG_REDIRECTS.OLD_SLUG, "sneaky-" + UUID.randomUUID())
                        .set(PRODUCT_SLUG_REDIRECTS.PRODUCT_ID, owner.product.id().value())
                        .execute(),
                "ai_usage", dsl -> dsl.insertInto(AI_USAGE)
                        .set(AI_USAGE.TENANT_ID, tenant)
                        .set(AI_USAGE.REQUEST_ID, "sneaky-" + UUID.randomUUID())
                        .set(AI_USAGE.FEATURE, "product-description")
                        .set(AI_USAGE.MODEL, "m")
                        .set(AI_USAGE.PROVIDER, "local")
                        .set(AI_USAGE.INPUT_TOKENS, 1_000_000L)
                        .set(AI_USAGE.OUTPUT_TOKENS, 0L)
                        .set(AI_USAGE.CREATED_AT, OffsetDateTime.now())
                        .execute(),
                "ai_quota_overrides", dsl -> dsl.insertInto(AI_QUOTA_OVERRIDES)
                        .set(AI_QUOTA_OVERRIDES.TENANT_ID, tenant)
                        .set(AI_QUOTA_OVERRIDES.MONTHLY_TOKEN_LIMIT, 1L)
                        .execute());
    }

    private static int insertCategory(DSLContext dsl, TenantId tenant, UUID parent) {
        return dsl.insertInto(CATEGORIES)
                .set(CATEGORIES.ID, UUID.randomUUID())
                .set(CATEGORIES.TENANT_ID, tenant.value())
                .set(CATEGORIES.PARENT_ID, parent)
                .set(CATEGORIES.NAME, "Sneaky")
                .set(CATEGORIES.SLUG, "sneaky-" + UUID.randomUUID())
                .set(CATEGORIES.CREATED_AT, OffsetDateTime.now())
                .set(CATEGORIES.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    private static int insertProduct(DSLContext dsl, TenantId tenant, UUID id, UUID category) {
        return dsl.insertInto(PRODUCTS)
                .set(PRODUCTS.ID, id)
                .set(PRODUCTS.TENANT_ID, tenant.value())
                .set(PRODUCTS.CATEGORY_ID, category)
                .set(PRODUCTS.NAME, "Sneaky")
                .set(PRODUCTS.SLUG, "sneaky-" + UUID.randomUUID())
                .set(PRODUCTS.PRICE, BigDecimal.ONE)
                .set(PRODUCTS.STATUS, "published")
                .set(PRODUCTS.CREATED_AT, OffsetDateTime.now())
                .set(PRODUCTS.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    @SuppressWarnings("unchecked")
    private static Field<UUID> tenantId(Table<?> table) {
        return (Field<UUID>) table.field("tenant_id");
    }

    private static DSLContext dsl() {
        return ((JooqUnitOfWork) adapter.unitOfWork()).transaction().dsl();
    }

    private static <T> T inTenant(TenantId tenant, Function<DSLContext, T> work) {
        return adapter.unitOfWork().inTenant(tenant, () -> work.apply(dsl()));
    }

    private static <T> T withoutTenant(Function<DSLContext, T> work) {
        return adapter.unitOfWork().withoutTenant(() -> work.apply(dsl()));
    }

    /** Runs the work as the tenant and rolls it back, so that destructive statements leave the seed intact. */
    private static <T> T rolledBack(TenantId tenant, Function<DSLContext, T> work) {
        List<T> result = new ArrayList<>();
        assertThatThrownBy(() -> adapter.unitOfWork().inTenant(tenant, () -> {
                    result.add(work.apply(dsl()));
                    throw new RollbackRequested();
                }))
                .isInstanceOf(RollbackRequested.class);
        return result.getFirst();
    }

    private static final class RollbackRequested extends RuntimeException {}
}
