package io.saasplatform.application.port.out;

import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.MediaRepository.AttachedImage;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductId;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Outgoing port: a tenant request's reads, asked for together. Every tenant request first reads the same context — the
 * tenant's directory row and, when a member acts, that member's membership (the role check) — and then the one thing
 * it is about. Asked for at once, an adapter may send all of it as one execution: one round trip in a read-only unit
 * of work (ADR 0009). {@link #sequential} reads them one after the other through the repositories, which any adapter
 * may use.
 *
 * <p>Call inside a unit of work bound to the tenant, like the repositories; every read sees the bound tenant's rows
 * only. What a read is about is a value ({@link Read}), so the port stays one method however many reads it fuses.
 */
public interface TenantReads {
    /**
     * The bound tenant's row, {@code member}'s membership in it (empty when {@code member} is empty or not a member)
     * and what {@code read} asks for, as the repositories would each read them.
     */
    default <T> Fused<T> read(TenantId tenant, Optional<UserId> member, Read<T> read) {
        return read(tenant, member, read, false);
    }

    /**
     * {@link #read(TenantId, Optional, Read)}; with {@code images}, an adapter may also read the images of every
     * product the read returns ({@link MediaRepository#imagesOf}) in the same go, and say so in {@link Fused#images}.
     */
    default <T> Fused<T> read(TenantId tenant, Optional<UserId> member, Read<T> read, boolean images) {
        return read(tenant, member, read, images ? Along.IMAGES : Along.NOTHING);
    }

    /**
     * {@link #read(TenantId, Optional, Read)}, and what may come {@code along} with it in the same go: the images of
     * the products read ({@link Fused#images}) and the shop's face ({@link Fused#face}). An adapter that does not read
     * one of them leaves it empty; the caller then reads it itself.
     */
    <T> Fused<T> read(TenantId tenant, Optional<UserId> member, Read<T> read, Along along);

    /**
     * What a read may bring along besides its value, each read in the same go when the adapter can: the images of every
     * product the value holds ({@link MediaRepository#imagesOf}), and the shop's face ({@link Face}), what a storefront
     * page shows of the shop beyond its row.
     */
    record Along(boolean images, boolean face) {
        public static final Along NOTHING = new Along(false, false);
        public static final Along IMAGES = new Along(true, false);
    }

    /**
     * What {@link #read} read: the context, the value asked for and, when the adapter read them with the rest, the
     * images of the value's products as {@link MediaRepository#imagesOf} answers them and the shop's {@link Face}
     * (each empty when not read: the caller reads it itself if it wants it).
     */
    record Fused<T>(
            Optional<Tenant> tenant,
            Optional<Membership> membership,
            T value,
            Optional<Map<ProductId, List<AttachedImage>>> images,
            Optional<Face> face) {
        public Fused {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(membership, "membership");
            images = images.map(Map::copyOf);
            Objects.requireNonNull(face, "face");
        }

        /** Without the face. */
        public Fused(Optional<Tenant> tenant, Optional<Membership> membership, T value,
                Optional<Map<ProductId, List<AttachedImage>>> images) {
            this(tenant, membership, value, images, Optional.empty());
        }

        /** Without images or the face. */
        public Fused(Optional<Tenant> tenant, Optional<Membership> membership, T value) {
            this(tenant, membership, value, Optional.empty(), Optional.empty());
        }
    }

    /**
     * A shop's face as stored: its storefront configuration as {@link StorefrontConfigRepository#find} answers it
     * (empty before the first save), and the asset the configuration names as its logo as {@link MediaRepository#find}
     * answers it, whatever its status (empty without a logo, or when the asset is gone). Which of it a visitor sees
     * (the defaults, a ready logo only) is the application's rule.
     */
    record Face(Optional<StorefrontConfig> config, Optional<MediaAsset> logo) {
        public Face {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(logo, "logo");
            if (logo.isPresent() && !config.flatMap(StorefrontConfig::logoMediaId).equals(logo.map(MediaAsset::id))) {
                throw new IllegalArgumentException("the logo must be the asset the configuration names");
            }
        }
    }

    /** The one page of a category's products a listing by category slug reads; no products when no category. */
    record CategoryPage(Optional<Category> category, List<Product> products) {
        public CategoryPage {
            Objects.requireNonNull(category, "category");
            products = List.copyOf(products);
        }
    }

    /**
     * What a shop's front page (or one of its category pages) shows besides the shop itself: its categories and one page
     * of its products.
     */
    record FrontPage(List<Category> categories, List<Product> products) {
        public FrontPage {
            categories = List.copyOf(categories);
            products = List.copyOf(products);
        }
    }

    /** What a request is about, beyond its context; each names the repository method it reads as. */
    sealed interface Read<T> {
        /** Nothing beyond the context (its value is null): {@code GET /tenants/me}. */
        record ContextOnly() implements Read<Void> {}

        /** {@link CatalogRepository#listCategories}. */
        record Categories() implements Read<List<Category>> {}

        /** {@link CatalogRepository#findCategory}. */
        record CategoryById(CategoryId id) implements Read<Optional<Category>> {
            public CategoryById {
                Objects.requireNonNull(id, "id");
            }
        }

        /** {@link CatalogRepository#findProduct}. */
        record ProductById(ProductId id) implements Read<Optional<Product>> {
            public ProductById {
                Objects.requireNonNull(id, "id");
            }
        }

        /** {@link CatalogRepository#findProductBySlug}. */
        record ProductBySlug(Slug slug) implements Read<Optional<Product>> {
            public ProductBySlug {
                Objects.requireNonNull(slug, "slug");
            }
        }

        /** {@link CatalogRepository#findProducts}. */
        record Products(ProductQuery query) implements Read<List<Product>> {
            public Products {
                Objects.requireNonNull(query, "query");
            }
        }

        /**
         * {@link CatalogRepository#findCategoryBySlug}, then {@link CatalogRepository#findProducts} of {@code query}
         * narrowed to that category; no products when there is no such category. {@code query} names no category.
         */
        record ProductsInCategory(Slug category, ProductQuery query) implements Read<CategoryPage> {
            public ProductsInCategory {
                Objects.requireNonNull(category, "category");
                Objects.requireNonNull(query, "query");
                if (query.category().isPresent()) {
                    throw new IllegalArgumentException("the category is named by its slug, not in the query");
                }
            }
        }

        /**
         * {@link CatalogRepository#listCategories} and {@link CatalogRepository#findProducts}: a shop's front page or,
         * with a {@code category} slug, a category's page in the shop: the page narrowed to the category with that slug
         * ({@link CatalogRepository#findCategoryBySlug}; no products when there is none). {@code query} names no
         * category.
         */
        record Front(Optional<Slug> category, ProductQuery query) implements Read<FrontPage> {
            public Front {
                Objects.requireNonNull(category, "category");
                Objects.requireNonNull(query, "query");
                if (query.category().isPresent()) {
                    throw new IllegalArgumentException("the category is named by its slug, not in the query");
                }
            }

            /** The shop's front page itself: every category, no narrowing. */
            public Front(ProductQuery query) {
                this(Optional.empty(), query);
            }
        }

        /** {@link MembershipRepository#list}. */
        record Members() implements Read<List<Membership>> {}

        /** {@link MembershipRepository#listWithEmails}. */
        record MembersWithEmails() implements Read<List<Member>> {}
    }

    /** {@link #sequential(TenantRepository, MembershipRepository, CatalogRepository)} for reads of no member. */
    static TenantReads sequential(TenantRepository tenants, CatalogRepository catalog) {
        return sequential(tenants, NoMembers.INSTANCE, catalog);
    }

    /** The reads one after the other through the repositories: a round trip each in the jOOQ adapter. */
    static TenantReads sequential(
            TenantRepository tenants, MembershipRepository memberships, CatalogRepository catalog) {
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(memberships, "memberships");
        Objects.requireNonNull(catalog, "catalog");
        return new TenantReads() {
            @Override
            public <T> Fused<T> read(TenantId tenant, Optional<UserId> member, Read<T> read, Along along) {
                // Images and the face are left to the caller (ProductImages and ShopFaces read them through their
                // repositories).
                Optional<Membership> membership = member.flatMap(memberships::find);
                Optional<Tenant> row = tenants.findById(tenant);
                return new Fused<>(row, membership, value(read));
            }

            @SuppressWarnings("unchecked") // each Read<T> record below answers the T it declares
            private <T> T value(Read<T> read) {
                Object value = switch (read) {
                    case Read.ContextOnly nothing -> null;
                    case Read.Categories all -> catalog.listCategories();
                    case Read.CategoryById byId -> catalog.findCategory(byId.id());
                    case Read.ProductById byId -> catalog.findProduct(byId.id());
                    case Read.ProductBySlug bySlug -> catalog.findProductBySlug(bySlug.slug());
                    case Read.Products page -> catalog.findProducts(page.query());
                    case Read.ProductsInCategory inCategory -> {
                        Optional<Category> category = catalog.findCategoryBySlug(inCategory.category());
                        yield new CategoryPage(category, category.isEmpty() ? List.of()
                                : catalog.findProducts(narrowed(inCategory.query(), category.get())));
                    }
                    case Read.Front front -> {
                        List<Category> categories = catalog.listCategories();
                        if (front.category().isEmpty()) {
                            yield new FrontPage(categories, catalog.findProducts(front.query()));
                        }
                        Optional<Category> category = catalog.findCategoryBySlug(front.category().get());
                        yield new FrontPage(categories, category.isEmpty() ? List.of()
                                : catalog.findProducts(narrowed(front.query(), category.get())));
                    }
                    case Read.Members all -> memberships.list();
                    case Read.MembersWithEmails all -> memberships.listWithEmails();
                };
                return (T) value;
            }

            private static ProductQuery narrowed(ProductQuery query, Category category) {
                return new ProductQuery(query.statuses(), Optional.of(category.id()), query.minPrice(),
                        query.maxPrice(), query.text(), query.sort(), query.limit(), query.after());
            }
        };
    }

    /** The memberships of {@link #sequential(TenantRepository, CatalogRepository)}: none may be read. */
    final class NoMembers implements MembershipRepository {
        private static final NoMembers INSTANCE = new NoMembers();

        private NoMembers() {}

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("these tenant reads were built without memberships");
        }

        @Override
        public void save(Membership membership) {
            throw refused();
        }

        @Override
        public Optional<Membership> find(UserId user) {
            throw refused();
        }

        @Override
        public List<Membership> list() {
            throw refused();
        }

        @Override
        public List<Member> listWithEmails() {
            throw refused();
        }

        @Override
        public boolean remove(UserId user) {
            throw refused();
        }

        @Override
        public int countOwnersForUpdate() {
            throw refused();
        }

        @Override
        public List<Membership> ofUser(UserId user) {
            throw refused();
        }
    }
}
