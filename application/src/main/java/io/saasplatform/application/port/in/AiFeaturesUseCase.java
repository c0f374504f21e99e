package io.saasplatform.application.port.in;

import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/**
 * Incoming port: the tenant's AI features, every call metered against its monthly token quota (staff and above).
 *
 * <p>Over quota is {@link QuotaExceededException}; provider or quota store unavailable is
 * {@link ServiceUnavailableException}; both leave usage unchanged.
 */
public interface AiFeaturesUseCase {
    DescriptionResult generateDescription(Actor actor, ProductId product, DescriptionRequest request);

    UsageReport usage(Actor actor);

    /** {@code tone} and {@code maxWords} may be null (neutral, 80 words); {@code maxWords} 10–400. */
    record DescriptionRequest(String tone, Integer maxWords, boolean apply) {}

    /** Result part: input, output and total tokens of a call or a period. */
    record TokenCounts(long inputTokens, long outputTokens) {
        public long totalTokens() {
            return inputTokens + outputTokens;
        }
    }

    /** Result part: a tenant's quota for the current period as the API shows it. */
    record QuotaView(long limit, long used, long remaining, Instant resetsAt) {}

    /** {@code product} is the product after the change when {@code apply} was true. */
    record DescriptionResult(
            String text,
            TokenCounts usage,
            QuotaView quota,
            String provider,
            String model,
            boolean local,
            Optional<PricedProduct> product) {}

    /** Result: a tenant's AI usage and quota. */
    record UsageReport(YearMonth period, QuotaView quota, Map<String, Long> tokensByFeature, String provider, boolean local) {}
}
