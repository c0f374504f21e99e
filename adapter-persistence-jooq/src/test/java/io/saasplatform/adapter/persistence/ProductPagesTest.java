package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The cached statements of the product listings: for every shape, the text is exactly what jOOQ renders for the
 * listing query, and every bind value is accounted for (no database needed; the contract tests run them).
 */
class ProductPagesTest {
    private static final DSLContext DSL_CONTEXT = DSL.using(SQLDialect.POSTGRES);
    private static final UUID TENANT = UUID.randomUUID();

    @Test
    void given_every_shape_of_query_when_rendered_then_the_listing_statement_with_one_source_per_bind_value() {
        ProductPages pages = new ProductPages();
        List<ProductQuery> queries = everyShape();

        for (ProductQuery query : queries) {
            for (boolean withTenant : List.of(false, true)) {
                ProductPages.Statement statement =
                        pages.statement(() -> DSL_CONTEXT, ProductPages.Shape.of(query, withTenant));

                String page = DSL_CONTEXT.render(JooqCatalogRepository.pageQuery(TENANT, query));
                String expected = withTenant
                        ? DSL_CONTEXT.render(JooqCatalogRepository.tenantQuery(TENANT)) + ";" + page
                        : page;
                assertThat(statement.sql()).as(query.toString()).isEqualTo(expected);
                assertThat(statement.binds()).as(statement.sql())
                        .hasSize((int) statement.sql().chars().filter(c -> c == '?').count());
            }
        }
        assertThat(queries).hasSize(3 * ProductSort.values().length * 32);
    }

    @Test
    void given_a_query_when_its_bind_values_are_worked_out_then_they_are_the_values_jooq_binds_in_the_same_order() {
        ProductPages pages = new ProductPages();

        for (ProductQuery query : everyShape()) {
            ProductPages.Statement statement = pages.statement(() -> DSL_CONTEXT, ProductPages.Shape.of(query, true));
            Object keysetValue = query.after()
                    .map(keyset -> JooqCatalogRepository.keysetValue(query.sort(), keyset))
                    .orElse(null);
            ProductPages.Arguments arguments = new ProductPages.Arguments(TENANT, query, keysetValue);

            List<Object> expected = new ArrayList<>(JooqCatalogRepository.tenantQuery(TENANT).getBindValues());
            expected.addAll(JooqCatalogRepository.pageQuery(TENANT, query).getBindValues());
            assertThat(statement.binds().stream().map(bind -> bind.apply(arguments)).toList())
                    .as(statement.sql())
                    .isEqualTo(expected);
        }
    }

    /** Each status set the services ask for × each sort × each combination of the optional parts. */
    private static List<ProductQuery> everyShape() {
        List<ProductQuery> queries = new ArrayList<>();
        List<Set<ProductStatus>> statusSets = List.of(EnumSet.of(ProductStatus.PUBLISHED),
                EnumSet.of(ProductStatus.DRAFT), EnumSet.allOf(ProductStatus.class));
        for (Set<ProductStatus> statuses : statusSets) {
            for (ProductSort sort : ProductSort.values()) {
                for (int parts = 0; parts < 32; parts++) {
                    queries.add(new ProductQuery(
                            statuses,
                            (parts & 1) != 0 ? Optional.of(CategoryId.random()) : Optional.empty(),
                            (parts & 2) != 0 ? Optional.of(new BigDecimal("1.5")) : Optional.empty(),
                            (parts & 4) != 0 ? Optional.of(new BigDecimal("99.999")) : Optional.empty(),
                            (parts & 8) != 0 ? Optional.of("50%_off\\") : Optional.empty(),
                            sort,
                            21,
                            (parts & 16) != 0 ? Optional.of(keyset(sort)) : Optional.empty()));
                }
            }
        }
        return queries;
    }

    private static Keyset keyset(ProductSort sort) {
        String value = switch (sort) {
            case NAME -> "Lamp 07";
            case PRICE, PRICE_DESC -> "12.5";
            case NEWEST -> "2026-11-02T09:30:00.123456Z";
        };
        return new Keyset(value, ProductId.random());
    }
}
