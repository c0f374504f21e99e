package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.saasplatform.adapter.http.CatalogJson.ProductJson;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.AiFeaturesUseCase;
import io.saasplatform.application.port.in.AiFeaturesUseCase.DescriptionRequest;
import io.saasplatform.application.port.in.AiFeaturesUseCase.DescriptionResult;
import io.saasplatform.application.port.in.AiFeaturesUseCase.QuotaView;
import io.saasplatform.application.port.in.AiFeaturesUseCase.TokenCounts;
import io.saasplatform.application.port.in.AiFeaturesUseCase.UsageReport;
import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The tenant's AI features, metered against its monthly token quota. Over quota is a 429 and an unavailable provider
 * a 503, both with {@code Retry-After} (see {@link ProblemMapper}); answers are never cached.
 */
final class AiRoutes implements RouteGroup {
    static final int MIN_WORDS = 10;
    static final int MAX_WORDS = 400;
    private static final Set<String> DESCRIPTION_FIELDS = Set.of("tone", "maxWords", "apply");

    record UsageJson(long inputTokens, long outputTokens, long totalTokens) {
        static UsageJson of(TokenCounts counts) {
            return new UsageJson(counts.inputTokens(), counts.outputTokens(), counts.totalTokens());
        }
    }

    record QuotaJson(long limit, long used, long remaining, Instant resetsAt) {
        static QuotaJson of(QuotaView quota) {
            return new QuotaJson(quota.limit(), quota.used(), quota.remaining(), quota.resetsAt());
        }
    }

    /** {@code product} is the product after the change when the text was applied, else null. */
    record DescriptionJson(
            String text,
            UsageJson usage,
            QuotaJson quota,
            String provider,
            String model,
            boolean local,
            ProductJson product) {
        static DescriptionJson of(DescriptionResult result) {
            return new DescriptionJson(result.text(), UsageJson.of(result.usage()), QuotaJson.of(result.quota()),
                    result.provider(), result.model(), result.local(),
                    result.product().map(ProductJson::of).orElse(null));
        }
    }

    /** {@code period} is the quota's month, {@code 2026-11}; {@code byFeature} counts tokens per feature. */
    record UsageReportJson(
            String period,
            long limit,
            long used,
            long remaining,
            Instant resetsAt,
            Map<String, Long> byFeature,
            String provider,
            boolean local) {
        static UsageReportJson of(UsageReport report) {
            QuotaView quota = report.quota();
            return new UsageReportJson(report.period().toString(), quota.limit(), quota.used(), quota.remaining(),
                    quota.resetsAt(), report.tokensByFeature(), report.provider(), report.local());
        }
    }

    private final BearerAuth bearer;
    private final IdempotentPosts idempotent;
    private final AiFeaturesUseCase ai;

    AiRoutes(BearerAuth bearer, IdempotentPosts idempotent, AiFeaturesUseCase ai) {
        this.bearer = bearer;
        this.idempotent = idempotent;
        this.ai = ai;
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        // Idempotent: a retry after a lost answer must not be charged a second time.
        routes.post("/tenants/me/products/{id}/ai/description", idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ProductId product = CatalogRoutes.productId(ctx);
            // Every member is optional, so no body at all asks for the defaults.
            JsonFields body = JsonFields.readOptional(ctx, bodies, DESCRIPTION_FIELDS);
            Integer maxWords = body.optionalInteger("maxWords");
            String tone = body.optionalText("tone");
            boolean apply = body.optionalBoolean("apply", false);
            body.requireValid();
            if (maxWords != null && (maxWords < MIN_WORDS || maxWords > MAX_WORDS)) {
                // Checked before the call is metered: a request that cannot succeed must not cost tokens.
                throw new ProblemException(ProblemType.VALIDATION_FAILED, "maxWords",
                        "maxWords must be between " + MIN_WORDS + " and " + MAX_WORDS);
            }
            DescriptionRequest request =
                    new DescriptionRequest(
                            RequestBounds.atMost("tone", tone, RequestBounds.MAX_TONE_LENGTH), maxWords, apply);
            CatalogRoutes.noStore(ctx).json(DescriptionJson.of(ai.generateDescription(actor, product, request)));
        }));
        routes.get("/tenants/me/ai/usage", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            CatalogRoutes.noStore(ctx).json(UsageReportJson.of(ai.usage(actor)));
        });
    }
}
