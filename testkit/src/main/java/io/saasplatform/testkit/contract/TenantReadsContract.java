package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Along;
import io.saasplatform.application.port.out.TenantReads.Face;
import io.saasplatform.application.port.out.TenantReads.CategoryPage;
import io.saasplatform.application.port.out.TenantReads.FrontPage;
import io.saasplatform.application.port.out.TenantReads.Fused;
import io.saasplatform.application.port.out.TenantReads.Read;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TenantReads} port contract: each read answers what the repository method it names answers, with the bound
 * tenant's row and the member's membership, in a read-only unit of work, and nothing of another tenant.
 */
public abstract class TenantReadsContract extends PortContractSupport {
    private static final Instant T0 = Instant.parse("2026-11-02T09:30:00.123456Z");

    private Tenant shop;
    private Tenant other;
    private User staff;
    private User stranger;
    private Category lamps;
    private Product lamp;
    private Product desk;
    private Product foreign;

    /** The tenant reads under test, over {@link #ports()}. */
    protected abstract TenantReads tenantReads();

    @BeforeEach
    void seed() {
        shop = newTenant();
        other = newTenant();
        staff = newUser();
        stranger = newUser();
        lamps = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0);
        lamp = product(Optional.of(lamps.id()), "lamp", ProductStatus.PUBLISHED, 1);
        desk = product(Optional.empty(), "desk", ProductStatus.DRAFT, 2);
        foreign = product(Optional.empty(), "foreign", ProductStatus.PUBLISHED, 3);
        ports().unitOfWork().runInTenant(shop.id(), () -> {
            ports().memberships().save(new Membership(shop.id(), staff.id(), Role.STAFF));
            ports().catalog().insertCategory(lamps);
            ports().catalog().insertProduct(lamp);
            ports().catalog().insertProduct(desk);
        });
        ports().unitOfWork().runInTenant(other.id(), () -> {
            ports().memberships().save(new Membership(other.id(), stranger.id(), Role.OWNER));
            ports().catalog().insertCategory(Category.create(Optional.empty(), "Foreign", Slug.of("foreign"), 0, T0));
            ports().catalog().insertProduct(foreign);
        });
    }

    @Test
    void given_a_member_or_none_then_the_context_is_the_tenants_row_and_that_members_membership() {
        Fused<Void> asStaff = read(Optional.of(staff.id()), new Read.ContextOnly());
        Fused<Void> asStranger = read(Optional.of(stranger.id()), new Read.ContextOnly());
        Fused<Void> anonymous = read(Optional.empty(), new Read.ContextOnly());

        assertThat(asStaff.tenant()).contains(shop);
        assertThat(asStaff.membership()).contains(new Membership(shop.id(), staff.id(), Role.STAFF));
        assertThat(asStranger.membership()).as("a member of another tenant only").isEmpty();
        assertThat(anonymous.tenant()).contains(shop);
        assertThat(anonymous.membership()).isEmpty();
        assertThat(anonymous.value()).isNull();
    }

    @Test
    void given_each_read_then_it_answers_what_its_repository_method_answers_in_the_bound_tenant_only() {
        ProductQuery all = CatalogRepositoryContract.query(EnumSet.allOf(ProductStatus.class), ProductSort.NAME, 10,
                Optional.empty());

        assertThat(read(Optional.empty(), new Read.Categories()).value()).containsExactly(lamps);
        assertThat(read(Optional.empty(), new Read.CategoryById(lamps.id())).value()).contains(lamps);
        assertThat(read(Optional.empty(), new Read.CategoryById(CategoryId.random())).value()).isEmpty();
        assertThat(read(Optional.empty(), new Read.ProductById(lamp.id())).value()).contains(lamp);
        assertThat(read(Optional.empty(), new Read.ProductById(foreign.id())).value()).as("another tenant's").isEmpty();
        assertThat(read(Optional.empty(), new Read.ProductBySlug(desk.slug())).value()).contains(desk);
        assertThat(read(Optional.empty(), new Read.ProductBySlug(foreign.slug())).value()).isEmpty();
        assertThat(read(Optional.empty(), new Read.Products(all)).value()).containsExactly(desk, lamp);
        assertThat(read(Optional.of(staff.id()), new Read.Products(all)).value()).containsExactly(desk, lamp);
        assertThat(read(Optional.empty(), new Read.Members()).value())
                .containsExactly(new Membership(shop.id(), staff.id(), Role.STAFF));
        assertThat(read(Optional.of(staff.id()), new Read.MembersWithEmails()).value())
                .singleElement().satisfies(member -> {
                    assertThat(member.membership()).isEqualTo(new Membership(shop.id(), staff.id(), Role.STAFF));
                    assertThat(member.email()).isEqualTo(staff.email());
                });
    }

    @Test
    void given_a_listing_by_category_slug_then_the_category_and_its_page_or_nothing_for_an_unknown_or_foreign_slug() {
        ProductQuery published = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NEWEST,
                10, Optional.empty());

        CategoryPage known = read(Optional.empty(), new Read.ProductsInCategory(lamps.slug(), published)).value();
        CategoryPage unknown = read(Optional.empty(),
                new Read.ProductsInCategory(Slug.of("no-such-category"), published)).value();
        CategoryPage foreignSlug = read(Optional.empty(),
                new Read.ProductsInCategory(Slug.of("foreign"), published)).value();

        assertThat(known).isEqualTo(new CategoryPage(Optional.of(lamps), List.of(lamp)));
        assertThat(unknown).isEqualTo(new CategoryPage(Optional.empty(), List.of()));
        assertThat(foreignSlug).as("another tenant's category").isEqualTo(new CategoryPage(Optional.empty(), List.of()));
    }

    @Test
    void given_a_front_page_then_the_shops_categories_and_its_page_only_as_a_member_or_as_nobody() {
        ProductQuery published = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NAME, 10,
                Optional.empty());

        Fused<FrontPage> anonymous = read(Optional.empty(), new Read.Front(published));
        Fused<FrontPage> asStaff = read(Optional.of(staff.id()), new Read.Front(published));

        assertThat(anonymous.tenant()).contains(shop);
        assertThat(anonymous.value()).isEqualTo(new FrontPage(List.of(lamps), List.of(lamp)));
        assertThat(asStaff.value()).isEqualTo(anonymous.value());
        assertThat(asStaff.membership()).contains(new Membership(shop.id(), staff.id(), Role.STAFF));
        TenantId nobody = TenantId.random();
        Fused<FrontPage> missing = ports().unitOfWork().readInTenant(nobody,
                () -> tenantReads().read(nobody, Optional.empty(), new Read.Front(published)));
        assertThat(missing.tenant()).isEmpty();
        assertThat(missing.value()).isEqualTo(new FrontPage(List.of(), List.of()));
    }

    @Test
    void given_a_category_page_then_every_category_and_the_page_narrowed_to_it_or_none_for_an_unknown_or_foreign_slug() {
        ProductQuery published = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NAME, 10,
                Optional.empty());

        Fused<FrontPage> known = read(Optional.empty(), new Read.Front(Optional.of(lamps.slug()), published));
        Fused<FrontPage> unknown = read(Optional.empty(),
                new Read.Front(Optional.of(Slug.of("no-such-category")), published));
        Fused<FrontPage> foreignSlug = read(Optional.empty(), new Read.Front(Optional.of(Slug.of("foreign")), published));

        assertThat(known.tenant()).contains(shop);
        assertThat(known.value()).isEqualTo(new FrontPage(List.of(lamps), List.of(lamp)));
        assertThat(unknown.value()).isEqualTo(new FrontPage(List.of(lamps), List.of()));
        assertThat(foreignSlug.value()).as("another tenant's category").isEqualTo(new FrontPage(List.of(lamps), List.of()));
    }

    @Test
    void given_the_face_asked_for_then_the_context_and_the_value_are_the_same_and_the_face_is_this_shops_or_not_read() {
        ProductQuery published = CatalogRepositoryContract.query(Set.of(ProductStatus.PUBLISHED), ProductSort.NAME, 10,
                Optional.empty());
        for (Read<?> read : List.of(new Read.ContextOnly(), new Read.Front(published),
                new Read.Front(Optional.of(lamps.slug()), published), new Read.ProductBySlug(lamp.slug()))) {
            for (Optional<UserId> member : List.of(Optional.<UserId>empty(), Optional.of(staff.id()))) {
                Fused<?> without = read(member, read);
                Fused<?> with = ports().unitOfWork().readInTenant(shop.id(),
                        () -> tenantReads().read(shop.id(), member, read, new Along(true, true)));

                assertThat(with.tenant()).as("%s as %s", read, member).isEqualTo(without.tenant());
                assertThat(with.membership()).isEqualTo(without.membership());
                assertThat(with.value()).isEqualTo(without.value());
                // Nothing configured here: when the adapter reads the face, it is this shop's (none), never another's.
                assertThat(with.face()).as("%s as %s", read, member)
                        .satisfiesAnyOf(Optional::isEmpty, face -> assertThat(face)
                                .contains(new Face(Optional.empty(), Optional.empty())));
                assertThat(without.face()).as("not asked for, not read").isEmpty();
            }
        }
    }

    @Test
    void given_images_asked_for_then_the_context_and_the_value_are_the_same() {
        for (Read<?> read : List.of(new Read.ProductById(lamp.id()), new Read.Categories(), new Read.Front(
                CatalogRepositoryContract.query(EnumSet.allOf(ProductStatus.class), ProductSort.NAME, 10,
                        Optional.empty())), new Read.Products(
                CatalogRepositoryContract.query(EnumSet.allOf(ProductStatus.class), ProductSort.PRICE, 10,
                        Optional.empty())))) {
            Fused<?> without = read(Optional.of(staff.id()), read);
            Fused<?> with = ports().unitOfWork().readInTenant(shop.id(),
                    () -> tenantReads().read(shop.id(), Optional.of(staff.id()), read, true));
            Fused<?> anonymousWith = ports().unitOfWork().readInTenant(shop.id(),
                    () -> tenantReads().read(shop.id(), Optional.empty(), read, true));
            assertThat(anonymousWith.value()).as("%s without a member", read).isEqualTo(without.value());

            assertThat(with.tenant()).as("%s", read).isEqualTo(without.tenant());
            assertThat(with.membership()).isEqualTo(without.membership());
            assertThat(with.value()).isEqualTo(without.value());
            assertThat(without.images()).as("not asked for, not read").isEmpty();
        }
    }

    private <T> Fused<T> read(Optional<UserId> member, Read<T> read) {
        return ports().unitOfWork().readInTenant(shop.id(), () -> tenantReads().read(shop.id(), member, read));
    }

    private static Product product(Optional<CategoryId> category, String name, ProductStatus status, int price) {
        return Product.create(category, name, Slug.of(name + "-" + ProductId.random().value().toString().substring(0, 8)),
                Optional.empty(), BigDecimal.valueOf(price), Optional.empty(), status, T0);
    }
}
