package io.saasplatform.application.service;

import java.time.Duration;

/**
 * Application settings of tracked jobs: items per slice (a slice ends, the job goes to the back of the queue, so
 * other tenants' jobs take turns), items in flight at once per tenant on one node, and how long a job waits when the
 * AI provider or quota store is unavailable.
 */
public record JobSettings(int sliceSize, int concurrencyPerTenant, Duration unavailableRetryDelay) {
    public static final JobSettings DEFAULTS = new JobSettings(20, 4, Duration.ofSeconds(30));

    public JobSettings {
        if (sliceSize < 1 || concurrencyPerTenant < 1) {
            throw new IllegalArgumentException("sliceSize and concurrencyPerTenant must be at least 1");
        }
        if (unavailableRetryDelay == null || unavailableRetryDelay.isNegative()) {
            throw new IllegalArgumentException("unavailableRetryDelay must not be negative");
        }
    }
}
