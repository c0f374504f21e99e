package io.saasplatform.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.adapter.http.CatalogJson.PageJson;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.MediaUseCase;
import io.saasplatform.application.port.in.MediaUseCase.ImageChoice;
import io.saasplatform.application.port.in.MediaUseCase.MediaView;
import io.saasplatform.application.port.in.MediaUseCase.UploadRequest;
import io.saasplatform.application.port.in.MediaUseCase.UploadTicket;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.domain.ImageType;
import io.saasplatform.domain.MediaAsset;
import io.saasplatform.domain.ProductId;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The dashboard's media library (presigned uploads, completion, listing, deletion) and the images of a product. Like
 * the rest of the dashboard nothing here may be cached ({@code Cache-Control: no-store}).
 */
final class MediaRoutes implements RouteGroup {
    static final String MEDIA = "/tenants/me/media";
    private static final Set<String> UPLOAD_FIELDS = Set.of("filename", "contentType", "byteSize");
    private static final Set<String> IMAGES_FIELDS = Set.of("mediaIds");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_FILENAME_LENGTH = 4096;
    static final int MAX_CONTENT_TYPE_LENGTH = 255;

    /**
     * An asset as the dashboard sees it; {@code url}, {@code width} and {@code height} only once it is ready;
     * {@code updatedAt} moves when the upload is checked (ready or rejected).
     */
    record MediaJson(String id, String status, String filename, String contentType, long byteSize, Integer width,
            Integer height, String url, Instant createdAt, Instant updatedAt) {
        static MediaJson of(MediaView view) {
            MediaAsset asset = view.asset();
            Optional<ImageType.Dimensions> size = asset.dimensions();
            return new MediaJson(asset.id().toString(), asset.status().wireName(), asset.filename(),
                    asset.type().mediaType(), asset.byteSize(), size.map(ImageType.Dimensions::width).orElse(null),
                    size.map(ImageType.Dimensions::height).orElse(null), view.url().map(URI::toString).orElse(null),
                    asset.createdAt(), asset.updatedAt());
        }
    }

    record UploadJson(String url, String method, Map<String, String> headers, Instant expiresAt) {}

    record UploadTicketJson(String mediaId, String status, UploadJson upload) {
        static UploadTicketJson of(UploadTicket ticket) {
            var upload = ticket.upload();
            return new UploadTicketJson(ticket.media().asset().id().toString(), ticket.media().asset().status()
                    .wireName(), new UploadJson(upload.url().toString(), upload.method(), upload.headers(),
                    upload.expiresAt()));
        }
    }

    private final BearerAuth bearer;
    private final IdempotentPosts idempotent;
    private final MediaUseCase media;

    MediaRoutes(BearerAuth bearer, IdempotentPosts idempotent, MediaUseCase media) {
        this.bearer = bearer;
        this.idempotent = idempotent;
        this.media = media;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.post(MEDIA + "/uploads", idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            JsonFields body = JsonFields.read(ctx, bodies, UPLOAD_FIELDS);
            String filename = body.requiredText("filename");
            String contentType = body.requiredText("contentType");
            Long byteSize = body.requiredLong("byteSize");
            body.requireValid();
            // The documented bounds, before the use case words a long type as 415.
            UploadRequest request = new UploadRequest(RequestBounds.atMost("filename", filename, MAX_FILENAME_LENGTH),
                    RequestBounds.atMost("contentType", contentType, MAX_CONTENT_TYPE_LENGTH), byteSize);
            UploadTicket ticket = media.startUpload(actor, request);
            ctx.status(201).header("Location", MEDIA + "/" + ticket.media().asset().id());
            CatalogRoutes.noStore(ctx).json(UploadTicketJson.of(ticket));
        }));
        routes.post(MEDIA + "/{id}/complete", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CatalogRoutes.noStore(ctx).json(MediaJson.of(media.complete(actor, mediaId(ctx))));
        });
        routes.get(MEDIA, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            Integer limit = ProductListQuery.integer(ctx, "limit");
            var page = media.list(actor, Optional.ofNullable(ctx.queryParam("cursor")),
                    limit == null ? DEFAULT_PAGE_SIZE : limit);
            CatalogRoutes.noStore(ctx).json(PageJson.of(page, MediaJson::of));
        });
        routes.get(MEDIA + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CatalogRoutes.noStore(ctx).json(MediaJson.of(media.get(actor, mediaId(ctx))));
        });
        routes.delete(MEDIA + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            UUID id = mediaId(ctx);
            media.delete(actor, id, detach(ctx));
            CatalogRoutes.noStore(ctx).status(204);
        });
        routes.put("/tenants/me/products/{id}/images", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ProductId product = CatalogRoutes.productId(ctx);
            var expected = EntityTags.expectedVersion(ctx);
            JsonFields body = JsonFields.read(ctx, bodies, IMAGES_FIELDS);
            List<ImageChoice> choices = choices(body);
            body.requireValid();
            CatalogRoutes.product(ctx, media.setProductImages(actor, product, choices, expected));
        });
    }

    /**
     * {@code mediaIds}: an array of ids, or of {@code {mediaId, alt}} objects, or a mix; order is the display order.
     * Bounded before the use case sees it, so a huge array costs nothing.
     */
    private static List<ImageChoice> choices(JsonFields body) {
        JsonNode node = body.optionalNode("mediaIds");
        if (node == null) {
            throw JsonFields.invalidField("mediaIds", "mediaIds is required");
        }
        if (!node.isArray()) {
            throw JsonFields.invalidField("mediaIds", "mediaIds must be an array");
        }
        if (node.size() > MediaUseCase.MAX_IMAGES_PER_PRODUCT) {
            throw JsonFields.invalidField("mediaIds",
                    "a product has at most " + MediaUseCase.MAX_IMAGES_PER_PRODUCT + " images");
        }
        List<ImageChoice> choices = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String element = "mediaIds[" + i + "]";
            JsonNode item = node.get(i);
            if (item.isTextual()) {
                choices.add(new ImageChoice(uuid(element, item.textValue()), null));
            } else if (item.isObject()) {
                for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!name.equals("mediaId") && !name.equals("alt")) {
                        throw JsonFields.invalidField(element + "." + name, name + " is not a known field");
                    }
                }
                JsonNode id = item.get("mediaId");
                if (id == null || !id.isTextual()) {
                    throw JsonFields.invalidField(element + ".mediaId", "mediaId must be a UUID string");
                }
                JsonNode alt = item.get("alt");
                String altText = alt == null || alt.isNull() ? null : JsonFields.textOf(element + ".alt", alt);
                choices.add(new ImageChoice(uuid(element + ".mediaId", id.textValue()), altText));
            } else {
                throw JsonFields.invalidField(element, element + " must be a media id or {mediaId, alt}");
            }
        }
        return choices;
    }

    private static UUID uuid(String field, String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw JsonFields.invalidField(field, field + " must be a UUID string");
        }
        return UUID.fromString(text);
    }

    /** A malformed id names no asset of the tenant: 404, as an unknown one. */
    static UUID mediaId(Context ctx) {
        String text = ctx.pathParam("id");
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new NotFoundException("media");
        }
        return UUID.fromString(text);
    }

    private static boolean detach(Context ctx) {
        String detach = ctx.queryParam("detach");
        if (detach == null || detach.equals("false")) {
            return false;
        }
        if (!detach.equals("true")) {
            throw ProductListQuery.invalid("detach", "detach must be true or false");
        }
        return true;
    }
}
