package io.saasplatform.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of {@link MeteredAi}: the platform's monthly token limit per tenant (a tenant's own override in the
 * ledger wins) and how long clients are told to wait when a dependency is down.
 *
 * @param defaultMonthlyTokenLimit tokens per tenant and calendar month (UTC) unless the tenant has an override
 * @param quotaStoreRetryAfter Retry-After when the quota store cannot be reached (AI calls fail closed)
 * @param providerRetryAfter Retry-After when the AI provider is down and did not say how long to wait
 */
public record AiSettings(long defaultMonthlyTokenLimit, Duration quotaStoreRetryAfter, Duration providerRetryAfter) {
    public static final Duration DEFAULT_QUOTA_STORE_RETRY_AFTER = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PROVIDER_RETRY_AFTER = Duration.ofSeconds(30);

    public AiSettings {
        if (defaultMonthlyTokenLimit < 0) {
            throw new IllegalArgumentException(
                    "defaultMonthlyTokenLimit must not be negative, was " + defaultMonthlyTokenLimit);
        }
        requirePositive(quotaStoreRetryAfter, "quotaStoreRetryAfter");
        requirePositive(providerRetryAfter, "providerRetryAfter");
    }

    /** {@code defaultMonthlyTokenLimit} with the default waits: 5 s for the quota store, 30 s for the provider. */
    public static AiSettings withMonthlyLimit(long defaultMonthlyTokenLimit) {
        return new AiSettings(defaultMonthlyTokenLimit, DEFAULT_QUOTA_STORE_RETRY_AFTER, DEFAULT_PROVIDER_RETRY_AFTER);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
