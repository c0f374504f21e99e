package io.saasplatform.adapter.persistence;

import io.saasplatform.testkit.contract.CatalogRepositoryContract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.TenantId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deep pages cost what the first page costs. About 5,000 products across 50 tenants (2,000 of them, 1,000 published, in
 * the tenant under test), analysed; the plan of exactly the statement {@code findProducts} runs, as the serving role
 * with the tenant bound (row-level security on), is an index scan of the sort's keyset index that starts at the
 * keyset (an Index Cond, not a Filter) and stops after the page: no Sort, no Seq Scan, no Bitmap scan (which would read
 * the rest of the range and sort it), and 500 rows deep it touches no more buffers than the first page (give or take).
 */
class ProductListingPlanTest {
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static final int PAGE = 21;
    private static final Set<ProductStatus> PUBLISHED = EnumSet.of(ProductStatus.PUBLISHED);
    private static final int DEPTH = 500;
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
    private static final Pattern STOPPED_AFTER_ONE_PAGE = Pattern.compile("actual rows=" + PAGE + "(\\.0+)? loops=1");
    private static PersistenceAdapter adapter;
    private static JooqCatalogRepository catalog;
    private static TenantId tenant;

    @BeforeAll
    static void seed() {
        adapter = FIXTURE.adapter();
        catalog = (JooqCatalogRepository) adapter.catalog();
        // As the admin (a superuser, outside row-level security): one INSERT ... SELECT per table, then fresh statistics.
        FIXTURE.database().executeAsAdmin(
                """
                INSERT INTO tenants (id, slug, name, default_currency)
                SELECT gen_random_uuid(), 'plan-' || g, 'Plan ' || g, 'KWD' FROM generate_series(1, 50) g""",
                """
                INSERT INTO products (id, tenant_id, name, slug, description, price, status, created_at, updated_at)
                SELECT gen_random_uuid(), t.id, 'Product ' || lpad((g % 97)::text, 2, '0'), 'product-' || g, NULL,
                       (g % 389) + 0.125, (ARRAY['draft', 'published', 'published', 'archived'])[1 + g % 4],
                       timestamptz '2026-01-01 00:00:00Z' + (g % 600) * interval '1 minute',
                       timestamptz '2026-01-01 00:00:00Z'
                FROM tenants t
                CROSS JOIN LATERAL generate_series(1, CASE t.slug WHEN 'plan-7' THEN 2000 ELSE 60 END) g
                WHERE t.slug LIKE 'plan-%'""",
                // Two ready images for every product, for the storefront's images statement.
                """
                WITH images AS MATERIALIZED (
                    SELECT p.tenant_id, p.id AS product_id, n AS position, gen_random_uuid() AS media_id, p.created_at
                    FROM products p CROSS JOIN generate_series(0, 1) n),
                media AS (
                    INSERT INTO media_assets (tenant_id, id, status, filename, content_type, byte_size, width, height,
                                              created_by, created_at, upload_expires_at, completed_at)
                    SELECT tenant_id, media_id, 'ready', 'image-' || position || '.png', 'image/png', 1000, 10, 10,
                           gen_random_uuid(), created_at, created_at, created_at
                    FROM images)
                INSERT INTO product_images (tenant_id, product_id, position, media_id, alt)
                SELECT tenant_id, product_id, position, media_id, 'an image' FROM images""",
                "ANALYZE");
        tenant = adapter.unitOfWork().withoutTenant(() -> adapter.tenants().findBySlug(Slug.of("plan-7")))
                .orElseThrow()
                .id();
    }

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @ParameterizedTest
    @EnumSource(ProductSort.class)
    void given_a_keyset_500_rows_deep_when_listing_published_products_then_the_page_costs_what_the_first_page_costs(
            ProductSort sort) {
        Keyset deep = keysetAfter(sort, PUBLISHED, DEPTH);

        String firstPage = explainAnalyze(query(sort, Optional.empty()));
        String deepPage = explainAnalyze(query(sort, Optional.of(deep)));

        assertUsesOnlyTheKeysetIndex(firstPage, sort);
        assertUsesOnlyTheKeysetIndex(deepPage, sort);
        assertThat(indexCondition(deepPage)).as(deepPage)
                .contains("ROW(" + sortColumn(sort) + ", id) " + (ascending(sort) ? ">" : "<"));
        assertThat(STOPPED_AFTER_ONE_PAGE.matcher(indexScan(firstPage)).find()).as(firstPage).isTrue();
        assertThat(STOPPED_AFTER_ONE_PAGE.matcher(indexScan(deepPage)).find()).as(deepPage).isTrue();
        assertThat(buffers(deepPage)).as(deepPage).isLessThanOrEqualTo(2 * buffers(firstPage));
    }

    @Test
    void given_the_statement_prepared_and_planned_generically_when_explained_then_still_a_keyset_index_range_scan() {
        ProductQuery deeper = query(ProductSort.NEWEST, Optional.of(keysetAfter(ProductSort.NEWEST, PUBLISHED, DEPTH)));

        // pgjdbc switches to a named server-side statement after five executions, and a tenant's unit of work forces
        // PostgreSQL to keep a generic plan (no parameter values) for it: the plan production runs (ADR 0009).
        String plan = genericPlan(transaction -> catalog.pageQuery(transaction, deeper), "");
        System.out.printf("generic plan, NEWEST after a keyset:%n%s%n", plan);

        assertUsesOnlyTheKeysetIndex(plan, ProductSort.NEWEST);
        assertThat(indexCondition(plan)).as(plan)
                .contains("tenant_id = $")
                .contains("ROW(created_at, id) < ROW(");
    }

    @Test
    void given_the_storefronts_images_statement_planned_generically_then_it_probes_the_pages_products_by_index() {
        // As the storefront's fused read sends it (ProductPages): the images of the page's products, the page chosen
        // again as a subquery. Two ready images per product in every shop.
        ProductQuery firstPage = query(ProductSort.NEWEST, Optional.empty());

        String plan = genericPlan(transaction -> JooqMediaRepository.imagesQuery(tenant.value(),
                ProductPages.listedIn(JooqCatalogRepository.pageQuery(tenant.value(), firstPage))), "ANALYZE, ");
        System.out.printf("generic plan, the images of the first page:%n%s%n", plan);

        assertThat(plan).as(plan)
                .doesNotContain("Seq Scan")
                .doesNotContain("Bitmap")
                .contains("Scan using products_tenant_id_status_created_at_id_idx on products")
                .contains("Index Scan using media_assets_pkey on media_assets");
        // Each of the page's products probed for its images by index, and nothing else of the shop's read.
        assertThat(Pattern.compile("Index Scan using product_images_\\w+ on product_images \\(actual rows=2(\\.0+)?"
                + " loops=" + PAGE + "\\)").matcher(plan).find()).as(plan).isTrue();
        assertThat(plan.lines().filter(line -> line.contains("Sort (actual rows=")).toList()).as(plan)
                .allSatisfy(sort -> assertThat(sort).contains("actual rows=" + 2 * PAGE));
    }

    @Test
    void given_a_tenant_unit_of_work_of_either_kind_then_its_statements_plan_generically_and_only_inside_it() {
        String setting = "select current_setting('plan_cache_mode')";

        String readOnly = adapter.unitOfWork().readInTenant(tenant, () -> transaction().dsl().fetchValue(setting))
                .toString();
        String transactional = adapter.unitOfWork().inTenant(tenant, () -> transaction().dsl().fetchValue(setting))
                .toString();
        String outside = adapter.unitOfWork().withoutTenant(() -> transaction().dsl().fetchValue(setting)).toString();

        assertThat(readOnly).as("read-only unit (one round trip)").isEqualTo("force_generic_plan");
        assertThat(transactional).as("transactional unit").isEqualTo("force_generic_plan");
        assertThat(outside).as("a unit without a tenant keeps PostgreSQL's default").isEqualTo("auto");
    }

    @Test
    void given_every_status_when_listing_after_a_keyset_then_one_index_range_scan_per_status_and_only_their_pages_sorted() {
        Set<ProductStatus> all = EnumSet.allOf(ProductStatus.class);
        ProductQuery deeper = new ProductQuery(all, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), ProductSort.NEWEST, PAGE, Optional.of(keysetAfter(ProductSort.NEWEST, all, DEPTH)));

        String plan = explainAnalyze(deeper);

        assertThat(plan).as(plan)
                .doesNotContain("Seq Scan")
                .doesNotContain("Bitmap");
        assertThat(Pattern.compile("Index Scan using products_tenant_id_status_created_at_id_idx on products")
                        .matcher(plan).results().count())
                .as(plan)
                .isEqualTo(all.size());
        assertThat(Pattern.compile("Index Cond: .*ROW\\(created_at, id\\) <").matcher(plan).results().count())
                .as(plan)
                .isEqualTo(all.size());
    }

    /**
     * The plan PostgreSQL keeps for {@code statement} as a prepared statement under {@code force_generic_plan}, run
     * with its own bind values; {@code options} are extra EXPLAIN options such as {@code "ANALYZE, "}.
     */
    private static String genericPlan(Function<Transaction, ? extends Query> statement,
            String options) {
        return adapter.unitOfWork().inTenant(tenant, () -> {
            Transaction transaction = transaction();
            Query query = statement.apply(transaction);
            DSLContext dsl = transaction.dsl();
            String sql = DSL.using(SQLDialect.POSTGRES, new Settings().withRenderNamedParamPrefix("$"))
                    .renderNamedParams(query);
            List<Param<?>> params = List.copyOf(dsl.extractParams(query).values());
            String types = params.stream()
                    .map(param -> param.getDataType().getCastTypeName(dsl.configuration()))
                    .collect(Collectors.joining(", "));
            dsl.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            // PREPARE belongs to the session, not the transaction: deallocated before the connection goes back to
            // the pool (this test class's own).
            dsl.execute("PREPARE planned (" + types + ") AS " + sql);
            // Literal arguments: a utility statement (EXPLAIN) cannot pass bind parameters on to EXECUTE.
            String arguments = params.stream().map(dsl::renderInlined).collect(Collectors.joining(", "));
            String explained = lines(dsl.fetch(
                    "EXPLAIN (" + options + "COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE planned(" + arguments + ")"));
            dsl.execute("DEALLOCATE planned");
            return explained;
        });
    }

    private static void assertUsesOnlyTheKeysetIndex(String plan, ProductSort sort) {
        String scan = sort == ProductSort.PRICE_DESC ? "Index Scan Backward using " : "Index Scan using ";
        assertThat(plan).as(plan)
                .contains(scan + indexOf(sort) + " on products")
                .doesNotContain("Sort")
                .doesNotContain("Seq Scan")
                .doesNotContain("Bitmap");
        assertThat(indexCondition(plan)).as(plan).contains("tenant_id = ").contains("status = ");
    }

    /** The keyset of the {@code depth}-th row, as a client paging through would hold it there. */
    private static Keyset keysetAfter(ProductSort sort, Set<ProductStatus> statuses, int depth) {
        ProductQuery skipped = new ProductQuery(statuses, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), sort, depth, Optional.empty());
        List<Product> rows = adapter.unitOfWork().inTenant(tenant, () -> catalog.findProducts(skipped));
        assertThat(rows).hasSize(depth);
        return CatalogRepositoryContract.keysetOf(rows.getLast(), sort);
    }

    /** Shared buffers the whole statement touched (the first Buffers line belongs to the top node). */
    private static int buffers(String plan) {
        Matcher buffers = BUFFERS.matcher(plan);
        assertThat(buffers.find()).as(plan).isTrue();
        int hit = buffers.group(1) == null ? 0 : Integer.parseInt(buffers.group(1));
        int read = buffers.group(2) == null ? 0 : Integer.parseInt(buffers.group(2));
        return hit + read;
    }

    private static String explainAnalyze(ProductQuery query) {
        String plan = adapter.unitOfWork().inTenant(tenant, () -> {
            Transaction transaction = transaction();
            return lines(transaction.dsl().fetch("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {0}",
                    catalog.pageQuery(transaction, query)));
        });
        System.out.printf("plan, %s %s%s:%n%s%n", query.statuses(), query.sort(),
                query.after().isPresent() ? " after a keyset" : "", plan);
        return plan;
    }

    private static String indexScan(String plan) {
        return plan.lines().filter(line -> line.contains("Index Scan")).findFirst().orElse("");
    }

    private static String indexCondition(String plan) {
        return plan.lines().filter(line -> line.contains("Index Cond:")).findFirst().orElse("");
    }

    private static String lines(org.jooq.Result<Record> explained) {
        return String.join("\n", explained.getValues(0, String.class));
    }

    private static Transaction transaction() {
        return ((JooqUnitOfWork) adapter.unitOfWork()).transaction();
    }

    private static ProductQuery query(ProductSort sort, Optional<Keyset> after) {
        return new ProductQuery(PUBLISHED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), sort,
                PAGE, after);
    }

    private static String indexOf(ProductSort sort) {
        return switch (sort) {
            case NAME -> "products_tenant_id_status_name_id_idx";
            case PRICE, PRICE_DESC -> "products_tenant_id_status_price_millis_id_idx";
            case NEWEST -> "products_tenant_id_status_created_at_id_idx";
        };
    }

    private static String sortColumn(ProductSort sort) {
        return switch (sort) {
            case NAME -> "name";
            case PRICE, PRICE_DESC -> "price_millis";
            case NEWEST -> "created_at";
        };
    }

    private static boolean ascending(ProductSort sort) {
        return sort == ProductSort.NAME || sort == ProductSort.PRICE;
    }
}
