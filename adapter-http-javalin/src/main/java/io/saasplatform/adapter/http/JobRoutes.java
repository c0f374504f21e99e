package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.adapter.http.CatalogJson.PageJson;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.DescriptionJobsUseCase;
import io.saasplatform.application.port.in.DescriptionJobsUseCase.JobView;
import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Tracked background jobs of the caller's tenant: bulk AI descriptions are started here (202 and a {@code Location}
 * to poll), then read, listed and cancelled under {@code /tenants/me/jobs}.
 */
final class JobRoutes implements RouteGroup {
    static final String JOBS = "/tenants/me/jobs";
    private static final Set<String> START_FIELDS = Set.of("productIds", "tone", "apply");

    record ItemErrorJson(String productId, String problem) {}

    /**
     * {@code done} succeeded and {@code failed} failed of {@code total}; {@code errors} the first 20 failures;
     * {@code updatedAt} moves with every change of status or counters.
     */
    record JobJson(String id, String kind, String status, int total, int done, int failed,
            List<ItemErrorJson> errors, Instant createdAt, Instant updatedAt, Instant finishedAt) {
        static JobJson of(JobView job) {
            return new JobJson(job.id().toString(), job.kind(), job.status().wireName(), job.total(), job.done(),
                    job.failed(),
                    job.errors().stream()
                            .map(e -> new ItemErrorJson(e.productId().value().toString(), e.problem()))
                            .toList(),
                    job.createdAt(), job.updatedAt(), job.finishedAt().orElse(null));
        }
    }

    private final BearerAuth bearer;
    private final IdempotentPosts idempotent;
    private final DescriptionJobsUseCase jobs;

    JobRoutes(BearerAuth bearer, IdempotentPosts idempotent, DescriptionJobsUseCase jobs) {
        this.bearer = bearer;
        this.idempotent = idempotent;
        this.jobs = jobs;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.post("/tenants/me/ai/description-jobs", idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            JsonFields body = JsonFields.readOptional(ctx, bodies, START_FIELDS);
            List<ProductId> productIds = body.optionalProductIds("productIds");
            String tone = body.optionalText("tone");
            boolean apply = body.optionalBoolean("apply", false);
            body.requireValid();
            JobView job = jobs.start(actor, productIds,
                    RequestBounds.atMost("tone", tone, RequestBounds.MAX_TONE_LENGTH), apply);
            ctx.status(202).header("Location", JOBS + "/" + job.id());
            CatalogRoutes.noStore(ctx).json(JobJson.of(job));
        }));
        routes.get(JOBS, ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            var page = jobs.list(actor, ctx.queryParam("cursor"), ProductListQuery.integer(ctx, "limit"));
            KeysetLinks.next(ctx, page.nextCursor());
            CatalogRoutes.noStore(ctx).json(PageJson.of(page, JobJson::of));
        });
        routes.get(JOBS + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CatalogRoutes.noStore(ctx).json(JobJson.of(jobs.get(actor, jobId(ctx))));
        });
        routes.delete(JOBS + "/{id}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CatalogRoutes.noStore(ctx).json(JobJson.of(jobs.cancel(actor, jobId(ctx))));
        });
    }

    /** A malformed id names no job of the tenant: 404, as an unknown one. */
    private static UUID jobId(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new io.saasplatform.application.port.in.NotFoundException("job");
        }
    }
}
