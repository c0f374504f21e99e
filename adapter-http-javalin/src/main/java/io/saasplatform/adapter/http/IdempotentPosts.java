package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.saasplatform.application.port.in.IdempotencyUseCase;
import io.saasplatform.application.port.in.IdempotencyUseCase.Outcome;
import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} (IETF httpapi draft) for POSTs that create or spend: a decorator around a route's handler,
 * so that a route opts in with one call ({@code routes.post(path, idempotent.inTenant(handler))}).
 *
 * <p>Without the header the handler runs as always. With it, the first request under a key runs the handler and its
 * response (status, {@link #KEPT_HEADERS}, body) is stored for 24 h; a retry with the same key, caller, path and body
 * gets that response again with {@code Idempotent-Replayed: true} and the handler does not run; the key with another
 * request is 422; the key while the first request still runs (after a short wait) is 409 with {@code Retry-After}.
 * A handler that throws (a problem, a failed use case: nothing committed) or answers 429/5xx releases the key, so a
 * retry runs again.
 */
final class IdempotentPosts {
    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    static final List<String> KEPT_HEADERS = List.of("Content-Type", "Location", "ETag", "Cache-Control");
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentPosts.class);

    private final IdempotencyUseCase idempotency;
    private final BearerAuth bearer;

    IdempotentPosts(IdempotencyUseCase idempotency, BearerAuth bearer) {
        this.idempotency = idempotency;
        this.bearer = bearer;
    }

    /** Keys scoped to the access token's tenant (a tenantless token goes straight to the handler, which refuses it). */
    Handler inTenant(Handler handler) {
        return ctx -> handle(ctx, handler, true);
    }

    /** Keys scoped to the user: for routes where no tenant applies ({@code POST /tenants}). */
    Handler forUser(Handler handler) {
        return ctx -> handle(ctx, handler, false);
    }

    private void handle(Context ctx, Handler handler, boolean tenantScoped) throws Exception {
        String key = ctx.header(HEADER);
        if (key == null) {
            handler.handle(ctx);
            return;
        }
        try {
            IdempotencyUseCase.validKey(key);
        } catch (InvalidValueException e) {
            throw new ProblemException(ProblemType.BAD_REQUEST, HEADER, e.getMessage());
        }
        BearerAuth.Principal principal = bearer.authenticate(ctx);
        Optional<TenantId> tenant = tenantScoped ? principal.tenant() : Optional.empty();
        if (tenantScoped && tenant.isEmpty()) {
            handler.handle(ctx);
            return;
        }
        IdempotencyUseCase.Request request =
                new IdempotencyUseCase.Request(principal.user(), tenant, key, fingerprint(ctx, principal));
        switch (idempotency.begin(request)) {
            case Outcome.Proceed proceed -> run(ctx, handler, request);
            case Outcome.Replay replay -> replay(ctx, replay.response());
            case Outcome.InProgress busy -> {
                ctx.header("Retry-After", Long.toString(ProblemMapper.retryAfterSeconds(busy.retryAfter())));
                throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_IN_USE, HEADER,
                        "A request with this Idempotency-Key is still being processed; retry later");
            }
            case Outcome.KeyReused reused -> throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, HEADER,
                    "This Idempotency-Key was used for a different request; use a new key for a new request");
        }
    }

    private void run(Context ctx, Handler handler, IdempotencyUseCase.Request request) throws Exception {
        try {
            handler.handle(ctx);
        } catch (Exception | Error e) {
            abandon(request);
            throw e;
        }
        int status = ctx.statusCode();
        if (status >= 500 || status == 429) {
            abandon(request);
            return;
        }
        byte[] body = body(ctx);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = ctx.res().getHeader(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        try {
            idempotency.complete(request, new RecordedResponse(status, headers, body));
        } catch (RuntimeException e) {
            // The use case has committed: the client gets its answer. The key stays claimed until its lease lapses.
            LOG.warn("Could not store the response of Idempotency-Key [requestId={}]", RequestIds.of(ctx), e);
        }
    }

    private void abandon(IdempotencyUseCase.Request request) {
        try {
            idempotency.abandon(request);
        } catch (RuntimeException e) {
            LOG.warn("Could not release an Idempotency-Key; it frees itself when its lease lapses", e);
        }
    }

    private static byte[] body(Context ctx) throws IOException {
        InputStream result = ctx.resultInputStream();
        if (result == null) {
            return new byte[0];
        }
        byte[] bytes;
        try (result) {
            bytes = result.readAllBytes();
        }
        // The stream is consumed: hand the same bytes back for sending.
        ctx.result(bytes);
        return bytes;
    }

    private static void replay(Context ctx, RecordedResponse response) {
        response.headers().forEach(ctx::header);
        ctx.header(REPLAYED, "true");
        ctx.status(response.status());
        byte[] body = response.body();
        if (body.length > 0) {
            ctx.result(body);
        }
    }

    /** Who asks, for what, with which body: SHA-256, so that a replay answers exactly the request that was made. */
    private static byte[] fingerprint(Context ctx, BearerAuth.Principal principal) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(principal.user().toString(), ctx.method().name(), ctx.path())) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update(ctx.bodyAsBytes());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
