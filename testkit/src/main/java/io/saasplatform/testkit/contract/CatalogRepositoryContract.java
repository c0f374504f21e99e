package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.CatalogRepository.CycleException;
import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.CatalogRepository.SlugTakenException;
import io.saasplatform.application.port.out.CatalogRepository.TenantPage;
import io.saasplatform.application.port.out.TenantRepository;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Port contract of {@code CatalogRepository}, isolation included: a tenant sees and changes only its own categories,
 * products and redirects, whatever ids or slugs it names. Uses only the unit of work, the tenant directory and the
 * catalog port, so that it can run against an in-memory fake as well.
 *
 * <p>Instants are whole microseconds (what PostgreSQL keeps); names differ only in a zero-padded number, so that their
 * order is the same under every collation; ids order as their canonical strings (PostgreSQL compares uuid bytes).
 */
public abstract class CatalogRepositoryContract extends PortContractSupport {
    private static final Instant T0 = Instant.parse("2026-11-02T09:30:00.123456Z");
    private static final Set<ProductStatus> ALL_STATUSES = EnumSet.allOf(ProductStatus.class);
    private static final Set<ProductStatus> PUBLISHED = EnumSet.of(ProductStatus.PUBLISHED);

    // --- categories ---

    @Test
    void given_a_category_when_inserted_then_it_is_found_by_id_and_by_slug_and_listed() {
        Tenant tenant = newTenant();
        Category category = category("lamps");

        run(tenant, () -> catalog().insertCategory(category));

        run(tenant, () -> {
            assertThat(catalog().findCategory(category.id())).contains(category);
            assertThat(catalog().findCategoryBySlug(category.slug())).contains(category);
            assertThat(catalog().listCategories()).containsExactly(category);
            assertThat(catalog().categorySlugTaken(category.slug())).isTrue();
            assertThat(catalog().categorySlugTaken(Slug.of("not-used"))).isFalse();
            assertThat(catalog().findCategory(CategoryId.random())).isEmpty();
        });
    }

    @Test
    void given_several_categories_when_listing_then_ordered_by_position_then_name_then_id() {
        Tenant tenant = newTenant();
        Category second = named("b-first", "Name 01", 1);
        Category first = named("a-zero", "Name 09", 0);
        Category third = named("c-first", "Name 02", 1);
        Category sameNameA = named("d-first", "Name 02", 1);
        List<Category> sameName = Stream.of(third, sameNameA).sorted(Comparator.comparing(c -> c.id().toString())).toList();

        run(tenant, () -> Stream.of(second, third, first, sameNameA).forEach(catalog()::insertCategory));

        assertThat(in(tenant, () -> catalog().listCategories()))
                .containsExactly(first, second, sameName.get(0), sameName.get(1));
    }

    @Test
    void given_a_taken_category_slug_when_inserting_then_slug_taken_and_a_retry_in_the_same_unit_of_work_succeeds() {
        Tenant tenant = newTenant();
        Category existing = category("lamps");
        run(tenant, () -> catalog().insertCategory(existing));
        Category clash = category("lamps");

        Slug used = in(tenant, () -> {
            assertThatThrownBy(() -> catalog().insertCategory(clash))
                    .isInstanceOf(SlugTakenException.class)
                    .hasMessageContaining("lamps");
            Category retried = new Category(clash.id(), clash.parentId(), clash.name(), clash.slug().withSuffix(2),
                    clash.position(), clash.version(), clash.createdAt(), clash.updatedAt());
            catalog().insertCategory(retried);
            return retried.slug();
        });

        assertThat(used).isEqualTo(Slug.of("lamps-2"));
        assertThat(in(tenant, () -> catalog().findCategoryBySlug(Slug.of("lamps")))).contains(existing);
        assertThat(in(tenant, () -> catalog().findCategory(clash.id()))).map(Category::slug).contains(used);
    }

    @Test
    void given_a_category_when_updated_with_its_version_then_stored_with_the_next_version_and_a_stale_update_is_empty() {
        Tenant tenant = newTenant();
        Category parent = category("lighting");
        Category category = category("lamps");
        run(tenant, () -> {
            catalog().insertCategory(parent);
            catalog().insertCategory(category);
        });
        Instant later = T0.plusSeconds(60);
        Category change = category.changed(Optional.of(parent.id()), "Lamps & Lights", Slug.of("lamps-lights"), 4, later);

        Optional<Category> stored = in(tenant, () -> catalog().updateCategory(change));
        Optional<Category> stale = in(tenant, () -> catalog().updateCategory(
                category.changed(Optional.empty(), "Stale", category.slug(), 0, later.plusSeconds(1))));

        Category expected = new Category(category.id(), Optional.of(parent.id()), "Lamps & Lights",
                Slug.of("lamps-lights"), 4, 2, category.createdAt(), later);
        assertThat(stored).contains(expected);
        assertThat(stale).as("written against version 1, which is no longer stored").isEmpty();
        assertThat(in(tenant, () -> catalog().findCategory(category.id()))).contains(expected);
        assertThat(in(tenant, () -> catalog().updateCategory(withVersion(expected, 2))))
                .map(Category::version)
                .contains(3L);
    }

    @Test
    void given_a_deleted_category_when_updating_then_empty() {
        Tenant tenant = newTenant();
        Category category = category("gone");
        run(tenant, () -> catalog().insertCategory(category));
        assertThat(in(tenant, () -> catalog().deleteCategory(category.id()))).isTrue();

        assertThat(in(tenant, () -> catalog().updateCategory(category))).isEmpty();
        assertThat(in(tenant, () -> catalog().deleteCategory(category.id()))).isFalse();
    }

    @Test
    void given_two_categories_when_updating_one_to_the_slug_of_the_other_then_slug_taken_and_nothing_changes() {
        Tenant tenant = newTenant();
        Category a = category("alpha");
        Category b = category("beta");
        run(tenant, () -> {
            catalog().insertCategory(a);
            catalog().insertCategory(b);
        });

        assertThatThrownBy(() -> run(tenant, () -> catalog().updateCategory(
                        b.changed(Optional.empty(), b.name(), a.slug(), 0, T0.plusSeconds(1)))))
                .isInstanceOf(SlugTakenException.class)
                .hasMessageContaining("alpha");

        assertThat(in(tenant, () -> catalog().findCategory(b.id()))).contains(b);
    }

    @Test
    void given_a_tree_when_moving_a_category_under_its_own_descendant_then_cycle_refused_and_the_tree_is_unchanged() {
        Tenant tenant = newTenant();
        Category root = category("root");
        Category child = childOf(root, "child");
        Category grandchild = childOf(child, "grandchild");
        run(tenant, () -> Stream.of(root, child, grandchild).forEach(catalog()::insertCategory));

        assertThatThrownBy(() -> run(tenant, () -> catalog().updateCategory(moved(root, grandchild))))
                .isInstanceOf(CycleException.class)
                .hasMessageContaining(root.id().toString());
        assertThatThrownBy(() -> run(tenant, () -> catalog().updateCategory(moved(root, child))))
                .isInstanceOf(CycleException.class);
        assertThatThrownBy(() -> run(tenant, () -> catalog().updateCategory(moved(child, grandchild))))
                .isInstanceOf(CycleException.class);

        assertThat(in(tenant, () -> catalog().listCategories())).containsExactlyInAnyOrder(root, child, grandchild);
        assertThat(in(tenant, () -> catalog().ancestorsOf(grandchild.id()))).containsExactly(child.id(), root.id());
    }

    @Test
    void given_a_tree_when_moving_a_category_elsewhere_then_its_ancestors_follow() {
        Tenant tenant = newTenant();
        Category root = category("root");
        Category child = childOf(root, "child");
        Category grandchild = childOf(child, "grandchild");
        Category other = category("other");
        run(tenant, () -> Stream.of(root, child, grandchild, other).forEach(catalog()::insertCategory));

        assertThat(in(tenant, () -> catalog().ancestorsOf(grandchild.id()))).containsExactly(child.id(), root.id());
        assertThat(in(tenant, () -> catalog().ancestorsOf(root.id()))).isEmpty();
        assertThat(in(tenant, () -> catalog().ancestorsOf(CategoryId.random()))).isEmpty();

        assertThat(in(tenant, () -> catalog().updateCategory(moved(child, other)))).isPresent();
        assertThat(in(tenant, () -> catalog().updateCategory(moved(root, grandchild)))).isPresent();

        assertThat(in(tenant, () -> catalog().ancestorsOf(root.id())))
                .containsExactly(grandchild.id(), child.id(), other.id());
        assertThat(in(tenant, () -> catalog().countChildren(other.id()))).isEqualTo(1);
        assertThat(in(tenant, () -> catalog().countChildren(grandchild.id()))).isEqualTo(1);
    }

    @Test
    void given_a_category_with_products_and_children_when_detaching_then_products_lose_it_and_children_move_up() {
        Tenant tenant = newTenant();
        Category root = category("root");
        Category middle = childOf(root, "middle");
        Category left = childOf(middle, "left");
        Category right = childOf(middle, "right");
        Category elsewhere = category("elsewhere");
        Product inMiddle = inCategory(product("p-one", "1"), middle);
        Product alsoInMiddle = inCategory(product("p-two", "2"), middle);
        Product inElsewhere = inCategory(product("p-three", "3"), elsewhere);
        run(tenant, () -> {
            Stream.of(root, middle, left, right, elsewhere).forEach(catalog()::insertCategory);
            Stream.of(inMiddle, alsoInMiddle, inElsewhere).forEach(catalog()::insertProduct);
        });
        assertThat(in(tenant, () -> catalog().countProductsIn(middle.id()))).isEqualTo(2);
        assertThat(in(tenant, () -> catalog().countChildren(middle.id()))).isEqualTo(2);

        long moved = in(tenant, () -> catalog().detachFrom(middle.id()));

        assertThat(moved).isEqualTo(2);
        run(tenant, () -> {
            assertThat(catalog().countProductsIn(middle.id())).isZero();
            assertThat(catalog().countChildren(middle.id())).isZero();
            assertThat(catalog().countChildren(root.id())).as("middle and its former children").isEqualTo(3);
            for (Product product : List.of(inMiddle, alsoInMiddle)) {
                Product detached = catalog().findProduct(product.id()).orElseThrow();
                assertThat(detached.categoryId()).isEmpty();
                assertThat(detached.version()).as("a detached product changed").isEqualTo(2);
            }
            for (Category child : List.of(left, right)) {
                Category movedUp = catalog().findCategory(child.id()).orElseThrow();
                assertThat(movedUp.parentId()).contains(root.id());
                assertThat(movedUp.version()).isEqualTo(2);
            }
            assertThat(catalog().findProduct(inElsewhere.id())).contains(inElsewhere);
            assertThat(catalog().findCategory(root.id())).contains(root);
        });
        assertThat(in(tenant, () -> catalog().deleteCategory(middle.id()))).isTrue();
        assertThat(in(tenant, () -> catalog().findCategory(middle.id()))).isEmpty();
    }

    @Test
    void given_a_root_category_with_children_when_detaching_then_the_children_become_roots() {
        Tenant tenant = newTenant();
        Category root = category("root");
        Category child = childOf(root, "child");
        run(tenant, () -> Stream.of(root, child).forEach(catalog()::insertCategory));

        assertThat(in(tenant, () -> catalog().detachFrom(root.id()))).isZero();

        assertThat(in(tenant, () -> catalog().findCategory(child.id()))).hasValueSatisfying(c ->
                assertThat(c.parentId()).isEmpty());
        assertThat(in(tenant, () -> catalog().deleteCategory(root.id()))).isTrue();
    }

    @Test
    void given_a_renamed_category_when_asking_for_an_old_slug_then_the_current_slug_even_after_a_second_rename() {
        Tenant tenant = newTenant();
        Category category = category("lamps");
        run(tenant, () -> catalog().insertCategory(category));

        Category renamed = rename(tenant, category, "lights");
        rename(tenant, renamed, "lighting");

        run(tenant, () -> {
            assertThat(catalog().currentCategorySlugFor(Slug.of("lamps"))).contains(Slug.of("lighting"));
            assertThat(catalog().currentCategorySlugFor(Slug.of("lights"))).contains(Slug.of("lighting"));
            assertThat(catalog().currentCategorySlugFor(Slug.of("lighting"))).isEmpty();
            assertThat(catalog().currentCategorySlugFor(Slug.of("never-used"))).isEmpty();
        });
    }

    @Test
    void given_an_old_category_slug_when_recorded_again_for_another_category_then_it_points_there() {
        Tenant tenant = newTenant();
        Category first = category("first");
        Category second = category("second");
        run(tenant, () -> {
            catalog().insertCategory(first);
            catalog().insertCategory(second);
            catalog().recordCategorySlugRedirect(first.id(), Slug.of("shared-old"));
        });

        run(tenant, () -> catalog().recordCategorySlugRedirect(second.id(), Slug.of("shared-old")));

        assertThat(in(tenant, () -> catalog().currentCategorySlugFor(Slug.of("shared-old")))).contains(second.slug());
    }

    @Test
    void given_a_category_with_redirects_when_deleted_then_its_old_slugs_redirect_nowhere() {
        Tenant tenant = newTenant();
        Category category = category("lamps");
        run(tenant, () -> catalog().insertCategory(category));
        Category renamed = rename(tenant, category, "lights");

        assertThat(in(tenant, () -> catalog().deleteCategory(renamed.id()))).isTrue();

        assertThat(in(tenant, () -> catalog().currentCategorySlugFor(Slug.of("lamps")))).isEmpty();
    }

    // --- products ---

    @Test
    void given_products_in_several_currencies_when_read_back_then_prices_are_exact_and_fields_round_trip() {
        Tenant tenant = newTenant();
        Category category = category("lamps");
        Product kwd = new Product(ProductId.random(), Optional.of(category.id()), "Brass Lamp", Slug.of("brass-lamp"),
                Optional.of("Hand-made in Kuwait"), new BigDecimal("12.345"), Optional.of(CurrencyCode.of("KWD")),
                ProductStatus.PUBLISHED, 1, T0, T0.plusSeconds(5));
        Product jpy = new Product(ProductId.random(), Optional.empty(), "Paper Lantern", Slug.of("paper-lantern"),
                Optional.empty(), new BigDecimal("1200"), Optional.of(CurrencyCode.of("JPY")), ProductStatus.DRAFT, 1,
                T0, T0);
        Product inheriting = new Product(ProductId.random(), Optional.empty(), "Wick", Slug.of("wick"),
                Optional.of("Spare"), new BigDecimal("0.500"), Optional.empty(), ProductStatus.ARCHIVED, 1, T0, T0);
        run(tenant, () -> {
            catalog().insertCategory(category);
            Stream.of(kwd, jpy, inheriting).forEach(catalog()::insertProduct);
        });

        run(tenant, () -> {
            assertThat(catalog().findProduct(kwd.id())).contains(kwd);
            assertThat(catalog().findProductBySlug(jpy.slug())).contains(jpy);
            assertThat(catalog().findProduct(inheriting.id())).contains(inheriting);
            assertThat(catalog().findProduct(kwd.id()).orElseThrow().price().toPlainString()).isEqualTo("12.345");
            assertThat(catalog().findProduct(jpy.id()).orElseThrow().price().toPlainString()).isEqualTo("1200");
            assertThat(catalog().findProduct(inheriting.id()).orElseThrow().price().toPlainString()).isEqualTo("0.5");
            assertThat(catalog().findProduct(inheriting.id()).orElseThrow().currency()).isEmpty();
            assertThat(catalog().findProduct(jpy.id()).orElseThrow().description()).isEmpty();
            assertThat(catalog().productSlugTaken(kwd.slug())).isTrue();
            assertThat(catalog().productSlugTaken(Slug.of("not-used"))).isFalse();
            assertThat(catalog().findProduct(ProductId.random())).isEmpty();
            assertThat(catalog().findProductBySlug(Slug.of("not-used"))).isEmpty();
        });
    }

    @Test
    void given_a_product_when_updated_with_its_version_then_stored_with_the_next_version_and_a_stale_update_is_empty() {
        Tenant tenant = newTenant();
        Category category = category("lamps");
        Product product = product("brass-lamp", "12.5");
        run(tenant, () -> {
            catalog().insertCategory(category);
            catalog().insertProduct(product);
        });
        Instant later = T0.plusSeconds(60);
        Product change = product.changed(Optional.of(category.id()), "Brass Lamp XL", Slug.of("brass-lamp-xl"),
                Optional.of("Bigger"), new BigDecimal("99.999"), Optional.of(CurrencyCode.of("KWD")),
                ProductStatus.ARCHIVED, later);

        Optional<Product> stored = in(tenant, () -> catalog().updateProduct(change));
        Optional<Product> stale = in(tenant, () -> catalog().updateProduct(product.withDescription(Optional.of("x"), later)));

        Product expected = new Product(product.id(), Optional.of(category.id()), "Brass Lamp XL",
                Slug.of("brass-lamp-xl"), Optional.of("Bigger"), new BigDecimal("99.999"),
                Optional.of(CurrencyCode.of("KWD")), ProductStatus.ARCHIVED, 2, product.createdAt(), later);
        assertThat(stored).contains(expected);
        assertThat(stale).isEmpty();
        assertThat(in(tenant, () -> catalog().findProduct(product.id()))).contains(expected);
        Product clearing = expected.changed(Optional.empty(), expected.name(), expected.slug(), Optional.empty(),
                expected.price(), Optional.empty(), ProductStatus.PUBLISHED, later.plusSeconds(1));
        assertThat(in(tenant, () -> catalog().updateProduct(clearing))).hasValueSatisfying(p -> {
            assertThat(p.version()).isEqualTo(3);
            assertThat(p.categoryId()).isEmpty();
            assertThat(p.description()).isEmpty();
            assertThat(p.currency()).isEmpty();
        });
    }

    @Test
    void given_a_taken_product_slug_when_inserting_or_updating_then_slug_taken() {
        Tenant tenant = newTenant();
        Product existing = product("brass-lamp", "1");
        Product other = product("other-lamp", "2");
        run(tenant, () -> {
            catalog().insertProduct(existing);
            catalog().insertProduct(other);
        });

        Slug retried = in(tenant, () -> {
            assertThatThrownBy(() -> catalog().insertProduct(product("brass-lamp", "3")))
                    .isInstanceOf(SlugTakenException.class);
            Product again = product("brass-lamp-2", "3");
            catalog().insertProduct(again);
            return again.slug();
        });
        assertThatThrownBy(() -> run(tenant, () -> catalog().updateProduct(other.changed(other.categoryId(),
                        other.name(), existing.slug(), other.description(), other.price(), other.currency(),
                        other.status(), T0.plusSeconds(1)))))
                .isInstanceOf(SlugTakenException.class)
                .hasMessageContaining("brass-lamp");

        assertThat(in(tenant, () -> catalog().productSlugTaken(retried))).isTrue();
        assertThat(in(tenant, () -> catalog().findProduct(other.id()))).contains(other);
        assertThat(in(tenant, () -> catalog().findProductBySlug(existing.slug()))).contains(existing);
    }

    @Test
    void given_one_slug_in_two_tenants_when_inserting_then_both_tenants_have_their_own() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        Category categoryA = category("lamps");
        Category categoryB = category("lamps");
        Product productA = product("brass-lamp", "1");
        Product productB = product("brass-lamp", "2");

        run(a, () -> {
            catalog().insertCategory(categoryA);
            catalog().insertProduct(productA);
        });
        run(b, () -> {
            catalog().insertCategory(categoryB);
            catalog().insertProduct(productB);
        });

        assertThat(in(a, () -> catalog().findCategoryBySlug(Slug.of("lamps")))).contains(categoryA);
        assertThat(in(b, () -> catalog().findCategoryBySlug(Slug.of("lamps")))).contains(categoryB);
        assertThat(in(a, () -> catalog().findProductBySlug(Slug.of("brass-lamp")))).contains(productA);
        assertThat(in(b, () -> catalog().findProductBySlug(Slug.of("brass-lamp")))).contains(productB);
    }

    @Test
    void given_a_product_renamed_twice_when_asking_for_old_slugs_then_both_resolve_to_the_newest() {
        Tenant tenant = newTenant();
        Product product = product("lamp", "1");
        run(tenant, () -> catalog().insertProduct(product));

        Product second = rename(tenant, product, "brass-lamp");
        rename(tenant, second, "brass-table-lamp");

        run(tenant, () -> {
            assertThat(catalog().currentProductSlugFor(Slug.of("lamp"))).contains(Slug.of("brass-table-lamp"));
            assertThat(catalog().currentProductSlugFor(Slug.of("brass-lamp"))).contains(Slug.of("brass-table-lamp"));
            assertThat(catalog().currentProductSlugFor(Slug.of("brass-table-lamp"))).isEmpty();
            assertThat(catalog().currentProductSlugFor(Slug.of("never-used"))).isEmpty();
        });
    }

    @Test
    void given_a_product_renamed_back_to_an_old_slug_when_asking_for_it_then_no_redirect_to_itself() {
        Tenant tenant = newTenant();
        Product product = product("lamp", "1");
        run(tenant, () -> catalog().insertProduct(product));

        Product renamed = rename(tenant, product, "brass-lamp");
        rename(tenant, renamed, "lamp");

        assertThat(in(tenant, () -> catalog().currentProductSlugFor(Slug.of("lamp")))).isEmpty();
        assertThat(in(tenant, () -> catalog().currentProductSlugFor(Slug.of("brass-lamp")))).contains(Slug.of("lamp"));
    }

    @Test
    void given_an_old_product_slug_recorded_again_for_another_product_then_it_points_there() {
        Tenant tenant = newTenant();
        Product first = product("first", "1");
        Product second = product("second", "1");
        run(tenant, () -> {
            catalog().insertProduct(first);
            catalog().insertProduct(second);
            catalog().recordProductSlugRedirect(first.id(), Slug.of("shared-old"));
            catalog().recordProductSlugRedirect(second.id(), Slug.of("shared-old"));
        });

        assertThat(in(tenant, () -> catalog().currentProductSlugFor(Slug.of("shared-old")))).contains(second.slug());
    }

    @Test
    void given_a_renamed_product_when_deleted_then_it_is_gone_with_its_redirects() {
        Tenant tenant = newTenant();
        Product product = product("lamp", "1");
        run(tenant, () -> catalog().insertProduct(product));
        Product renamed = rename(tenant, product, "brass-lamp");

        assertThat(in(tenant, () -> catalog().deleteProduct(renamed.id()))).isTrue();

        run(tenant, () -> {
            assertThat(catalog().currentProductSlugFor(Slug.of("lamp"))).isEmpty();
            assertThat(catalog().findProduct(product.id())).isEmpty();
            assertThat(catalog().deleteProduct(product.id())).isFalse();
            assertThat(catalog().updateProduct(renamed)).isEmpty();
        });
    }

    // --- listing ---

    static Stream<Arguments> sortsAndStatuses() {
        return Arrays.stream(ProductSort.values())
                .flatMap(sort -> Stream.of(Arguments.of(sort, PUBLISHED), Arguments.of(sort, ALL_STATUSES)));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("sortsAndStatuses")
    void given_57_products_with_duplicate_keys_when_paging_then_the_pages_concatenate_to_the_full_ordered_list(
            ProductSort sort, Set<ProductStatus> statuses) {
        Tenant tenant = newTenant();
        List<Product> seeded = IntStream.range(0, 57).mapToObj(CatalogRepositoryContract::numbered).toList();
        run(tenant, () -> seeded.forEach(catalog()::insertProduct));
        List<Product> expected = seeded.stream()
                .filter(p -> statuses.contains(p.status()))
                .sorted(orderOf(sort))
                .toList();

        List<Product> oneQuery = read(tenant, () -> catalog().findProducts(query(statuses, sort, 1_000, Optional.empty())));
        List<Product> paged = allPages(tenant, statuses, sort, 7);

        assertThat(oneQuery).containsExactlyElementsOf(expected);
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);
    }

    @ParameterizedTest
    @EnumSource(ProductSort.class)
    void given_rows_inserted_before_the_cursor_between_pages_when_paging_on_then_no_row_repeats_and_none_is_skipped(
            ProductSort sort) {
        Tenant tenant = newTenant();
        List<Product> seeded = IntStream.range(0, 30).mapToObj(CatalogRepositoryContract::numbered).toList();
        run(tenant, () -> seeded.forEach(catalog()::insertProduct));
        List<Product> before = read(tenant, () -> catalog().findProducts(query(ALL_STATUSES, sort, 1_000, Optional.empty())));
        List<Product> firstPage = read(tenant, () -> catalog().findProducts(query(ALL_STATUSES, sort, 8, Optional.empty())));

        run(tenant, () -> IntStream.range(0, 5).mapToObj(i -> sortingFirst(sort, i)).forEach(catalog()::insertProduct));
        List<Product> rest = new ArrayList<>(firstPage);
        Optional<Keyset> after = Optional.of(keysetOf(firstPage.getLast(), sort));
        while (after.isPresent()) {
            Optional<Keyset> cursor = after;
            List<Product> page = read(tenant, () -> catalog().findProducts(query(ALL_STATUSES, sort, 8, cursor)));
            rest.addAll(page);
            after = page.size() < 8 ? Optional.empty() : Optional.of(keysetOf(page.getLast(), sort));
        }

        assertThat(rest).containsExactlyElementsOf(before);
        assertThat(read(tenant, () -> catalog().findProducts(query(ALL_STATUSES, sort, 1_000, Optional.empty()))))
                .as("the new rows do exist, at the start")
                .hasSize(35);
    }

    @Test
    void given_products_of_each_status_when_filtering_by_a_status_set_then_only_those_statuses() {
        Tenant tenant = newTenant();
        List<Product> seeded = IntStream.range(0, 9).mapToObj(CatalogRepositoryContract::numbered).toList();
        run(tenant, () -> seeded.forEach(catalog()::insertProduct));

        List<Product> found = read(tenant, () -> catalog().findProducts(query(
                EnumSet.of(ProductStatus.DRAFT, ProductStatus.ARCHIVED), ProductSort.NAME, 100, Optional.empty())));

        assertThat(found).containsExactlyInAnyOrderElementsOf(
                seeded.stream().filter(p -> p.status() != ProductStatus.PUBLISHED).toList());
    }

    @Test
    void given_products_in_categories_when_filtering_by_category_then_only_its_own_products() {
        Tenant tenant = newTenant();
        Category lamps = category("lamps");
        Category chairs = category("chairs");
        Product lamp = inCategory(product("lamp", "1"), lamps);
        Product chair = inCategory(product("chair", "1"), chairs);
        Product loose = product("loose", "1");
        run(tenant, () -> {
            catalog().insertCategory(lamps);
            catalog().insertCategory(chairs);
            Stream.of(lamp, chair, loose).forEach(catalog()::insertProduct);
        });

        List<Product> found = read(tenant, () -> catalog().findProducts(new ProductQuery(PUBLISHED,
                Optional.of(lamps.id()), Optional.empty(), Optional.empty(), Optional.empty(), ProductSort.NEWEST, 20,
                Optional.empty())));

        assertThat(found).containsExactly(lamp);
    }

    @Test
    void given_prices_around_the_bounds_when_filtering_by_price_then_bounds_are_inclusive() {
        Tenant tenant = newTenant();
        List<Product> products = Stream.of("9.999", "10", "10.5", "20", "20.001")
                .map(price -> product("p-" + price.replace('.', '-'), price))
                .toList();
        run(tenant, () -> products.forEach(catalog()::insertProduct));

        assertThat(pricesBetween(tenant, "10", "20")).containsExactly("10", "10.5", "20");
        assertThat(pricesBetween(tenant, "10.000", "20.0000")).containsExactly("10", "10.5", "20");
        assertThat(pricesBetween(tenant, "10.5", "10.5")).containsExactly("10.5");
        assertThat(pricesBetween(tenant, "9.9995", "20.0005")).as("bounds finer than the stored scale")
                .containsExactly("10", "10.5", "20");
        assertThat(pricesBetween(tenant, null, "10")).containsExactly("9.999", "10");
        assertThat(pricesBetween(tenant, "20.001", null)).containsExactly("20.001");
        assertThat(pricesBetween(tenant, "21", "30")).isEmpty();
    }

    @Test
    void given_a_text_filter_when_listing_then_name_or_description_match_case_insensitively_and_literally() {
        Tenant tenant = newTenant();
        Product blueMug = named(product("blue-mug", "1"), "Blue Mug", Optional.empty());
        Product bowl = named(product("bowl", "1"), "bowl", Optional.of("deep BLUE glaze"));
        Product plate = named(product("plate", "1"), "Plate", Optional.of("white"));
        Product percent = named(product("cotton", "1"), "100% Cotton", Optional.empty());
        Product noPercent = named(product("cotton-tee", "1"), "100 Cotton Tee", Optional.of("1000 Cotton"));
        Product underscore = named(product("snake", "1"), "snake_case mug", Optional.empty());
        Product noUnderscore = named(product("snakes", "1"), "snakeXcase mug", Optional.empty());
        Product backslash = named(product("backslash", "1"), "back\\slash", Optional.empty());
        run(tenant, () -> Stream.of(blueMug, bowl, plate, percent, noPercent, underscore, noUnderscore, backslash)
                .forEach(catalog()::insertProduct));

        assertThat(matching(tenant, "bLuE")).containsExactlyInAnyOrder(blueMug, bowl);
        assertThat(matching(tenant, "0%")).containsExactly(percent);
        assertThat(matching(tenant, "%")).containsExactly(percent);
        assertThat(matching(tenant, "e_c")).containsExactly(underscore);
        assertThat(matching(tenant, "_")).containsExactly(underscore);
        assertThat(matching(tenant, "k\\s")).containsExactly(backslash);
        assertThat(matching(tenant, "MUG")).containsExactlyInAnyOrder(blueMug, underscore, noUnderscore);
        assertThat(matching(tenant, "nothing like it")).isEmpty();
    }

    @Test
    void given_inheriting_and_own_currency_products_when_counting_finer_than_minor_units_then_only_inheriting_ones_count() {
        Tenant tenant = newTenant();
        Product threeDecimals = product("three", "12.345");
        Product twoDecimals = product("two", "12.34");
        Product whole = product("whole", "12");
        Product ownCurrency = withCurrency(product("own", "12.345"), "KWD");
        run(tenant, () -> Stream.of(threeDecimals, twoDecimals, whole, ownCurrency).forEach(catalog()::insertProduct));

        run(tenant, () -> {
            assertThat(catalog().countInheritingProductsFinerThan(3)).isZero();
            assertThat(catalog().countInheritingProductsFinerThan(2)).isEqualTo(1);
            assertThat(catalog().countInheritingProductsFinerThan(0)).isEqualTo(2);
        });
    }

    // --- a tenant's row with a page of its products (the storefront's read) ---

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("sortsAndStatuses")
    void given_a_tenant_with_products_when_reading_it_with_a_page_then_its_row_and_the_page_find_products_gives(
            ProductSort sort, Set<ProductStatus> statuses) {
        Tenant tenant = newTenant();
        run(tenant, () -> IntStream.range(0, 20).mapToObj(CatalogRepositoryContract::numbered)
                .forEach(catalog()::insertProduct));
        ProductQuery first = query(statuses, sort, 6, Optional.empty());
        List<Product> firstPage = read(tenant, () -> catalog().findProducts(first));
        ProductQuery next = query(statuses, sort, 6, Optional.of(keysetOf(firstPage.getLast(), sort)));
        List<Product> nextPage = read(tenant, () -> catalog().findProducts(next));

        assertThat(firstPage).hasSize(6);
        assertThat(read(tenant, () -> catalog().findTenantWithProducts(tenants(), tenant.id(), first)))
                .contains(new TenantPage(tenant, firstPage));
        assertThat(read(tenant, () -> catalog().findTenantWithProducts(tenants(), tenant.id(), next)))
                .contains(new TenantPage(tenant, nextPage));
    }

    @Test
    void given_every_filter_when_reading_a_tenant_with_a_page_then_the_page_is_filtered_as_find_products_filters() {
        Tenant tenant = newTenant();
        Category lamps = category("lamps");
        Product cheap = inCategory(named(product("cheap-lamp", "2"), "Cheap lamp", Optional.empty()), lamps);
        Product lamp = inCategory(named(product("desk-lamp", "10"), "Desk lamp", Optional.empty()), lamps);
        Product chair = inCategory(named(product("chair", "10"), "Chair", Optional.empty()), lamps);
        Product loose = named(product("loose-lamp", "10"), "Loose lamp", Optional.empty());
        run(tenant, () -> {
            catalog().insertCategory(lamps);
            Stream.of(cheap, lamp, chair, loose).forEach(catalog()::insertProduct);
        });
        ProductQuery filtered = new ProductQuery(PUBLISHED, Optional.of(lamps.id()),
                Optional.of(new BigDecimal("5")), Optional.of(new BigDecimal("50")), Optional.of("LAMP"),
                ProductSort.PRICE, 10, Optional.empty());

        assertThat(read(tenant, () -> catalog().findTenantWithProducts(tenants(), tenant.id(), filtered)))
                .contains(new TenantPage(tenant, List.of(lamp)));
        assertThat(read(tenant, () -> catalog().findProducts(filtered))).containsExactly(lamp);
    }

    @Test
    void given_a_tenant_without_products_when_reading_it_with_a_page_then_its_row_and_an_empty_page() {
        Tenant tenant = newTenant();

        assertThat(read(tenant, () -> catalog().findTenantWithProducts(tenants(), tenant.id(),
                query(PUBLISHED, ProductSort.NEWEST, 10, Optional.empty()))))
                .contains(new TenantPage(tenant, List.of()));
    }

    @Test
    void given_no_such_tenant_bound_when_reading_it_with_a_page_then_empty() {
        TenantId nobody = TenantId.random();

        assertThat(read(nobody, () -> catalog().findTenantWithProducts(tenants(), nobody,
                query(PUBLISHED, ProductSort.NEWEST, 10, Optional.empty()))))
                .isEmpty();
    }

    @Test
    void given_two_tenants_with_products_when_reading_one_with_a_page_then_only_its_row_and_its_own_products() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        Product ofA = product("lamp", "1");
        run(a, () -> catalog().insertProduct(ofA));
        run(b, () -> catalog().insertProduct(product("lamp", "1")));

        assertThat(read(a, () -> catalog().findTenantWithProducts(tenants(), a.id(),
                query(ALL_STATUSES, ProductSort.NAME, 10, Optional.empty()))))
                .contains(new TenantPage(a, List.of(ofA)));
    }

    // --- isolation ---

    @Test
    void given_tenant_b_bound_when_reading_tenant_a_catalog_by_id_or_slug_then_nothing_is_visible() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        CatalogOf catalogOfA = seedCatalog(a);

        run(b, () -> {
            assertThat(catalog().findCategory(catalogOfA.child.id())).isEmpty();
            assertThat(catalog().findCategoryBySlug(catalogOfA.child.slug())).isEmpty();
            assertThat(catalog().listCategories()).isEmpty();
            assertThat(catalog().categorySlugTaken(catalogOfA.child.slug())).isFalse();
            assertThat(catalog().ancestorsOf(catalogOfA.child.id())).isEmpty();
            assertThat(catalog().countChildren(catalogOfA.root.id())).isZero();
            assertThat(catalog().countProductsIn(catalogOfA.child.id())).isZero();
            assertThat(catalog().findProduct(catalogOfA.product.id())).isEmpty();
            assertThat(catalog().findProductBySlug(catalogOfA.product.slug())).isEmpty();
            assertThat(catalog().productSlugTaken(catalogOfA.product.slug())).isFalse();
            assertThat(catalog().findProducts(query(ALL_STATUSES, ProductSort.NEWEST, 100, Optional.empty()))).isEmpty();
            assertThat(catalog().countInheritingProductsFinerThan(0)).isZero();
            assertThat(catalog().currentCategorySlugFor(catalogOfA.oldCategorySlug)).isEmpty();
            assertThat(catalog().currentProductSlugFor(catalogOfA.oldProductSlug)).isEmpty();
        });
    }

    @Test
    void given_tenant_b_bound_when_changing_or_deleting_tenant_a_rows_by_id_then_nothing_changes() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        CatalogOf catalogOfA = seedCatalog(a);
        CatalogOf before = reload(a, catalogOfA);

        run(b, () -> {
            assertThat(catalog().updateCategory(before.child.changed(Optional.empty(), "Hijacked",
                    Slug.of("hijacked"), 0, T0.plusSeconds(9)))).isEmpty();
            assertThat(catalog().updateProduct(before.product.withDescription(Optional.of("Hijacked"),
                    T0.plusSeconds(9)))).isEmpty();
            assertThat(catalog().detachFrom(before.child.id())).isZero();
            assertThat(catalog().deleteProduct(before.product.id())).isFalse();
            assertThat(catalog().deleteCategory(before.root.id())).isFalse();
        });

        assertThat(reload(a, catalogOfA)).isEqualTo(before);
        run(a, () -> {
            assertThat(catalog().currentCategorySlugFor(catalogOfA.oldCategorySlug)).contains(before.child.slug());
            assertThat(catalog().currentProductSlugFor(catalogOfA.oldProductSlug)).contains(before.product.slug());
        });
    }

    @Test
    void given_tenant_b_bound_when_referring_to_tenant_a_categories_or_products_then_refused_and_nothing_is_written() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        CatalogOf catalogOfA = seedCatalog(a);
        Product intruder = inCategory(product("intruder", "1"), catalogOfA.child);
        Category intruding = childOf(catalogOfA.root, "intruding");
        Product ownOfB = product("own-of-b", "1");
        run(b, () -> catalog().insertProduct(ownOfB));

        assertThatThrownBy(() -> run(b, () -> catalog().insertProduct(intruder))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> run(b, () -> catalog().insertCategory(intruding))).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> run(b, () -> catalog().updateProduct(inCategory(ownOfB, catalogOfA.child))))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> run(b, () ->
                        catalog().recordProductSlugRedirect(catalogOfA.product.id(), Slug.of("stolen-product"))))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> run(b, () ->
                        catalog().recordCategorySlugRedirect(catalogOfA.child.id(), Slug.of("stolen-category"))))
                .isInstanceOf(RuntimeException.class);

        run(b, () -> {
            assertThat(catalog().findProduct(intruder.id())).isEmpty();
            assertThat(catalog().findCategory(intruding.id())).isEmpty();
            assertThat(catalog().findProduct(ownOfB.id())).contains(ownOfB);
            assertThat(catalog().currentProductSlugFor(Slug.of("stolen-product"))).isEmpty();
            assertThat(catalog().currentCategorySlugFor(Slug.of("stolen-category"))).isEmpty();
        });
        run(a, () -> {
            assertThat(catalog().countProductsIn(catalogOfA.child.id())).isEqualTo(1);
            assertThat(catalog().countChildren(catalogOfA.root.id())).isEqualTo(1);
            assertThat(catalog().currentProductSlugFor(Slug.of("stolen-product"))).isEmpty();
        });
    }

    @Test
    void given_no_tenant_bound_when_using_the_catalog_then_everything_reads_empty_and_writes_are_refused() {
        Tenant a = newTenant();
        CatalogOf catalogOfA = seedCatalog(a);
        CatalogOf before = reload(a, catalogOfA);

        ports().unitOfWork().withoutTenant(() -> {
            assertThat(catalog().listCategories()).isEmpty();
            assertThat(catalog().findCategory(catalogOfA.child.id())).isEmpty();
            assertThat(catalog().findCategoryBySlug(catalogOfA.child.slug())).isEmpty();
            assertThat(catalog().ancestorsOf(catalogOfA.child.id())).isEmpty();
            assertThat(catalog().findProduct(catalogOfA.product.id())).isEmpty();
            assertThat(catalog().findProductBySlug(catalogOfA.product.slug())).isEmpty();
            assertThat(catalog().findProducts(query(ALL_STATUSES, ProductSort.NAME, 100, Optional.empty()))).isEmpty();
            assertThat(catalog().currentProductSlugFor(catalogOfA.oldProductSlug)).isEmpty();
            assertThat(catalog().currentCategorySlugFor(catalogOfA.oldCategorySlug)).isEmpty();
            assertThat(catalog().countInheritingProductsFinerThan(0)).isZero();
            assertThat(catalog().updateProduct(before.product)).isEmpty();
            assertThat(catalog().updateCategory(before.child)).isEmpty();
            assertThat(catalog().detachFrom(catalogOfA.child.id())).isZero();
            assertThat(catalog().deleteProduct(catalogOfA.product.id())).isFalse();
            assertThat(catalog().deleteCategory(catalogOfA.root.id())).isFalse();
            return null;
        });
        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
                    catalog().insertProduct(product("no-tenant", "1"));
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
                    catalog().insertCategory(category("no-tenant"));
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);

        assertThat(reload(a, catalogOfA)).isEqualTo(before);
    }

    // --- helpers ---

    /** A small catalog: root ← child (renamed once) ← product (renamed once); old slugs redirect. */
    private record CatalogOf(Category root, Category child, Product product, Slug oldCategorySlug, Slug oldProductSlug) {}

    private CatalogOf seedCatalog(Tenant tenant) {
        Category root = category("root");
        Category child = childOf(root, "child-old");
        Product product = inCategory(product("product-old", "12.345"), child);
        run(tenant, () -> {
            catalog().insertCategory(root);
            catalog().insertCategory(child);
            catalog().insertProduct(product);
        });
        Category renamedChild = rename(tenant, child, "child");
        Product renamedProduct = rename(tenant, product, "product");
        return new CatalogOf(root, renamedChild, renamedProduct, child.slug(), product.slug());
    }

    private CatalogOf reload(Tenant tenant, CatalogOf seeded) {
        return in(tenant, () -> new CatalogOf(
                catalog().findCategory(seeded.root.id()).orElseThrow(),
                catalog().findCategory(seeded.child.id()).orElseThrow(),
                catalog().findProduct(seeded.product.id()).orElseThrow(),
                seeded.oldCategorySlug,
                seeded.oldProductSlug));
    }

    private Category rename(Tenant tenant, Category category, String newSlug) {
        return in(tenant, () -> {
            Category stored = catalog().updateCategory(category.changed(category.parentId(), category.name(),
                            Slug.of(newSlug), category.position(), category.updatedAt().plusSeconds(1)))
                    .orElseThrow();
            catalog().recordCategorySlugRedirect(category.id(), category.slug());
            return stored;
        });
    }

    private Product rename(Tenant tenant, Product product, String newSlug) {
        return in(tenant, () -> {
            Product stored = catalog().updateProduct(product.changed(product.categoryId(), product.name(),
                            Slug.of(newSlug), product.description(), product.price(), product.currency(),
                            product.status(), product.updatedAt().plusSeconds(1)))
                    .orElseThrow();
            catalog().recordProductSlugRedirect(product.id(), product.slug());
            return stored;
        });
    }

    private List<Product> allPages(Tenant tenant, Set<ProductStatus> statuses, ProductSort sort, int pageSize) {
        List<Product> all = new ArrayList<>();
        Optional<Keyset> after = Optional.empty();
        for (int pages = 0; pages < 100; pages++) {
            Optional<Keyset> cursor = after;
            List<Product> page = read(tenant, () -> catalog().findProducts(query(statuses, sort, pageSize, cursor)));
            assertThat(page).hasSizeLessThanOrEqualTo(pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = Optional.of(keysetOf(page.getLast(), sort));
        }
        throw new AssertionError("paging did not end");
    }

    private List<String> pricesBetween(Tenant tenant, String min, String max) {
        return read(tenant, () -> catalog().findProducts(new ProductQuery(PUBLISHED, Optional.empty(),
                        Optional.ofNullable(min).map(BigDecimal::new), Optional.ofNullable(max).map(BigDecimal::new),
                        Optional.empty(), ProductSort.PRICE, 100, Optional.empty())))
                .stream()
                .map(p -> p.price().toPlainString())
                .toList();
    }

    private List<Product> matching(Tenant tenant, String text) {
        return read(tenant, () -> catalog().findProducts(new ProductQuery(ALL_STATUSES, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(text), ProductSort.NAME, 100, Optional.empty())));
    }

    /** The keyset a caller builds from the last row of a page, as the port documents it. */
    /**
     * The keyset that continues a listing after {@code product} in {@code sort} order.
     *
     * @param product the last product of a page
     * @param sort the listing's order
     * @return the keyset of the next page
     */
    public static Keyset keysetOf(Product product, ProductSort sort) {
        String value = switch (sort) {
            case NAME -> product.name();
            case PRICE, PRICE_DESC -> product.price().toPlainString();
            case NEWEST -> product.createdAt().toString();
        };
        return new Keyset(value, product.id());
    }

    /** The port's documented orders; ids compare as PostgreSQL compares uuids (their canonical strings). */
    static Comparator<Product> orderOf(ProductSort sort) {
        Comparator<Product> byId = Comparator.comparing(p -> p.id().toString());
        return switch (sort) {
            case NAME -> Comparator.comparing(Product::name).thenComparing(byId);
            case PRICE -> Comparator.comparing(Product::price).thenComparing(byId);
            case PRICE_DESC -> Comparator.comparing(Product::price).thenComparing(byId).reversed();
            case NEWEST -> Comparator.comparing(Product::createdAt).thenComparing(byId).reversed();
        };
    }

    /** A first-page query of {@code statuses} in {@code sort} order, no filters. */
    public static ProductQuery query(Set<ProductStatus> statuses, ProductSort sort, int limit, Optional<Keyset> after) {
        return new ProductQuery(statuses, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), sort,
                limit, after);
    }

    /** Product number i: names, prices and creation times repeat (13, 9 and 5 distinct values), statuses rotate. */
    static Product numbered(int i) {
        ProductStatus status = ProductStatus.values()[i % 3];
        return new Product(ProductId.random(), Optional.empty(), "Lamp %02d".formatted(i % 13),
                Slug.of("lamp-" + i), Optional.empty(), BigDecimal.valueOf(100 + (i % 9) * 25, 2), Optional.empty(),
                status, 1, T0.plusSeconds(i % 5), T0.plusSeconds(i % 5));
    }

    /** A product that sorts before every {@link #numbered} one in {@code sort}. */
    private static Product sortingFirst(ProductSort sort, int i) {
        String name = sort == ProductSort.NAME ? "Aardvark %02d".formatted(i) : "Lamp 00";
        BigDecimal price = switch (sort) {
            case PRICE -> new BigDecimal("0.5");
            case PRICE_DESC -> new BigDecimal("999");
            default -> new BigDecimal("1");
        };
        Instant created = sort == ProductSort.NEWEST ? T0.plusSeconds(3_600 + i) : T0;
        return new Product(ProductId.random(), Optional.empty(), name, Slug.of("first-" + i), Optional.empty(), price,
                Optional.empty(), ProductStatus.PUBLISHED, 1, created, created);
    }

    private CatalogRepository catalog() {
        return ports().catalog();
    }

    private TenantRepository tenants() {
        return ports().tenants();
    }

    private <T> T in(Tenant tenant, Supplier<T> work) {
        return ports().unitOfWork().inTenant(tenant.id(), work);
    }

    /**
     * Whether the listing tests read in read-only units of work ({@code readInTenant}) rather than in transactions
     * ({@code inTenant}). A subclass says yes, so that every listing, keyset and filter test runs on both paths.
     */
    protected boolean readsInReadOnlyUnits() {
        return false;
    }

    /** A read of the listing tests, on the path {@link #readsInReadOnlyUnits()} chooses. */
    private <T> T read(Tenant tenant, Supplier<T> work) {
        return read(tenant.id(), work);
    }

    private <T> T read(TenantId tenant, Supplier<T> work) {
        return readsInReadOnlyUnits()
                ? ports().unitOfWork().readInTenant(tenant, work)
                : ports().unitOfWork().inTenant(tenant, work);
    }

    private void run(Tenant tenant, Runnable work) {
        ports().unitOfWork().runInTenant(tenant.id(), work);
    }

    private static Category category(String slug) {
        return Category.create(Optional.empty(), "Category " + slug, Slug.of(slug), 0, T0);
    }

    private static Category childOf(Category parent, String slug) {
        return Category.create(Optional.of(parent.id()), "Category " + slug, Slug.of(slug), 0, T0);
    }

    private static Category named(String slug, String name, int position) {
        return Category.create(Optional.empty(), name, Slug.of(slug), position, T0);
    }

    private static Category moved(Category category, Category newParent) {
        return category.changed(Optional.of(newParent.id()), category.name(), category.slug(), category.position(),
                T0.plusSeconds(30));
    }

    private static Category withVersion(Category category, long version) {
        return new Category(category.id(), category.parentId(), category.name(), category.slug(), category.position(),
                version, category.createdAt(), category.updatedAt());
    }

    private static Product product(String slug, String price) {
        return Product.create(Optional.empty(), "Product " + slug, Slug.of(slug), Optional.empty(),
                new BigDecimal(price), Optional.empty(), ProductStatus.PUBLISHED, T0);
    }

    private static Product inCategory(Product product, Category category) {
        return product.changed(Optional.of(category.id()), product.name(), product.slug(), product.description(),
                product.price(), product.currency(), product.status(), product.updatedAt());
    }

    private static Product named(Product product, String name, Optional<String> description) {
        return product.changed(product.categoryId(), name, product.slug(), description, product.price(),
                product.currency(), product.status(), product.updatedAt());
    }

    private static Product withCurrency(Product product, String currency) {
        return product.changed(product.categoryId(), product.name(), product.slug(), product.description(),
                product.price(), Optional.of(CurrencyCode.of(currency)), product.status(), product.updatedAt());
    }
}
