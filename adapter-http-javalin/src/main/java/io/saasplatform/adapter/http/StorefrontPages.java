package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.adapter.http.pages.CategoryLink;
import io.saasplatform.adapter.http.pages.ErrorPage;
import io.saasplatform.adapter.http.pages.Image;
import io.saasplatform.adapter.http.pages.ListingPage;
import io.saasplatform.adapter.http.pages.PageMeta;
import io.saasplatform.adapter.http.pages.PageRenderer;
import io.saasplatform.adapter.http.pages.Prices;
import io.saasplatform.adapter.http.pages.ProductCard;
import io.saasplatform.adapter.http.pages.ProductPage;
import io.saasplatform.adapter.http.pages.ShopHeader;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductImage;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.SlugMovedException;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.Logo;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.application.port.in.StorefrontUseCase.ShopFront;
import io.saasplatform.application.port.in.StorefrontUseCase.ShopProduct;
import io.saasplatform.application.port.in.VisitsUseCase;
import io.saasplatform.domain.Visit;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.StorefrontConfig;
import io.saasplatform.domain.Tenant;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The public storefront as server-rendered HTML that works without JavaScript: a shop's front page, its category pages
 * and product pages, calling the same use case as the storefront API in process. Same caching as the API (public for a
 * minute, weak ETag, 304), the same 308 for a renamed slug, an HTML 404, and a strict Content-Security-Policy on every
 * answer. A view arriving through a tagged link is handed to the visits use case, which records it off this path.
 */
final class StorefrontPages implements RouteGroup {
    static final String HTML = "text/html; charset=utf-8";
    /** Tagged landings are never cached by anyone: each one is a visit to count. */
    static final String TAGGED_CACHE_CONTROL = "no-store";

    private final StorefrontUseCase storefront;
    private final Optional<StorefrontConfigUseCase> faces;
    private final VisitsUseCase visits;
    private final PageRenderer renderer;
    private final String contentSecurityPolicy;
    private final Clock clock;

    /** @param faces the storefront configuration; empty (an API without media) shows every shop by its name alone */
    StorefrontPages(StorefrontUseCase storefront, Optional<StorefrontConfigUseCase> faces, VisitsUseCase visits,
            PageRenderer renderer, String contentSecurityPolicy, Clock clock) {
        this.storefront = storefront;
        this.faces = faces;
        this.visits = visits;
        this.renderer = renderer;
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.clock = clock;
    }

    /**
     * {@code default-src 'self'; img-src 'self' <media origin>; script-src 'self'}: no inline script, no inline style,
     * nothing from elsewhere but images from where the shop's media are served and, when uploads go elsewhere (S3's
     * presigned URLs), the dashboard's upload requests to that origin ({@code connect-src}).
     */
    static String contentSecurityPolicy(Optional<String> mediaOrigin, Optional<String> uploadOrigin) {
        return "default-src 'self'; img-src 'self'" + mediaOrigin.map(o -> " " + o).orElse("")
                + uploadOrigin.map(o -> "; connect-src 'self' " + o).orElse("")
                + "; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/shops/{slug}", ctx -> page(ctx, () -> listing(ctx, null)));
        routes.get("/shops/{slug}/c/{categorySlug}", ctx -> page(ctx, () -> listing(ctx, ctx.pathParam("categorySlug"))));
        routes.get("/shops/{slug}/p/{productSlug}", ctx -> page(ctx, () -> product(ctx)));
        routes.get("/assets/{file}", ctx -> {
            var asset = renderer.asset(ctx.pathParam("file")).or(() -> PageRenderer.accentSheet(ctx.pathParam("file")));
            if (asset.isEmpty()) {
                ctx.header("Content-Security-Policy", contentSecurityPolicy);
                send(ctx, 404, notFound(null), "no-store");
                return;
            }
            // The name carries the content (its hash, or the accent colour): new content is a new URL, so this one never
            // changes.
            ctx.header("Cache-Control", "public, max-age=31536000, immutable")
                    .contentType(asset.get().contentType())
                    .result(asset.get().bytes());
        });
    }

    /** A rendered page with its status, or a redirect already answered. */
    private record Rendered(int status, byte[] body, Optional<Tenant> shop) {}

    @FunctionalInterface
    private interface PageWork {
        Rendered render();
    }

    private void page(Context ctx, PageWork work) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        String shop = ctx.pathParam("slug");
        Rendered rendered;
        try {
            rendered = work.render();
        } catch (NotFoundException missing) {
            String home = missing.resource().equals("shop") ? null : shopPath(shop);
            rendered = new Rendered(404, notFound(home), Optional.empty());
        } catch (InvalidValueException invalid) {
            rendered = new Rendered(400, renderer.render("error.jte", new ErrorPage(meta("Bad request",
                    "This address is not valid."), "This address is not valid",
                    "The link may be damaged or out of date.", shopPath(shop))), Optional.empty());
        }
        if (rendered == null) {
            return; // redirected
        }
        boolean tagged = rendered.shop().map(tenant -> recordVisit(ctx, tenant)).orElse(false);
        if (rendered.status() != 200) {
            send(ctx, rendered.status(), rendered.body(), "no-store");
            return;
        }
        String etag = EntityTags.weakOf(rendered.body());
        ctx.header("ETag", etag).header("Vary", "Accept-Encoding");
        ctx.header("Cache-Control", tagged ? TAGGED_CACHE_CONTROL : StorefrontRoutes.CACHE_CONTROL);
        if (EntityTags.noneMatchHits(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(HTML).result(rendered.body());
    }

    private static void send(Context ctx, int status, byte[] body, String cacheControl) {
        ctx.status(status).header("Cache-Control", cacheControl).contentType(HTML).result(body);
    }

    private Rendered listing(Context ctx, String categorySlug) {
        String shop = ctx.pathParam("slug");
        ProductListRequest request = new ProductListRequest(categorySlug, null, null, null, null, null,
                ProductListQuery.text(ctx, "cursor"), null);
        ShopFront front;
        try {
            front = storefront.front(shop, request);
        } catch (SlugMovedException moved) {
            redirect(ctx, shopPath(shop) + "/c/" + segment(moved.currentSlug().value()));
            return null;
        }
        Tenant tenant = front.shop();
        Face face = face(tenant, front.face());
        ShopHeader header = face.header();
        Optional<Category> current = categorySlug == null
                ? Optional.empty()
                : front.categories().stream().filter(c -> c.slug().value().equals(categorySlug)).findFirst();
        if (categorySlug != null && current.isEmpty()) {
            throw new NotFoundException("category");
        }
        List<CategoryLink> links = front.categories().stream()
                .map(c -> new CategoryLink(c.name(), header.homePath() + "/c/" + segment(c.slug().value()),
                        current.map(cur -> cur.id().equals(c.id())).orElse(false)))
                .toList();
        List<ProductCard> cards = front.products().items().stream()
                .map(p -> new ProductCard(p.product().name(), productPath(tenant, p.product()),
                        Prices.format(p.price()), p.images().stream().findFirst()
                                .map(i -> image(i, p.product().name())).orElse(null)))
                .toList();
        String base = current.map(c -> header.homePath() + "/c/" + segment(c.slug().value())).orElse(header.homePath());
        String more = front.products().nextCursor().map(cursor -> base + "?cursor=" + query(cursor)).orElse(null);
        String heading = current.map(Category::name).orElse(header.name());
        String title = current.map(c -> c.name() + " · " + header.name()).orElse(header.name());
        String description = current.map(c -> c.name() + " from " + header.name())
                .orElse(face.seoDescription().orElse("Shop " + header.name() + " online."));
        ListingPage page = new ListingPage(face.meta(title, description, face.logoUrl()), header, heading, links,
                cards, more);
        return new Rendered(200, renderer.render("listing.jte", page), Optional.of(tenant));
    }

    private Rendered product(Context ctx) {
        String shop = ctx.pathParam("slug");
        ShopProduct found;
        try {
            found = storefront.productWithShop(shop, ctx.pathParam("productSlug"));
        } catch (SlugMovedException moved) {
            redirect(ctx, shopPath(shop) + "/p/" + segment(moved.currentSlug().value()));
            return null;
        }
        Tenant tenant = found.shop();
        Face face = face(tenant, found.face());
        PricedProduct priced = found.product();
        Product product = priced.product();
        List<String> paragraphs = product.description()
                .map(text -> Arrays.stream(text.split("\\R\\s*\\R")).map(String::strip).filter(p -> !p.isEmpty())
                        .toList())
                .orElse(List.of());
        String shopTitle = face.header().name();
        String description = paragraphs.isEmpty() ? product.name() + " from " + shopTitle : first(paragraphs);
        List<Image> images = priced.images().stream().map(i -> image(i, product.name())).toList();
        String ogImage = images.isEmpty() ? face.logoUrl() : images.getFirst().url();
        ProductPage page = new ProductPage(face.meta(product.name() + " · " + shopTitle, description, ogImage),
                face.header(), product.name(), Prices.format(priced.price()), images, paragraphs);
        return new Rendered(200, renderer.render("product.jte", page), Optional.of(tenant));
    }

    /** The meta description: the first paragraph, cut to what search engines show. */
    private static String first(List<String> paragraphs) {
        String text = paragraphs.getFirst();
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    /** An image as a page shows it; an image without alternative text is described by the product's name. */
    private static Image image(ProductImage image, String productName) {
        return new Image(image.url().toString(), image.alt().isBlank() ? productName : image.alt(), image.width(),
                image.height());
    }

    /** The shop as its pages show it, from its storefront configuration; the shop's name alone when it has none. */
    private record Face(ShopHeader header, Optional<String> seoDescription, String logoUrl, String accentSheet,
            String stylesheet) {
        PageMeta meta(String title, String description, String image) {
            return new PageMeta(title, description, image, stylesheet, accentSheet, header.name());
        }
    }

    /**
     * The face of {@code tenant}: the one {@code read} with the page (the storefront read it in the page's own round
     * trip), else read now by the shop's id, without looking the slug up again.
     */
    private Face face(Tenant tenant, Optional<ShopFace> read) {
        String home = shopPath(tenant.slug().value());
        Optional<ShopFace> found = faces.map(f -> read.orElseGet(() -> f.face(tenant)));
        if (found.isEmpty()) {
            return new Face(new ShopHeader(tenant.name(), null, null, home, List.of()), Optional.empty(), null, null,
                    renderer.stylesheetPath());
        }
        StorefrontConfig config = found.get().config();
        Optional<Logo> logo = found.get().logo();
        String title = config.title().isBlank() ? tenant.name() : config.title();
        Image logoImage = logo.map(l -> new Image(l.url().toString(), title, l.width(), l.height())).orElse(null);
        List<ShopHeader.Link> links = config.links().stream()
                .map(l -> new ShopHeader.Link(l.label(), l.url().toString()))
                .toList();
        ShopHeader header = new ShopHeader(title, config.tagline().isBlank() ? null : config.tagline(), logoImage,
                home, links);
        return new Face(header, Optional.of(config.seoDescription()).filter(d -> !d.isBlank()),
                logoImage == null ? null : logoImage.url(),
                config.accentColor().map(PageRenderer::accentSheetPath).orElse(null), renderer.stylesheetPath());
    }

    private PageMeta meta(String title, String description) {
        return new PageMeta(title, description, null, renderer.stylesheetPath(), null, null);
    }


    private byte[] notFound(String homePath) {
        return renderer.render("error.jte", new ErrorPage(meta("Not found", "This page does not exist."),
                "Page not found", "There is nothing at this address.", homePath));
    }

    /** 308 like the storefront API: the query (a cursor) survives. */
    private static void redirect(Context ctx, String path) {
        String query = ctx.queryString();
        ctx.status(308).header("Location", query == null || query.isEmpty() ? path : path + "?" + query)
                .header("Cache-Control", StorefrontRoutes.CACHE_CONTROL);
    }

    /** Hands a tagged view to the visits use case; true when the view was tagged. */
    private boolean recordVisit(Context ctx, Tenant tenant) {
        Visit visit = new Visit(tenant.id(), LocalDate.now(clock), param(ctx, "utm_source"),
                param(ctx, "utm_medium"), param(ctx, "utm_campaign"), ctx.path(), referrerHost(ctx));
        if (!visit.tagged()) {
            return false;
        }
        visits.record(visit);
        return true;
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !TextRules.hasControlCharacter(v));
    }

    /** Only the referrer's host: its path and query may carry what a visitor would not share. */
    private static Optional<String> referrerHost(Context ctx) {
        String referrer = ctx.header("Referer");
        if (referrer == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(URI.create(referrer).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String shopPath(String shop) {
        return "/shops/" + segment(shop);
    }

    private static String productPath(Tenant tenant, Product product) {
        return shopPath(tenant.slug().value()) + "/p/" + segment(product.slug().value());
    }

    private static String query(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String segment(String text) {
        return query(text).replace("+", "%20");
    }
}
