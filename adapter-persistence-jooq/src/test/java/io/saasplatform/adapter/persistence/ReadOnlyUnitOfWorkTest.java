package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.CatalogRepository.TenantPage;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.service.CatalogService;
import io.saasplatform.application.service.ProductImages;
import io.saasplatform.application.service.StorefrontConfigService;
import io.saasplatform.application.service.StorefrontService;
import io.saasplatform.application.service.TenantService;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.testkit.contract.CatalogRepositoryContract;
import io.saasplatform.testkit.fake.InMemoryObjectStore;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DefaultConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Read-only units of work ({@code readInTenant}, ADR 0009) on real PostgreSQL, through a wire-protocol proxy on a pool
 * of one connection, so that every request of every unit of work is seen on one socket and reuses one connection.
 */
class ReadOnlyUnitOfWorkTest {
    private static final String BINDING = TenantBoundConnection.BIND_TENANT_READ_ONLY.replace("?", "$1");
    private static final Instant T0 = Instant.parse("2026-11-02T09:30:00.123456Z");

    private static final InMemoryObjectStore STORE = new InMemoryObjectStore();

    private static MigratedDatabase database;
    /** The storefront configuration's own reads: the face a page must show, read apart from the page. */
    private static StorefrontConfigService storefrontConfig;
    private static PostgresWireProxy proxy;
    private static PersistenceAdapter adapter;
    private static Tenant shopA;
    private static Tenant shopB;
    private static User owner;
    private static Category lampsOfA;
    private static Product lampOfA;
    private static Product lampOfB;

    @BeforeAll
    static void start() throws IOException {
        database = MigratedDatabase.create();
        proxy = new PostgresWireProxy(TestPostgres.host(), TestPostgres.port());
        adapter = new PersistenceAdapter(proxy.jdbcUrl(database.database().name()), MigratedDatabase.SERVING,
                MigratedDatabase.SERVING_PASSWORD, 1);
        storefrontConfig = new StorefrontConfigService(adapter.unitOfWork(), adapter.memberships(), adapter.tenants(),
                adapter.storefrontConfigs(), adapter.media(), STORE, Clock.systemUTC());
        shopA = Tenant.open(Slug.of("read-only-a"), "Shop A", CurrencyCode.of("KWD"));
        shopB = Tenant.open(Slug.of("read-only-b"), "Shop B", CurrencyCode.of("USD"));
        owner = adapter.unitOfWork().withoutTenant(() ->
                adapter.users().insertOrGet(User.register(EmailAddress.of("read-only@example.com"))));
        lampsOfA = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0);
        lampOfA = product(Optional.of(lampsOfA.id()), "lamp-of-a", "12.345");
        lampOfB = product(Optional.empty(), "lamp-of-b", "7.5");
        adapter.unitOfWork().runInTenant(shopA.id(), () -> {
            adapter.tenants().insert(shopA);
            adapter.memberships().save(new Membership(shopA.id(), owner.id(), Role.OWNER));
            adapter.catalog().insertCategory(lampsOfA);
            adapter.catalog().insertProduct(lampOfA);
        });
        adapter.unitOfWork().runInTenant(shopB.id(), () -> {
            adapter.tenants().insert(shopB);
            adapter.memberships().save(new Membership(shopB.id(), owner.id(), Role.OWNER));
            adapter.catalog().insertProduct(lampOfB);
        });
    }

    @AfterAll
    static void stop() {
        adapter.close();
        proxy.close();
    }

    // --- one round trip ---

    @Test
    void given_a_storefront_page_when_measured_then_it_is_one_round_trip_one_sync_and_the_binding_goes_first() {
        StorefrontService storefront = storefront();

        List<PostgresWireProxy.RoundTrip> trips = measure(
                () -> storefront.products(shopA.slug().value(), ProductListRequest.defaults()));

        assertThat(trips).singleElement().satisfies(trip -> {
            assertThat(trip.syncs()).as("one Sync: one implicit transaction").isEqualTo(1);
            assertThat(trip.statements()).satisfiesExactly(
                    binding -> assertThat(binding).isEqualTo(BINDING),
                    tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""),
                    page -> assertThat(page).contains("from \"public\".\"products\""));
        });
    }

    @Test
    void given_every_read_only_path_when_measured_then_each_round_trip_is_one_sync_led_by_the_binding() {
        StorefrontService storefront = storefront();
        CatalogService catalog = new CatalogService(adapter.unitOfWork(), adapter.memberships(), adapter.tenants(),
                adapter.catalog(), Clock.systemUTC()).withTenantReads(adapter.tenantReads());
        TenantService tenants = new TenantService(adapter.unitOfWork(), adapter.tenants(), adapter.users(),
                adapter.memberships(), adapter.catalog(), adapter.invitations(),
                (key, limit, window) -> RateLimiter.Decision.uncounted(limit, window), TenantService.TenantLimits.defaults(),
                adapter.tenantReads());
        Actor actor = new Actor(owner.id(), shopA.id());
        String shop = shopA.slug().value();
        ProductListRequest byCategory = new ProductListRequest("lamps", null, null, null, null, null, null, null);
        Map<String, Runnable> paths = new LinkedHashMap<>();
        paths.put("storefront product list", () -> storefront.products(shop, ProductListRequest.defaults()));
        paths.put("storefront product list by category", () -> storefront.products(shop, byCategory));
        paths.put("storefront product page", () -> storefront.product(shop, lampOfA.slug().value()));
        paths.put("storefront categories", () -> storefront.categories(shop));
        paths.put("storefront front page", () -> storefront.front(shop, ProductListRequest.defaults()));
        paths.put("storefront category page", () -> storefront.front(shop, byCategory));
        paths.put("dashboard product list", () -> catalog.listProducts(actor, ProductListRequest.defaults()));
        paths.put("dashboard product list by category", () -> catalog.listProducts(actor, byCategory));
        paths.put("dashboard product", () -> catalog.getProduct(actor, lampOfA.id()));
        paths.put("dashboard categories", () -> catalog.listCategories(actor));
        paths.put("dashboard category", () -> catalog.getCategory(actor, lampsOfA.id()));
        paths.put("GET /tenants/me", () -> tenants.getTenant(actor));
        paths.put("GET /tenants/me/members", () -> tenants.listMembersWithEmails(actor));
        paths.put("members without emails", () -> tenants.listMembers(actor));

        Map<String, Integer> roundTrips = new LinkedHashMap<>();
        paths.forEach((path, request) -> {
            List<PostgresWireProxy.RoundTrip> trips = measure(request);
            roundTrips.put(path, trips.size());
            assertThat(trips).as(path).allSatisfy(trip -> {
                assertThat(trip.syncs()).isEqualTo(1);
                assertThat(trip.statements()).first().isEqualTo(BINDING);
                assertThat(trip.statements()).doesNotContain("BEGIN", "COMMIT", "ROLLBACK");
                // The request's context comes first, behind the binding: the member's role (dashboard), then the
                // tenant's row, then what the request reads.
                List<String> reads = trip.statements().subList(1, trip.statements().size());
                if (!path.startsWith("storefront")) {
                    assertThat(reads).first().asString().contains("from \"public\".\"memberships\"");
                    reads = reads.subList(1, reads.size());
                }
                assertThat(reads).first().asString().contains("from \"public\".\"tenants\"");
            });
        });
        System.out.println("round trips per read-only request: " + roundTrips);

        // Every one a single execution: its context (tenant row, role check) and its read fused (ADR 0009).
        assertThat(roundTrips).containsOnlyKeys(paths.keySet()).allSatisfy((path, trips) ->
                assertThat(trips).as(path).isEqualTo(1));
    }

    @Test
    void given_the_fused_reads_when_measured_then_each_sends_its_statements_in_order_in_one_execution() {
        StorefrontService storefront = storefront();
        ProductListRequest byCategory = new ProductListRequest("lamps", null, null, null, null, null, null, null);

        List<PostgresWireProxy.RoundTrip> inCategory = measure(
                () -> storefront.products(shopA.slug().value(), byCategory));
        List<PostgresWireProxy.RoundTrip> product = measure(
                () -> storefront.product(shopA.slug().value(), lampOfA.slug().value()));

        assertThat(inCategory).singleElement().satisfies(trip -> assertThat(trip.statements()).satisfiesExactly(
                binding -> assertThat(binding).isEqualTo(BINDING),
                tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""),
                category -> assertThat(category).contains("from \"public\".\"categories\""),
                page -> assertThat(page).contains("from \"public\".\"products\"")
                        .contains("(select \"public\".\"categories\".\"id\"")));
        assertThat(product).singleElement().satisfies(trip -> assertThat(trip.statements()).satisfiesExactly(
                binding -> assertThat(binding).isEqualTo(BINDING),
                tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""),
                page -> assertThat(page).contains("from \"public\".\"products\"")));
        assertThat(storefront.products(shopA.slug().value(), byCategory).items())
                .extracting(PricedProduct::product).containsExactly(lampOfA);
        assertThat(storefront.product(shopA.slug().value(), lampOfA.slug().value()).product()).isEqualTo(lampOfA);
    }

    @Test
    void given_products_with_images_when_every_product_path_is_measured_then_the_images_come_in_the_same_round_trip() {
        UUID image = attachedImageOfLampOfA();
        ProductImages images = ProductImages.from(adapter.media(), new InMemoryObjectStore());
        StorefrontService storefront = storefront().withProductImages(images);
        CatalogService catalog = new CatalogService(adapter.unitOfWork(), adapter.memberships(), adapter.tenants(),
                adapter.catalog(), Clock.systemUTC()).withProductImages(images).withTenantReads(adapter.tenantReads());
        Actor actor = new Actor(owner.id(), shopA.id());
        String shop = shopA.slug().value();
        ProductListRequest byCategory = new ProductListRequest("lamps", null, null, null, null, null, null, null);
        Map<String, java.util.function.Supplier<List<PricedProduct>>> paths = new LinkedHashMap<>();
        paths.put("storefront product list", () -> storefront.products(shop, ProductListRequest.defaults()).items());
        paths.put("storefront product list by category", () -> storefront.products(shop, byCategory).items());
        paths.put("storefront product page", () -> List.of(storefront.product(shop, lampOfA.slug().value())));
        paths.put("storefront front page",
                () -> storefront.front(shop, ProductListRequest.defaults()).products().items());
        paths.put("dashboard product list", () -> catalog.listProducts(actor, ProductListRequest.defaults()).items());
        paths.put("dashboard product list by category", () -> catalog.listProducts(actor, byCategory).items());
        paths.put("dashboard product", () -> List.of(catalog.getProduct(actor, lampOfA.id())));

        // The storefront page reads its images by column (ProductPages), not through jOOQ records: the same assets,
        // every column of them, as the repository maps them.
        Map<ProductId, List<MediaRepository.AttachedImage>> byRepository =
                adapter.unitOfWork().readInTenant(shopA.id(), () -> adapter.media().imagesOf(List.of(lampOfA.id())));
        Map<ProductId, List<MediaRepository.AttachedImage>> byPage = adapter.unitOfWork().readInTenant(shopA.id(),
                () -> adapter.tenantReads().read(shopA.id(), Optional.empty(), new TenantReads.Read.Products(
                        CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NEWEST, 20,
                                Optional.empty())), true).images().orElseThrow());
        assertThat(byPage.get(lampOfA.id())).isNotEmpty().isEqualTo(byRepository.get(lampOfA.id()));

        paths.forEach((path, request) -> {
            List<PostgresWireProxy.RoundTrip> trips = measure(request::get);
            assertThat(trips).as(path).singleElement().satisfies(trip -> {
                assertThat(trip.syncs()).isEqualTo(1);
                assertThat(trip.statements()).first().isEqualTo(BINDING);
                assertThat(trip.statements()).last().asString().contains("from \"public\".\"product_images\"");
            });
            assertThat(request.get()).as(path).singleElement().satisfies(product -> {
                assertThat(product.product()).isEqualTo(lampOfA);
                assertThat(product.images()).extracting(ProductImage::id).containsExactly(image);
            });
        });
    }

    // --- the storefront pages with their shop's face ---

    @Test
    void given_the_storefront_pages_with_faces_when_measured_then_each_page_and_its_face_are_one_round_trip() {
        Shop shop = openShop("face-trips");
        configure(shop, Optional.of(logo(shop, true)));
        StorefrontService storefront = pages();
        String slug = shop.tenant().slug().value();
        ProductListRequest inLamps = new ProductListRequest("lamps", null, null, null, null, null, null, null);

        List<PostgresWireProxy.RoundTrip> front = measure(() -> storefront.front(slug, ProductListRequest.defaults()));
        List<PostgresWireProxy.RoundTrip> category = measure(() -> storefront.front(slug, inLamps));
        List<PostgresWireProxy.RoundTrip> product =
                measure(() -> storefront.productWithShop(slug, shop.lamp().slug().value()));

        assertOneRoundTripWithTheFace(front, "front page",
                categories -> assertThat(categories).contains("from \"public\".\"categories\""),
                page -> assertThat(page).contains("from \"public\".\"products\""));
        assertOneRoundTripWithTheFace(category, "category page",
                categories -> assertThat(categories).contains("from \"public\".\"categories\""),
                page -> assertThat(page).contains("from \"public\".\"products\"")
                        .contains("(select \"public\".\"categories\".\"id\""));
        assertOneRoundTripWithTheFace(product, "product page",
                page -> assertThat(page).contains("from \"public\".\"products\""));
        // What was read in that one round trip is the face the configuration's own unit of work reads.
        ShopFace expected = storefrontConfig.face(shop.tenant());
        assertThat(expected.logo()).as("a ready logo").isPresent();
        assertThat(storefront.front(slug, ProductListRequest.defaults()).face()).contains(expected);
        assertThat(storefront.front(slug, inLamps).face()).contains(expected);
        assertThat(storefront.front(slug, inLamps).products().items()).extracting(PricedProduct::product)
                .containsExactly(shop.lamp());
        assertThat(storefront.productWithShop(slug, shop.lamp().slug().value()).face()).contains(expected);
    }

    @Test
    void given_the_json_reads_of_a_storefront_with_faces_then_none_reads_the_face() {
        Shop shop = openShop("face-json");
        configure(shop, Optional.empty());
        StorefrontService storefront = pages();
        String slug = shop.tenant().slug().value();
        Map<String, Runnable> reads = new LinkedHashMap<>();
        reads.put("product list", () -> storefront.products(slug, ProductListRequest.defaults()));
        reads.put("product list by category", () -> storefront.products(slug,
                new ProductListRequest("lamps", null, null, null, null, null, null, null)));
        reads.put("product", () -> storefront.product(slug, shop.lamp().slug().value()));
        reads.put("categories", () -> storefront.categories(slug));

        reads.forEach((read, request) -> assertThat(measure(request)).as(read).singleElement()
                .satisfies(trip -> assertThat(trip.statements()).as(read)
                        .noneMatch(statement -> statement.contains("storefront_config"))));
    }

    @Test
    void given_a_ready_logo_a_pending_logo_no_configuration_or_no_faces_then_each_page_shows_its_own_shops_face() {
        Shop ready = openShop("face-ready");
        UUID readyLogo = logo(ready, true);
        configure(ready, Optional.of(readyLogo));
        Shop pending = openShop("face-pending");
        UUID pendingLogo = logo(pending, false);
        configure(pending, Optional.of(pendingLogo));
        Shop bare = openShop("face-none");
        StorefrontService storefront = pages();

        List<Optional<ShopFace>> ofReady = facesOnEveryPage(storefront, ready);
        List<Optional<ShopFace>> ofPending = facesOnEveryPage(storefront, pending);
        List<Optional<ShopFace>> ofBare = facesOnEveryPage(storefront, bare);
        List<Optional<ShopFace>> withoutFaces = facesOnEveryPage(storefront(), ready);
        // Reads that do not bring the face along (one after the other through the repositories): read apart, the same.
        List<Optional<ShopFace>> readApart = facesOnEveryPage(new StorefrontService(adapter.unitOfWork(),
                adapter.tenants(), adapter.catalog()).withShopFaces(storefrontConfig.shopFaces()), ready);

        assertThat(ofReady).hasSize(3).allSatisfy(face -> assertThat(face).hasValueSatisfying(f -> {
            assertThat(f.name()).isEqualTo("Shop face-ready");
            assertThat(f.config().title()).isEqualTo("Title of face-ready");
            assertThat(f.config().logoMediaId()).contains(readyLogo);
            assertThat(f.logo()).hasValueSatisfying(logo -> {
                assertThat(logo.url().toString()).endsWith(ready.tenant().id().value() + "/media/" + readyLogo);
                assertThat(logo.width()).isEqualTo(320);
                assertThat(logo.height()).isEqualTo(100);
            });
        })).containsOnly(Optional.of(storefrontConfig.face(ready.tenant())));
        assertThat(ofPending).hasSize(3).allSatisfy(face -> assertThat(face).hasValueSatisfying(f -> {
            assertThat(f.config().title()).isEqualTo("Title of face-pending");
            assertThat(f.config().logoMediaId()).as("still named").contains(pendingLogo);
            assertThat(f.logo()).as("not ready: not shown").isEmpty();
        })).containsOnly(Optional.of(storefrontConfig.face(pending.tenant())));
        assertThat(ofBare).as("no configuration: the defaults from its own name, no other shop's configuration")
                .hasSize(3).containsOnly(Optional.of(new ShopFace("face-none", "Shop face-none",
                        StorefrontConfig.defaultsFor("Shop face-none"), Optional.empty(), CurrencyCode.of("KWD"))));
        assertThat(withoutFaces).as("a storefront built without faces reads none").hasSize(3)
                .containsOnly(Optional.empty());
        assertThat(readApart).isEqualTo(ofReady);
    }

    @Test
    void given_a_read_only_unit_on_a_pool_with_autocommit_off_then_the_next_transactional_unit_still_opens_with_begin() {
        adapter.unitOfWork().readInTenant(shopA.id(), () -> adapter.memberships().list());

        List<PostgresWireProxy.RoundTrip> trips =
                measure(() -> adapter.unitOfWork().inTenant(shopA.id(), () -> adapter.memberships().list()));

        assertThat(trips).hasSize(3);
        assertThat(trips.getFirst().statements()).first().isEqualTo("BEGIN");
        assertThat(trips.getLast().statements()).containsExactly("COMMIT");
        assertThat(connectionState()).as("autocommit is back off for the pool").containsEntry("autocommit", "false");
    }

    // --- no leak ---

    @Test
    void given_1000_requests_alternating_between_two_tenants_on_a_pool_of_one_then_none_sees_the_other_or_leaves_a_binding() {
        StorefrontService storefront = storefront();
        UnitOfWork units = adapter.unitOfWork();
        for (int i = 0; i < 1_000; i++) {
            Tenant shop = i % 2 == 0 ? shopA : shopB;
            Product own = shop == shopA ? lampOfA : lampOfB;
            int form = (i / 2) % 4;
            List<Product> seen = switch (form) {
                case 0 -> storefront.products(shop.slug().value(), ProductListRequest.defaults()).items().stream()
                        .map(PricedProduct::product)
                        .toList();
                case 1 -> units.inTenant(shop.id(), () -> adapter.catalog().findProducts(
                        CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED),
                                ProductSort.NEWEST, 20,
                                Optional.empty())));
                case 2 -> units.readInTenant(shop.id(), () -> adapter.catalog().findProductBySlug(own.slug()))
                        .stream().toList();
                default -> units.withoutTenant(() -> adapter.catalog().findProducts(
                        CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED),
                                ProductSort.NAME, 20,
                                Optional.empty())));
            };
            int request = i;
            assertThat(seen).as("request %d (form %d)", request, form)
                    .isEqualTo(form == 3 ? List.of() : List.of(own));
            assertThat(connectionState()).as("the pool's one connection after request %d (form %d)", request, form)
                    .containsEntry("tenant", "")
                    .containsEntry("read only", "off")
                    .containsEntry("visible products", "0")
                    .containsEntry("plan cache mode", "auto")
                    .containsEntry("autocommit", "false");
        }
    }

    // --- errors ---

    @Test
    void given_an_error_in_the_middle_statement_then_nothing_of_the_unit_remains_and_the_connection_is_clean() {
        JooqUnitOfWork units = (JooqUnitOfWork) adapter.unitOfWork();

        assertThatThrownBy(() -> units.readInTenant(shopA.id(), () -> {
                    try (PreparedStatement statements = units.transaction().connection().prepareStatement(
                            "select set_config('app.probe', 'left behind', false);"
                                    + " select 1 / (count(*) - count(*)) from products;"
                                    + " select set_config('app.probe', 'after the error', false)")) {
                        return statements.execute();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }))
                .hasMessageContaining("division by zero");

        Map<String, String> after = connectionState();
        assertThat(after.get("probe")).as("a session setting made before the error is rolled back with it")
                .isNotIn("left behind", "after the error");
        assertThat(after).containsEntry("tenant", "").containsEntry("read only", "off")
                .containsEntry("visible products", "0");
        assertThat(units.readInTenant(shopA.id(), () -> adapter.catalog().findProductBySlug(lampOfA.slug())))
                .contains(lampOfA);
    }

    @Test
    void given_a_write_a_row_lock_or_an_untyped_parameter_in_a_read_only_unit_then_refused_and_nothing_is_written() {
        // Under a parent: a null parent would be an untyped parameter, refused before PostgreSQL is asked.
        Category refused = Category.create(Optional.of(lampsOfA.id()), "Refused", Slug.of("refused"), 0, T0);

        assertThatThrownBy(() -> adapter.unitOfWork().readInTenant(shopA.id(), () -> {
                    adapter.catalog().insertCategory(refused);
                    return null;
                }))
                .hasMessageContaining("read-only transaction");
        assertThatThrownBy(() -> adapter.unitOfWork().readInTenant(shopA.id(), () ->
                        adapter.tenants().findByIdForShare(shopA.id())))
                .hasMessageContaining("read-only transaction");

        assertThatThrownBy(() -> adapter.unitOfWork().readInTenant(shopA.id(), () -> {
                    adapter.catalog().insertCategory(Category.create(Optional.empty(), "Untyped", Slug.of("untyped"),
                            0, T0));
                    return null;
                }))
                .rootCause().hasMessageContaining("typed parameters only");

        assertThat(adapter.unitOfWork().inTenant(shopA.id(), () -> adapter.catalog().findCategory(refused.id())))
                .isEmpty();
        Category written = Category.create(Optional.empty(), "Written", Slug.of("written-" + UUID.randomUUID()), 0, T0);
        adapter.unitOfWork().runInTenant(shopA.id(), () -> adapter.catalog().insertCategory(written));
        assertThat(adapter.unitOfWork().readInTenant(shopA.id(), () -> adapter.catalog().findCategory(written.id())))
                .as("the next transactional unit of work writes as before")
                .isPresent();
    }

    @Test
    void given_units_nested_either_way_then_reads_join_a_transaction_and_a_transaction_inside_reads_is_refused() {
        Category uncommitted = Category.create(Optional.empty(), "Nested", Slug.of("nested-" + UUID.randomUUID()), 0, T0);

        assertThatThrownBy(() -> adapter.unitOfWork().runInTenant(shopA.id(), () -> {
                    adapter.catalog().insertCategory(uncommitted);
                    assertThat(adapter.unitOfWork().readInTenant(shopA.id(),
                                    () -> adapter.catalog().findCategory(uncommitted.id())))
                            .as("a read-only unit inside a transaction reads in that transaction")
                            .isPresent();
                    throw new IllegalArgumentException("roll back");
                }))
                .hasMessage("roll back");
        assertThatThrownBy(() -> adapter.unitOfWork().readInTenant(shopA.id(),
                        () -> adapter.unitOfWork().inTenant(shopA.id(), () -> null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a read-only one");
        assertThatThrownBy(() -> adapter.unitOfWork().readInTenant(shopA.id(),
                        () -> adapter.unitOfWork().readInTenant(shopB.id(), () -> null)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(adapter.unitOfWork().readInTenant(shopA.id(), () -> adapter.unitOfWork()
                        .readInTenant(shopA.id(), () -> adapter.catalog().findProductBySlug(lampOfA.slug()))))
                .contains(lampOfA);
    }

    // --- prepared statements and connection states ---

    // Not -1 (forceBinary): pgjdbc then sends one statement's result formats for another's and PostgreSQL refuses
    // every multi-statement execution, the transactional tenant-and-page read of ADR 0008 as well (ADR 0009).
    @ParameterizedTest(name = "prepareThreshold={0}")
    @ValueSource(ints = {0, 1, 5})
    void given_a_prepare_threshold_when_a_read_is_repeated_past_it_then_every_run_binds_and_none_leaks(int threshold) {
        try (PersistenceAdapter prepared = new PersistenceAdapter(
                proxy.jdbcUrl(database.database().name()) + "&prepareThreshold=" + threshold,
                MigratedDatabase.SERVING, MigratedDatabase.SERVING_PASSWORD, 1)) {
            var page = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED),
                    ProductSort.NEWEST, 20, Optional.empty());
            List<PostgresWireProxy.RoundTrip> last = List.of();
            for (int i = 0; i < 12; i++) {
                Tenant shop = i % 2 == 0 ? shopA : shopB;
                proxy.reset();
                Optional<TenantPage> read = prepared.unitOfWork().readInTenant(shop.id(), () ->
                        prepared.catalog().findTenantWithProducts(prepared.tenants(), shop.id(), page));
                last = proxy.roundTrips().stream().filter(trip -> !trip.isValidation()).toList();

                assertThat(read).contains(new TenantPage(shop, List.of(shop == shopA ? lampOfA : lampOfB)));
                assertThat(prepared.unitOfWork().inTenant(shopA.id(),
                                () -> prepared.catalog().findProductBySlug(lampOfB.slug())))
                        .as("the next unit of work, bound to A, sees nothing of B").isEmpty();
                assertThat(TransactionlessProbe.of(prepared.dataSource())).as("run %d", i)
                        .containsEntry("tenant", "").containsEntry("read only", "off");
            }
            assertThat(last).singleElement().satisfies(trip -> {
                assertThat(trip.syncs()).isEqualTo(1);
                assertThat(trip.statements()).first().isEqualTo(BINDING);
                // Past the threshold pgjdbc binds named server-side statements and parses nothing; at 0 it never does.
                assertThat(trip.parses()).isEqualTo(threshold == 0 ? 3 : 0);
            });
        }
    }

    @Test
    void given_strings_sent_untyped_when_reading_then_the_unit_falls_back_to_a_transaction_and_reads_right() {
        // stringtype=unspecified makes pgjdbc describe statements, and past prepareThreshold a described statement
        // whose rows have no bounded size makes it force a Sync before it (QueryExecutorImpl.flushIfDeadlockRisk):
        // without the fallback, runs 6 to 8 here took three round trips and the page, read outside the binding's
        // implicit transaction, came back empty.
        try (PersistenceAdapter untyped = new PersistenceAdapter(
                proxy.jdbcUrl(database.database().name()) + "&stringtype=unspecified",
                MigratedDatabase.SERVING, MigratedDatabase.SERVING_PASSWORD, 1)) {
            var page = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NEWEST, 20,
                    Optional.empty());
            for (int i = 0; i < 8; i++) {
                proxy.reset();
                Optional<TenantPage> read = untyped.unitOfWork().readInTenant(shopA.id(), () ->
                        untyped.catalog().findTenantWithProducts(untyped.tenants(), shopA.id(), page));
                List<PostgresWireProxy.RoundTrip> trips =
                        proxy.roundTrips().stream().filter(trip -> !trip.isValidation()).toList();

                assertThat(read).as("run %d", i).contains(new TenantPage(shopA, List.of(lampOfA)));
                assertThat(trips.getFirst().statements()).first().isEqualTo("BEGIN");
            }
        }
    }

    @Test
    void given_a_connection_handed_out_inside_another_tenants_transaction_then_the_read_only_unit_sees_only_its_own() throws SQLException {
        try (Connection raw = database.serving().getConnection()) {
            raw.setAutoCommit(false);
            try (PreparedStatement bind = raw.prepareStatement(JooqUnitOfWork.BIND_TENANT)) {
                bind.setString(1, shopB.id().value().toString());
                bind.execute();
            }
            JooqUnitOfWork units = new JooqUnitOfWork(handingOut(raw),
                    new DefaultConfiguration().set(SQLDialect.POSTGRES), JooqUnitOfWork.ReadPath.SINGLE_SHOT);
            JooqCatalogRepository catalog = new JooqCatalogRepository(units);

            Optional<Product> ofA = units.readInTenant(shopA.id(), () -> catalog.findProductBySlug(lampOfA.slug()));
            Optional<Product> ofB = units.readInTenant(shopA.id(), () -> catalog.findProductBySlug(lampOfB.slug()));

            assertThat(ofA).contains(lampOfA);
            assertThat(ofB).isEmpty();
            assertThat(raw.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
            assertThat(raw.getAutoCommit()).isFalse();
            assertThat(TransactionlessProbe.on(raw)).containsEntry("tenant", "").containsEntry("visible products", "0");
        }
    }

    // --- helpers ---

    /** A ready image attached to lamp A (once); its media id. */
    private static synchronized UUID attachedImageOfLampOfA() {
        return adapter.unitOfWork().inTenant(shopA.id(), () -> {
            var attached = adapter.media().imagesOf(List.of(lampOfA.id())).get(lampOfA.id());
            if (attached != null) {
                return attached.getFirst().asset().id();
            }
            MediaAsset asset = MediaAsset.pending("lamp.png", ImageType.PNG, 1_000, owner.id(), T0,
                    T0.plusSeconds(86_400));
            adapter.media().insert(asset, T0.plusSeconds(86_400));
            adapter.media().markReady(asset.id(), new ImageType.Dimensions(640, 480), T0);
            adapter.media().replaceImages(lampOfA.id(), List.of(new MediaRepository.ImageLink(asset.id(), "a lamp")));
            return asset.id();
        });
    }

    /** A shop of its own: a category "lamps" and one published lamp in it. */
    private record Shop(Tenant tenant, Product lamp) {}

    private static Shop openShop(String slug) {
        Tenant tenant = Tenant.open(Slug.of(slug), "Shop " + slug, CurrencyCode.of("KWD"));
        Category lamps = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0);
        Product lamp = product(Optional.of(lamps.id()), "lamp-of-" + slug, "4.25");
        adapter.unitOfWork().runInTenant(tenant.id(), () -> {
            adapter.tenants().insert(tenant);
            adapter.catalog().insertCategory(lamps);
            adapter.catalog().insertProduct(lamp);
        });
        return new Shop(tenant, lamp);
    }

    /** A logo asset of {@code shop}, ready (320 × 100) or still pending; its id. */
    private static UUID logo(Shop shop, boolean ready) {
        return adapter.unitOfWork().inTenant(shop.tenant().id(), () -> {
            MediaAsset asset = MediaAsset.pending("logo.png", ImageType.PNG, 1_000, owner.id(), T0,
                    T0.plusSeconds(86_400));
            adapter.media().insert(asset, T0.plusSeconds(86_400));
            if (ready) {
                adapter.media().markReady(asset.id(), new ImageType.Dimensions(320, 100), T0);
            }
            return asset.id();
        });
    }

    private static void configure(Shop shop, Optional<UUID> logo) {
        String slug = shop.tenant().slug().value();
        adapter.unitOfWork().runInTenant(shop.tenant().id(), () -> adapter.storefrontConfigs().save(
                new StorefrontConfig("Title of " + slug, "Tagline of " + slug, logo, Optional.of("#1a2b3c"),
                        "About " + slug, List.of(StorefrontConfig.Link.of("Blog", "https://example.com/" + slug)), 0,
                        Optional.of(T0), Optional.of(T0)), 0).orElseThrow());
    }

    /** The face the front page, the category page and the product page of {@code shop} each read. */
    private static List<Optional<ShopFace>> facesOnEveryPage(StorefrontService storefront, Shop shop) {
        String slug = shop.tenant().slug().value();
        return List.of(
                storefront.front(slug, ProductListRequest.defaults()).face(),
                storefront.front(slug, new ProductListRequest("lamps", null, null, null, null, null, null, null))
                        .face(),
                storefront.productWithShop(slug, shop.lamp().slug().value()).face());
    }

    /**
     * One round trip, one Sync: the binding, the tenant's row, the face, then {@code content} in order, then the
     * images.
     */
    @SafeVarargs
    private static void assertOneRoundTripWithTheFace(List<PostgresWireProxy.RoundTrip> trips, String page,
            Consumer<String>... content) {
        List<Consumer<String>> expected = new ArrayList<>();
        expected.add(binding -> assertThat(binding).isEqualTo(BINDING));
        expected.add(tenantRow -> assertThat(tenantRow).contains("from \"public\".\"tenants\""));
        expected.add(ReadOnlyUnitOfWorkTest::isTheFace);
        expected.addAll(List.of(content));
        expected.add(images -> assertThat(images).contains("from \"public\".\"product_images\""));
        assertThat(trips).as(page).singleElement().satisfies(trip -> {
            assertThat(trip.syncs()).as(page).isEqualTo(1);
            assertThat(trip.statements()).as(page).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                expected.get(i).accept(trip.statements().get(i));
            }
        });
    }

    private static void isTheFace(String statement) {
        assertThat(statement).contains("from \"public\".\"storefront_config\"")
                .contains("left outer join \"public\".\"media_assets\"");
    }

    /** The storefront as the platform wires it: products with their images, pages with their shop's face. */
    private static StorefrontService pages() {
        return storefront().withProductImages(ProductImages.from(adapter.media(), STORE))
                .withShopFaces(storefrontConfig.shopFaces());
    }

    private static StorefrontService storefront() {
        return new StorefrontService(adapter.unitOfWork(), adapter.tenants(), adapter.catalog())
                .withTenantReads(adapter.tenantReads());
    }

    private static Product product(Optional<CategoryId> category, String slug, String price) {
        return Product.create(category, "Product " + slug, Slug.of(slug), Optional.empty(), new BigDecimal(price),
                Optional.empty(), ProductStatus.PUBLISHED, T0);
    }

    /** Runs the request once to warm caches, then again while counting; Hikari's idle-borrow check left out. */
    private static List<PostgresWireProxy.RoundTrip> measure(Runnable request) {
        request.run();
        proxy.reset();
        request.run();
        return proxy.roundTrips().stream().filter(trip -> !trip.isValidation()).toList();
    }

    /** What the pool's connection carries into the next unit of work, read outside any unit of work. */
    private static Map<String, String> connectionState() {
        return TransactionlessProbe.of(adapter.dataSource());
    }

    /** A data source that always hands out {@code connection} and never closes it. */
    private static DataSource handingOut(Connection connection) {
        Connection uncloseable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return uncloseable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Reads a connection's leftovers: tenant binding, read-only flag, a probe setting, what it sees, autocommit. */
    private static final class TransactionlessProbe {
        static Map<String, String> of(DataSource pool) {
            try (Connection connection = pool.getConnection()) {
                try {
                    return on(connection);
                } finally {
                    connection.rollback();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        static Map<String, String> on(Connection connection) throws SQLException {
            Map<String, String> state = new LinkedHashMap<>();
            state.put("autocommit", String.valueOf(connection.getAutoCommit()));
            try (PreparedStatement probe = connection.prepareStatement(
                    "select coalesce(current_setting('app.current_tenant', true), ''),"
                            + " current_setting('transaction_read_only'),"
                            + " coalesce(current_setting('app.probe', true), ''),"
                            + " (select count(*) from products),"
                            + " current_setting('plan_cache_mode')");
                    ResultSet row = probe.executeQuery()) {
                row.next();
                state.put("tenant", row.getString(1));
                state.put("read only", row.getString(2));
                state.put("probe", row.getString(3));
                state.put("visible products", row.getString(4));
                state.put("plan cache mode", row.getString(5));
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return state;
        }
    }

}
