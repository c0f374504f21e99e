package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.StorefrontConfigUseCase;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.Draft;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.LinkDraft;
import io.saasplatform.application.port.in.StorefrontConfigUseCase.ShopFace;
import io.saasplatform.domain.StorefrontConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A shop's storefront configuration: {@code GET/PUT /tenants/me/storefront-config} for admins (strong ETag
 * {@code "v<version>"}, {@code "v0"} for the defaults; {@code If-Match} optional on PUT) and the public
 * {@code GET /storefront/{slug}}, cacheable like the other storefront answers.
 */
final class StorefrontConfigRoutes implements RouteGroup {
    static final String CONFIG = "/tenants/me/storefront-config";
    private static final int MAX_ACCENT_COLOR_LENGTH = 7;
    private static final Set<String> FIELDS =
            Set.of("title", "tagline", "logoMediaId", "accentColor", "seoDescription", "links");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    record LinkJson(String label, String url) {}

    record ConfigJson(String title, String tagline, String logoMediaId, String accentColor, String seoDescription,
            List<LinkJson> links, Instant createdAt, Instant updatedAt) {
        static ConfigJson of(StorefrontConfig config) {
            return new ConfigJson(config.title(), config.tagline(), config.logoMediaId().map(UUID::toString).orElse(null),
                    config.accentColor().orElse(null), config.seoDescription(), linksOf(config),
                    config.createdAt().orElse(null), config.updatedAt().orElse(null));
        }
    }

    record LogoJson(String url, int width, int height) {}

    record ShopJson(String slug, String name, String title, String tagline, LogoJson logo, String accentColor,
            String defaultCurrency, String seoDescription, List<LinkJson> links) {
        static ShopJson of(ShopFace face) {
            StorefrontConfig config = face.config();
            return new ShopJson(face.slug(), face.name(), config.title(), config.tagline(),
                    face.logo().map(l -> new LogoJson(l.url().toString(), l.width(), l.height())).orElse(null),
                    config.accentColor().orElse(null), face.defaultCurrency().value(), config.seoDescription(),
                    linksOf(config));
        }
    }

    private final BearerAuth bearer;
    private final StorefrontConfigUseCase configs;
    private final ObjectMapper mapper;

    StorefrontConfigRoutes(BearerAuth bearer, StorefrontConfigUseCase configs, ObjectMapper mapper) {
        this.bearer = bearer;
        this.configs = configs;
        this.mapper = mapper;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get(CONFIG, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            config(ctx, configs.get(actor));
        });
        routes.put(CONFIG, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            var expected = EntityTags.expectedVersion(ctx);
            JsonFields body = JsonFields.read(ctx, bodies, FIELDS);
            String logo = body.optionalText("logoMediaId");
            if (logo != null && !UUID_TEXT.matcher(logo).matches()) {
                throw JsonFields.invalidField("logoMediaId", "logoMediaId must be a UUID string");
            }
            String title = body.requiredText("title");
            String tagline = body.optionalText("tagline");
            String accent = body.optionalText("accentColor");
            String seo = body.optionalText("seoDescription");
            List<LinkDraft> links = links(body);
            body.requireValid();
            // The documented bounds before the use case looks the logo up: too long is 400, whatever the logo.
            RequestBounds.atMost("title", title, StorefrontConfig.MAX_TITLE);
            RequestBounds.atMost("tagline", tagline, StorefrontConfig.MAX_TAGLINE);
            RequestBounds.atMost("accentColor", accent, MAX_ACCENT_COLOR_LENGTH);
            RequestBounds.atMost("seoDescription", seo, StorefrontConfig.MAX_SEO_DESCRIPTION);
            Draft draft = new Draft(title, tagline, logo == null ? null : UUID.fromString(logo), accent, seo, links);
            config(ctx, configs.put(actor, draft, expected));
        });
        routes.get("/storefront/{slug}", ctx -> cacheable(ctx, ShopJson.of(configs.face(ctx.pathParam("slug")))));
    }

    private static List<LinkDraft> links(JsonFields body) {
        JsonNode node = body.optionalNode("links");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw JsonFields.invalidField("links", "links must be an array");
        }
        if (node.size() > StorefrontConfig.MAX_LINKS) {
            throw JsonFields.invalidField("links", "links must have at most " + StorefrontConfig.MAX_LINKS + " items");
        }
        List<LinkDraft> links = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String element = "links[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                throw JsonFields.invalidField(element, element + " must be an object with label and url");
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("label") && !name.equals("url")) {
                    throw JsonFields.invalidField(element + "." + name, name + " is not a known field");
                }
            }
            links.add(new LinkDraft(text(item, element + ".label", "label"), text(item, element + ".url", "url")));
        }
        return links;
    }

    private static String text(JsonNode item, String field, String name) {
        JsonNode value = item.get(name);
        if (value == null || value.isNull()) {
            throw JsonFields.invalidField(field, name + " is required");
        }
        return JsonFields.textOf(field, value);
    }

    private static List<LinkJson> linksOf(StorefrontConfig config) {
        return config.links().stream().map(l -> new LinkJson(l.label(), l.url().toString())).toList();
    }

    private static void config(Context ctx, StorefrontConfig config) {
        CatalogRoutes.noStore(ctx).header("ETag", EntityTags.ofVersion(config.version())).json(ConfigJson.of(config));
    }

    private void cacheable(Context ctx, Object body) throws JsonProcessingException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        String etag = EntityTags.weakOf(bytes);
        ctx.header("ETag", etag).header("Cache-Control", StorefrontRoutes.CACHE_CONTROL).header("Vary", "Accept-Encoding");
        if (EntityTags.noneMatchHits(EntityTags.ifNoneMatch(ctx), etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes);
    }
}
