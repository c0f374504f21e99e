package io.saasplatform.application.port.in;

import java.time.Duration;

/** Use-case outcome: the call would exceed the tenant's AI token quota; retry after the period resets (429). */
public final class QuotaExceededException extends RuntimeException {
    private final Duration retryAfter;
    private final AiFeaturesUseCase.QuotaView quota;

    public QuotaExceededException(long needed, AiFeaturesUseCase.QuotaView quota, Duration retryAfter) {
        super("this call needs up to " + needed + " tokens but only " + quota.remaining()
                + " remain in this period's quota of " + quota.limit());
        this.retryAfter = retryAfter;
        this.quota = quota;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public AiFeaturesUseCase.QuotaView quota() {
        return quota;
    }
}
