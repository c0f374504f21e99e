package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.CatalogRepository.TenantPage;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Read;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.MediaStatus;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import io.saasplatform.testkit.contract.CatalogRepositoryContract;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shape of product listing ({@code ProductPages.Shape}: status set × sort × category, price bounds, text and
 * keyset present or not × with or without the tenant's row) gives the same rows in a read-only unit of work (one round
 * trip, no transaction) as in a transactional one, on one seeded tenant and next to another tenant's rows.
 */
class ReadPathsAgreeTest {
    private static final Instant T0 = Instant.parse("2026-11-02T09:30:00.123456Z");
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static Tenant shop;
    /** Without a storefront configuration. */
    private static Tenant other;
    /** With a storefront configuration whose logo is still pending. */
    private static Tenant pendingLogo;
    private static Category lamps;
    private static User member;

    @BeforeAll
    static void seed() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        shop = Tenant.open(Slug.of("paths-agree"), "Paths agree", CurrencyCode.of("KWD"));
        other = Tenant.open(Slug.of("paths-agree-other"), "Other", CurrencyCode.of("USD"));
        pendingLogo = Tenant.open(Slug.of("paths-agree-pending-logo"), "Pending logo", CurrencyCode.of("JPY"));
        lamps = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0);
        member = adapter.unitOfWork().withoutTenant(() ->
                adapter.users().insertOrGet(User.register(EmailAddress.of("paths-agree@example.com"))));
        adapter.unitOfWork().runInTenant(shop.id(), () -> {
            adapter.tenants().insert(shop);
            adapter.memberships().save(new Membership(shop.id(), member.id(), Role.STAFF));
            adapter.catalog().insertCategory(lamps);
            List<Product> products = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                Product product = product(i, i % 2 == 0 ? Optional.of(lamps.id()) : Optional.empty());
                adapter.catalog().insertProduct(product);
                products.add(product);
            }
            // Ready images on every fifth product (two on some), and one pending that no read may show.
            for (int i = 0; i < products.size(); i += 5) {
                List<MediaRepository.ImageLink> links = new ArrayList<>();
                for (int n = 0; n < 1 + i % 2; n++) {
                    links.add(new MediaRepository.ImageLink(asset(adapter, true), "image " + n + " of " + i));
                }
                if (i % 3 == 0) {
                    links.add(new MediaRepository.ImageLink(asset(adapter, false), ""));
                }
                adapter.media().replaceImages(products.get(i).id(), links);
            }
            configure(adapter, asset(adapter, true));
        });
        adapter.unitOfWork().runInTenant(pendingLogo.id(), () -> {
            adapter.tenants().insert(pendingLogo);
            adapter.catalog().insertCategory(Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0));
            configure(adapter, asset(adapter, false));
        });
        adapter.unitOfWork().runInTenant(other.id(), () -> {
            adapter.tenants().insert(other);
            for (int i = 0; i < 12; i++) {
                adapter.catalog().insertProduct(product(i, Optional.empty()));
            }
        });
    }

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Test
    void given_every_listing_shape_when_read_on_both_paths_then_the_rows_are_the_same() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        int shapes = 0;
        int withRows = 0;
        for (Set<ProductStatus> statuses : statusSets()) {
            for (ProductSort sort : ProductSort.values()) {
                for (int parts = 0; parts < 32; parts++) {
                    ProductQuery query = query(statuses, sort, parts);
                    List<Product> transactional = transactional(() -> adapter.catalog().findProducts(query));
                    List<Product> readOnly = readOnly(() -> adapter.catalog().findProducts(query));
                    Optional<TenantPage> transactionalPage = transactional(() ->
                            adapter.catalog().findTenantWithProducts(adapter.tenants(), shop.id(), query));
                    Optional<TenantPage> readOnlyPage = readOnly(() ->
                            adapter.catalog().findTenantWithProducts(adapter.tenants(), shop.id(), query));

                    assertThat(readOnly).as("%s", query).isEqualTo(transactional);
                    assertThat(readOnlyPage).as("%s with the tenant", query).isEqualTo(transactionalPage)
                            .contains(new TenantPage(shop, transactional));
                    shapes += 2;
                    withRows += transactional.isEmpty() ? 0 : 2;
                }
            }
        }

        assertThat(shapes).isEqualTo(7 * 4 * 32 * 2);
        assertThat(withRows).as("shapes compared on rows, not on two empty pages").isGreaterThan(shapes / 2);
    }

    @Test
    void given_every_fused_read_when_read_on_both_paths_then_context_and_value_are_the_same() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        TenantReads reads = adapter.tenantReads();
        Product first = transactional(() -> adapter.catalog().findProducts(query(EnumSet.allOf(ProductStatus.class),
                ProductSort.NAME, 0))).getFirst();
        List<Read<?>> kinds = new ArrayList<>(List.of(
                new Read.ContextOnly(),
                new Read.Categories(),
                new Read.CategoryById(lamps.id()),
                new Read.CategoryById(CategoryId.random()),
                new Read.ProductById(first.id()),
                new Read.ProductById(ProductId.random()),
                new Read.ProductBySlug(first.slug()),
                new Read.ProductBySlug(Slug.of("no-such-product")),
                new Read.ProductsInCategory(Slug.of("no-such-category"), query(Set.of(ProductStatus.PUBLISHED),
                        ProductSort.NEWEST, 0)),
                new Read.Front(Optional.of(Slug.of("no-such-category")), query(Set.of(ProductStatus.PUBLISHED),
                        ProductSort.NEWEST, 0)),
                new Read.Members(),
                new Read.MembersWithEmails()));
        // Every listing shape but the category bit (the slug names it), as a page and narrowed to a category's slug.
        for (Set<ProductStatus> statuses : statusSets()) {
            for (ProductSort sort : ProductSort.values()) {
                for (int parts = 0; parts < 32; parts += 2) {
                    ProductQuery query = query(statuses, sort, parts);
                    kinds.add(new Read.Products(query));
                    kinds.add(new Read.ProductsInCategory(lamps.slug(), query));
                    if (statuses.equals(Set.of(ProductStatus.PUBLISHED))) {
                        // The storefront's pages list published products only.
                        kinds.add(new Read.Front(query));
                        kinds.add(new Read.Front(Optional.of(lamps.slug()), query));
                    }
                }
            }
        }
        int withValues = 0;
        int withImages = 0;
        for (Read<?> read : kinds) {
            for (Optional<UserId> as : List.of(Optional.<UserId>empty(), Optional.of(member.id()))) {
                TenantReads.Fused<?> transactional = transactional(() -> reads.read(shop.id(), as, read));
                TenantReads.Fused<?> readOnly = readOnly(() -> reads.read(shop.id(), as, read));
                TenantReads.Fused<?> repositories = transactional(() -> TenantReads.sequential(
                        adapter.tenants(), adapter.memberships(), adapter.catalog()).read(shop.id(), as, read));

                assertThat(readOnly).as("%s as %s", read, as).isEqualTo(transactional).isEqualTo(repositories);
                assertThat(readOnly.tenant()).contains(shop);
                assertThat(readOnly.membership()).isEqualTo(as.map(user -> new Membership(shop.id(), user, Role.STAFF)));
                withValues += hasRows(readOnly.value()) ? 1 : 0;

                if (as.isPresent()) {
                    // Images once per read (the storefront's no-member form, ProductPages for a page), for time.
                    continue;
                }
                // With images: the same, and the images of the products read as MediaRepository.imagesOf has them.
                TenantReads.Fused<?> imagesTransactional = transactional(() -> reads.read(shop.id(), as, read, true));
                TenantReads.Fused<?> imagesReadOnly = readOnly(() -> reads.read(shop.id(), as, read, true));
                List<ProductId> ids = productsIn(readOnly.value());
                var expected = transactional(() -> adapter.media().imagesOf(ids));
                assertThat(imagesReadOnly).as("%s as %s with images", read, as).isEqualTo(imagesTransactional);
                assertThat(imagesReadOnly.value()).isEqualTo(readOnly.value());
                assertThat(imagesReadOnly.images()).as("%s as %s with images", read, as).contains(expected);
                withImages += expected.isEmpty() ? 0 : 1;
            }
        }
        assertThat(withImages).as("reads compared on images, not on none").isGreaterThan(kinds.size() / 4);

        assertThat(kinds).hasSize(12 + 7 * 4 * 16 * 2 + 4 * 16 * 2);
        assertThat(withValues).as("reads compared on rows, not on nothing").isGreaterThan(kinds.size());
    }

    @Test
    void given_the_face_asked_for_then_each_read_brings_the_face_the_repositories_read_and_the_rest_is_unchanged() {
        PersistenceAdapter adapter = FIXTURE.adapter();
        TenantReads reads = adapter.tenantReads();
        ProductQuery published = query(Set.of(ProductStatus.PUBLISHED), ProductSort.NEWEST, 0);
        List<Read<?>> kinds = List.of(
                new Read.ContextOnly(),
                new Read.Categories(),
                new Read.Front(published),
                new Read.Front(Optional.of(lamps.slug()), published),
                new Read.Front(Optional.of(Slug.of("no-such-category")), published),
                new Read.Products(published),
                new Read.ProductsInCategory(lamps.slug(), published),
                new Read.ProductBySlug(Slug.of("item-2")),
                new Read.ProductBySlug(Slug.of("no-such-product")));
        int compared = 0;
        for (Tenant tenant : List.of(shop, other, pendingLogo)) {
            // The face as the repositories read it, one statement each: what ShopFaces reads when no read brought it.
            TenantReads.Face stored = inTenant(tenant, () -> {
                var config = adapter.storefrontConfigs().find();
                return new TenantReads.Face(config,
                        config.flatMap(StorefrontConfig::logoMediaId).flatMap(adapter.media()::find));
            });
            for (Read<?> read : kinds) {
                for (Optional<UserId> as : List.of(Optional.<UserId>empty(), Optional.of(member.id()))) {
                    for (boolean images : List.of(false, true)) {
                        TenantReads.Along along = new TenantReads.Along(images, true);
                        TenantReads.Fused<?> without = readOnly(tenant, () -> reads.read(tenant.id(), as, read, images));
                        TenantReads.Fused<?> readOnly = readOnly(tenant, () -> reads.read(tenant.id(), as, read, along));
                        TenantReads.Fused<?> transactional =
                                inTenant(tenant, () -> reads.read(tenant.id(), as, read, along));

                        String what = "%s as %s in %s, images %s".formatted(read, as, tenant.slug(), images);
                        assertThat(readOnly).as(what).isEqualTo(transactional);
                        assertThat(readOnly.face()).as(what).contains(stored);
                        assertThat(new TenantReads.Fused<Object>(readOnly.tenant(), readOnly.membership(),
                                readOnly.value(), readOnly.images())).as(what).isEqualTo(without);
                        assertThat(without.face()).as("not asked for, not read").isEmpty();
                        compared++;
                    }
                }
            }
        }

        assertThat(compared).isEqualTo(3 * kinds.size() * 2 * 2);
        assertThat(inTenant(shop, () -> reads.read(shop.id(), Optional.empty(), new Read.ContextOnly(),
                new TenantReads.Along(false, true))).face()).hasValueSatisfying(face -> {
                    assertThat(face.config()).as("configured").isPresent();
                    assertThat(face.logo()).hasValueSatisfying(logo -> assertThat(logo.status())
                            .isEqualTo(MediaStatus.READY));
                });
        assertThat(inTenant(pendingLogo, () -> reads.read(pendingLogo.id(), Optional.empty(), new Read.ContextOnly(),
                new TenantReads.Along(false, true))).face()).hasValueSatisfying(face -> {
                    assertThat(face.config()).as("configured").isPresent();
                    assertThat(face.logo()).hasValueSatisfying(logo -> assertThat(logo.status())
                            .isEqualTo(MediaStatus.PENDING));
                });
        assertThat(inTenant(other, () -> reads.read(other.id(), Optional.empty(), new Read.ContextOnly(),
                new TenantReads.Along(false, true))).face())
                .as("no configuration of its own, and none of another tenant's")
                .contains(new TenantReads.Face(Optional.empty(), Optional.empty()));
    }

    /** Saves the bound tenant's storefront configuration, with {@code logo}. */
    private static void configure(PersistenceAdapter adapter, java.util.UUID logo) {
        adapter.storefrontConfigs().save(new StorefrontConfig("Paths agree", "A tagline", Optional.of(logo),
                Optional.of("#1a2b3c"), "About", List.of(), 0, Optional.of(T0), Optional.of(T0)), 0).orElseThrow();
    }

    private static List<ProductId> productsIn(Object value) {
        return switch (value) {
            case Optional<?> optional when optional.orElse(null) instanceof Product product -> List.of(product.id());
            case List<?> list -> list.stream()
                    .filter(Product.class::isInstance)
                    .map(product -> ((Product) product).id())
                    .toList();
            case TenantReads.CategoryPage page -> page.products().stream().map(Product::id).toList();
            case TenantReads.FrontPage page -> page.products().stream().map(Product::id).toList();
            case null, default -> List.of();
        };
    }

    /** A media asset of the shop, ready (with its dimensions) or still pending; its id. */
    private static java.util.UUID asset(PersistenceAdapter adapter, boolean ready) {
        MediaAsset asset = MediaAsset.pending("lamp.png", ImageType.PNG, 1_000, member.id(), T0, T0.plusSeconds(86_400));
        adapter.media().insert(asset, T0.plusSeconds(86_400));
        if (ready) {
            adapter.media().markReady(asset.id(), new ImageType.Dimensions(640, 480), T0);
        }
        return asset.id();
    }

    private static boolean hasRows(Object value) {
        return switch (value) {
            case null -> false;
            case Optional<?> optional -> optional.isPresent();
            case List<?> list -> !list.isEmpty();
            case TenantReads.CategoryPage page -> !page.products().isEmpty();
            case TenantReads.FrontPage page -> !page.products().isEmpty();
            default -> true;
        };
    }

    /** The query of one shape: {@code parts} picks category, min and max price, text and keyset (bits 0 to 4). */
    private static ProductQuery query(Set<ProductStatus> statuses, ProductSort sort, int parts) {
        ProductQuery first = new ProductQuery(statuses,
                (parts & 1) != 0 ? Optional.of(lamps.id()) : Optional.empty(),
                (parts & 2) != 0 ? Optional.of(new BigDecimal("1.5")) : Optional.empty(),
                (parts & 4) != 0 ? Optional.of(new BigDecimal("40.25")) : Optional.empty(),
                (parts & 8) != 0 ? Optional.of("DESK") : Optional.empty(),
                sort, 7, Optional.empty());
        if ((parts & 16) == 0) {
            return first;
        }
        // A keyset from within the shape's own rows, so that the page after it is a real, partial one.
        List<Product> all = transactional(() -> FIXTURE.adapter().catalog().findProducts(new ProductQuery(
                first.statuses(), first.category(), first.minPrice(), first.maxPrice(), first.text(), sort, 1_000,
                Optional.empty())));
        Keyset after = all.isEmpty()
                ? new Keyset(sort == ProductSort.NAME ? "Lamp 07" : sort == ProductSort.NEWEST
                        ? T0.toString() : "12.5", ProductId.random())
                : CatalogRepositoryContract.keysetOf(all.get(all.size() / 3), sort);
        return new ProductQuery(statuses, first.category(), first.minPrice(), first.maxPrice(), first.text(), sort, 7,
                Optional.of(after));
    }

    private static List<Set<ProductStatus>> statusSets() {
        List<Set<ProductStatus>> sets = new ArrayList<>();
        ProductStatus[] all = ProductStatus.values();
        for (int mask = 1; mask < 1 << all.length; mask++) {
            Set<ProductStatus> set = EnumSet.noneOf(ProductStatus.class);
            for (int i = 0; i < all.length; i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(all[i]);
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /** Product i: names, prices and creation times repeat, so that keysets meet ties; statuses rotate. */
    private static Product product(int i, Optional<CategoryId> category) {
        String name = (i % 3 == 0 ? "Desk lamp " : "Lamp ") + "%02d".formatted(i % 11);
        Instant created = T0.plusSeconds(i % 7);
        return new Product(ProductId.random(), category, name, Slug.of("item-" + i),
                Optional.ofNullable(i % 5 == 0 ? "for the desk" : null), BigDecimal.valueOf(50 + (i % 13) * 375, 2),
                Optional.empty(), ProductStatus.values()[i % 3], 1, created, created);
    }

    private static <T> T transactional(Supplier<T> read) {
        return FIXTURE.adapter().unitOfWork().inTenant(shop.id(), read);
    }

    private static <T> T readOnly(Supplier<T> read) {
        return FIXTURE.adapter().unitOfWork().readInTenant(shop.id(), read);
    }

    private static <T> T inTenant(Tenant tenant, Supplier<T> read) {
        return FIXTURE.adapter().unitOfWork().inTenant(tenant.id(), read);
    }

    private static <T> T readOnly(Tenant tenant, Supplier<T> read) {
        return FIXTURE.adapter().unitOfWork().readInTenant(tenant.id(), read);
    }
}
