package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.CATEGORIES;
import static io.saasplatform.adapter.persistence.schema.Tables.MEMBERSHIPS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCTS;
import static io.saasplatform.adapter.persistence.schema.Tables.PRODUCT_IMAGES;
import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;

import io.saasplatform.application.port.out.MediaRepository.AttachedImage;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Face;
import io.saasplatform.application.port.out.TenantReads.FrontPage;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * {@link TenantReads} in one execution: the membership (when a member acts), the tenant's row and the statements of
 * the read, sent as one multi-statement text. In a read-only unit of work {@link TenantBoundConnection} puts the
 * tenant binding in front of it, so the whole request is one Sync, one implicit transaction, one round trip (ADR 0009);
 * in a transactional one it is one round trip between BEGIN and COMMIT.
 *
 * <p>Each statement is the one the repository method it stands for runs ({@link TenantReads.Read} names them), built
 * by jOOQ, its bind values set as jOOQ reports them (all typed: no statement of a read binds a null), and its rows read
 * through jOOQ with the statement's own fields, so they map exactly as the repositories map them. A listing by
 * category slug resolves the slug inside the page statement ({@code category_id = (select id ... where slug = ?)}),
 * next to a statement that reads the category itself. The images of the products read, when asked for, come as one
 * more statement that picks the products by the same statement again as a subquery. A storefront page (a page without
 * a member) goes through {@link ProductPages}, whose statements are rendered once per shape.
 */
final class JooqTenantReads implements TenantReads {
    private final JooqUnitOfWork unitOfWork;
    private final ProductPages pages;

    JooqTenantReads(JooqUnitOfWork unitOfWork, ProductPages pages) {
        this.unitOfWork = unitOfWork;
        this.pages = pages;
    }

    @Override
    @SuppressWarnings("unchecked") // a Products read answers a List<Product>, a Front read a FrontPage
    public <T> Fused<T> read(TenantId tenant, Optional<UserId> member, Read<T> read, Along along) {
        Transaction transaction = unitOfWork.transaction();
        if (!tenant.equals(transaction.tenant())) {
            throw new IllegalStateException("tenant reads read the bound tenant only, not " + tenant);
        }
        boolean images = along.images();
        Optional<Map<ProductId, List<AttachedImage>>> noImages = images ? Optional.of(Map.of()) : Optional.empty();
        if (member.isEmpty() && !along.face() && read instanceof Read.Products page) {
            // The storefront's page: its statements rendered once per shape and read without jOOQ (ADR 0008).
            return pages.tenantWithProducts(transaction, page.query(), images)
                    .map(listed -> new Fused<>(Optional.of(listed.tenant()), Optional.<Membership>empty(),
                            (T) listed.products(), listed.images()))
                    .orElseGet(() -> new Fused<>(Optional.empty(), Optional.empty(), (T) List.of(), noImages));
        }
        if (member.isEmpty() && read instanceof Read.Front front && front.category().isEmpty()) {
            // A shop's front page: the listing's cached statements with the categories (and the face) among them.
            return pages.tenantFront(transaction, front.query(), images, along.face())
                    .map(listed -> new Fused<>(Optional.of(listed.tenant()), Optional.<Membership>empty(),
                            (T) new FrontPage(listed.categories(), listed.products()), listed.images(),
                            listed.face()))
                    .orElseGet(() -> new Fused<>(Optional.empty(), Optional.empty(),
                            (T) new FrontPage(List.of(), List.of()), noImages, Optional.empty()));
        }
        UUID bound = tenant.value();
        List<Select<? extends Record>> statements = new ArrayList<>();
        member.ifPresent(user -> statements.add(DSL.selectFrom(MEMBERSHIPS)
                .where(MEMBERSHIPS.TENANT_ID.eq(bound))
                .and(MEMBERSHIPS.USER_ID.eq(user.value()))));
        statements.add(DSL.selectFrom(TENANTS).where(TENANTS.ID.eq(bound)));
        // The shop's face goes with its row: what the page shows of the shop.
        if (along.face()) {
            statements.add(JooqStorefrontConfigRepository.faceQuery(bound));
        }
        int context = statements.size();
        Function<List<Result<Record>>, T> value = statementsOf(read, bound, statements);
        // The images of the products the read returns, chosen in the same execution by a subquery of its own.
        Optional<Condition> products = images ? productsOf(read, bound) : Optional.empty();
        products.ifPresent(listed -> statements.add(JooqMediaRepository.imagesQuery(bound, listed)));

        List<Result<Record>> results = execute(transaction, statements);
        Optional<Map<ProductId, List<AttachedImage>>> attached =
                products.map(listed -> JooqMediaRepository.images(results.getLast()));
        Optional<Membership> membership = member.isPresent()
                ? results.getFirst().into(MEMBERSHIPS).stream().findFirst().map(JooqMembershipRepository::toDomain)
                : Optional.empty();
        int tenantRow = member.isPresent() ? 1 : 0;
        Optional<Tenant> row = results.get(tenantRow).into(TENANTS).stream().findFirst()
                .map(JooqTenantRepository::toDomain);
        Optional<Face> face = along.face()
                ? Optional.of(JooqStorefrontConfigRepository.face(results.get(tenantRow + 1)))
                : Optional.empty();
        return new Fused<>(row, membership, value.apply(results.subList(context, results.size())),
                images ? Optional.of(attached.orElse(Map.of())) : Optional.empty(), face);
    }

    /** Which products' images go with {@code read}: empty for a read of no products. */
    private static Optional<Condition> productsOf(Read<?> read, UUID tenant) {
        return switch (read) {
            case Read.ProductById byId -> Optional.of(PRODUCT_IMAGES.PRODUCT_ID.eq(byId.id().value()));
            case Read.ProductBySlug bySlug -> Optional.of(PRODUCT_IMAGES.PRODUCT_ID.in(DSL.select(PRODUCTS.ID)
                    .from(PRODUCTS)
                    .where(PRODUCTS.TENANT_ID.eq(tenant))
                    .and(PRODUCTS.SLUG.eq(bySlug.slug().value()))));
            case Read.Products page -> Optional.of(ProductPages.listedIn(
                    JooqCatalogRepository.pageQuery(tenant, page.query())));
            case Read.Front front -> Optional.of(ProductPages.listedIn(front.category().isEmpty()
                    ? JooqCatalogRepository.pageQuery(tenant, front.query())
                    : JooqCatalogRepository.pageQuery(tenant, front.query(),
                            categoryOf(tenant, front.category().get()))));
            case Read.ProductsInCategory inCategory -> Optional.of(ProductPages.listedIn(
                    JooqCatalogRepository.pageQuery(tenant, inCategory.query(),
                            categoryOf(tenant, inCategory.category()))));
            default -> Optional.empty();
        };
    }

    /** The id of the category a listing by slug names, as a scalar subquery. */
    private static Field<UUID> categoryOf(UUID tenant, Slug category) {
        return DSL.field(DSL.select(CATEGORIES.ID)
                .from(CATEGORIES)
                .where(CATEGORIES.TENANT_ID.eq(tenant))
                .and(CATEGORIES.SLUG.eq(category.value())));
    }

    /** Adds the statements of {@code read} to {@code statements}; returns how its value is read from their results. */
    @SuppressWarnings("unchecked") // each Read<T> record below answers the T it declares
    private static <T> Function<List<Result<Record>>, T> statementsOf(
            Read<T> read, UUID tenant, List<Select<? extends Record>> statements) {
        Function<List<Result<Record>>, ?> value = switch (read) {
            case Read.ContextOnly nothing -> results -> null;
            case Read.Categories all -> {
                statements.add(JooqCatalogRepository.categoriesQuery(tenant));
                yield results -> categories(results.getFirst());
            }
            case Read.CategoryById byId -> {
                statements.add(DSL.selectFrom(CATEGORIES)
                        .where(CATEGORIES.TENANT_ID.eq(tenant))
                        .and(CATEGORIES.ID.eq(byId.id().value())));
                yield results -> categories(results.getFirst()).stream().findFirst();
            }
            case Read.ProductById byId -> {
                statements.add(DSL.selectFrom(PRODUCTS)
                        .where(PRODUCTS.TENANT_ID.eq(tenant))
                        .and(PRODUCTS.ID.eq(byId.id().value())));
                yield results -> products(results.getFirst()).stream().findFirst();
            }
            case Read.ProductBySlug bySlug -> {
                statements.add(DSL.selectFrom(PRODUCTS)
                        .where(PRODUCTS.TENANT_ID.eq(tenant))
                        .and(PRODUCTS.SLUG.eq(bySlug.slug().value())));
                yield results -> products(results.getFirst()).stream().findFirst();
            }
            case Read.Products page -> {
                statements.add(JooqCatalogRepository.pageQuery(tenant, page.query()));
                yield results -> products(results.getFirst());
            }
            case Read.ProductsInCategory inCategory -> {
                String slug = inCategory.category().value();
                statements.add(DSL.selectFrom(CATEGORIES)
                        .where(CATEGORIES.TENANT_ID.eq(tenant))
                        .and(CATEGORIES.SLUG.eq(slug)));
                statements.add(JooqCatalogRepository.pageQuery(tenant, inCategory.query(),
                        categoryOf(tenant, inCategory.category())));
                yield results -> {
                    Optional<Category> category = categories(results.getFirst()).stream().findFirst();
                    // No category, no page: a rename committed between the two statements (each has its own
                    // snapshot) answers with nothing rather than with rows the category read did not see.
                    return new CategoryPage(category, category.isEmpty() ? List.of() : products(results.get(1)));
                };
            }
            case Read.Front front -> {
                statements.add(JooqCatalogRepository.categoriesQuery(tenant));
                statements.add(front.category().isEmpty()
                        ? JooqCatalogRepository.pageQuery(tenant, front.query())
                        : JooqCatalogRepository.pageQuery(tenant, front.query(),
                                categoryOf(tenant, front.category().get())));
                yield results -> new FrontPage(categories(results.getFirst()), products(results.get(1)));
            }
            case Read.Members all -> {
                statements.add(DSL.selectFrom(MEMBERSHIPS)
                        .where(MEMBERSHIPS.TENANT_ID.eq(tenant))
                        .orderBy(MEMBERSHIPS.CREATED_AT, MEMBERSHIPS.USER_ID));
                yield results -> results.getFirst().into(MEMBERSHIPS).map(JooqMembershipRepository::toDomain);
            }
            case Read.MembersWithEmails all -> {
                statements.add(JooqMembershipRepository.withEmailsQuery(tenant));
                yield results -> results.getFirst().map(JooqMembershipRepository::toMember);
            }
        };
        return (Function<List<Result<Record>>, T>) value;
    }

    private static List<Category> categories(Result<Record> rows) {
        return rows.into(CATEGORIES).map(JooqCatalogRepository::toCategory);
    }

    private static List<Product> products(Result<Record> rows) {
        return rows.map(row -> JooqCatalogRepository.toProduct(row.into(PRODUCTS)));
    }

    /** The statements as one execution; each one's rows read with its own fields. */
    private static List<Result<Record>> execute(Transaction transaction, List<Select<? extends Record>> statements) {
        DSLContext dsl = transaction.dsl();
        List<String> sql = new ArrayList<>(statements.size());
        List<Object> binds = new ArrayList<>();
        for (Select<? extends Record> statement : statements) {
            sql.add(dsl.render(statement));
            binds.addAll(statement.getBindValues());
        }
        String text = String.join(";", sql);
        try (PreparedStatement execution = transaction.connection().prepareStatement(text)) {
            for (int i = 0; i < binds.size(); i++) {
                execution.setObject(i + 1, binds.get(i));
            }
            boolean rows = execution.execute();
            List<Result<Record>> results = new ArrayList<>(statements.size());
            for (Select<? extends Record> statement : statements) {
                if (!rows) {
                    throw new IllegalStateException("a statement of a fused read answered no rows: " + text);
                }
                results.add(dsl.fetch(execution.getResultSet(), statement.getSelect().toArray(Field<?>[]::new)));
                rows = execution.getMoreResults();
            }
            return results;
        } catch (SQLException e) {
            RuntimeException translated = SqlErrorTranslator.translate(e);
            throw translated != null
                    ? translated
                    : new DataAccessException("SQL [" + text + "]; " + e.getMessage(), e);
        }
    }
}
