package io.saasplatform.adapter.http;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.AiFeaturesUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.domain.ProductId;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The AI features port as a scripted fake: records calls and requests, answers with a fixed text and quota. */
final class FakeAi implements AiFeaturesUseCase {
    static final Instant RESETS_AT = Instant.parse("2026-07-01T00:00:00Z");
    static final QuotaView QUOTA = new QuotaView(100_000, 1_234, 98_766, RESETS_AT);
    static final String TEXT = "A sturdy boot for wet days.";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<DescriptionRequest> requests = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;

    void failNextWith(RuntimeException e) {
        failure = e;
    }

    void reset() {
        calls.clear();
        requests.clear();
        failure = null;
    }

    private void enter(String call, Actor actor) {
        calls.add(call);
        RuntimeException pending = failure;
        if (pending != null) {
            failure = null;
            throw pending;
        }
        if (!actor.tenant().equals(FakeUseCases.ACME.id())) {
            throw new NotFoundException("tenant");
        }
    }

    @Override
    public DescriptionResult generateDescription(Actor actor, ProductId product, DescriptionRequest request) {
        enter("generateDescription:" + product, actor);
        requests.add(request);
        if (!product.equals(FakeCatalog.BOOT.id())) {
            throw new NotFoundException("product");
        }
        Optional<PricedProduct> applied = request.apply()
                ? Optional.of(FakeCatalog.priced(FakeCatalog.BOOT.withDescription(Optional.of(TEXT), FakeUseCases.NOW)))
                : Optional.empty();
        return new DescriptionResult(TEXT, new TokenCounts(120, 40), QUOTA, "local", "stub-1", true, applied);
    }

    @Override
    public UsageReport usage(Actor actor) {
        enter("usage", actor);
        return new UsageReport(YearMonth.of(2026, 6), QUOTA, Map.of("product-description", 1_234L), "local", true);
    }
}
