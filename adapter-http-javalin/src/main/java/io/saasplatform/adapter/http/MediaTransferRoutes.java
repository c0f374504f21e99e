package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.application.port.in.DirectMediaTransfer;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.domain.TenantId;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Uploads and downloads through the platform itself, for the local object store (no S3): the presigned upload URL
 * {@code PUT /media-uploads/{token}} (the token is the credential, so no bearer token) and the public
 * {@code GET /media/{tenantId}/{mediaId}} of ready images, cacheable forever (an asset's bytes never change).
 */
final class MediaTransferRoutes implements RouteGroup {
    static final String UPLOADS = "/media-uploads/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final DirectMediaTransfer transfers;

    MediaTransferRoutes(DirectMediaTransfer transfers) {
        this.transfers = transfers;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.put(UPLOADS + "{token}", ctx -> {
            // The body is streamed to the store, which stops at the signed length: never read into memory here.
            transfers.receiveUpload(ctx.pathParam("token"), ctx.req().getContentType(),
                    ctx.req().getContentLengthLong(), ctx.req().getInputStream());
            ctx.header("Cache-Control", "no-store").status(200);
        });
        routes.get("/media/{tenantId}/{mediaId}", ctx -> {
            String tenant = ctx.pathParam("tenantId");
            String media = ctx.pathParam("mediaId");
            if (!UUID_TEXT.matcher(tenant).matches() || !UUID_TEXT.matcher(media).matches()) {
                throw new NotFoundException("media");
            }
            var download = transfers.open(TenantId.parse(tenant), UUID.fromString(media))
                    .orElseThrow(() -> new NotFoundException("media"));
            serve(ctx, download);
        });
    }

    private static void serve(Context ctx, DirectMediaTransfer.Download download) {
        ctx.header("Cache-Control", IMMUTABLE)
                .header("X-Content-Type-Options", "nosniff")
                // Images only; should a stored object ever be something else, it still must not run as a page.
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .header("Content-Length", Long.toString(download.byteSize()))
                .contentType(download.contentType());
        ctx.result(download.body());
    }
}
