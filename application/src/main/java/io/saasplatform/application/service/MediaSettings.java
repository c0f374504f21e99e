package io.saasplatform.application.service;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the media library.
 *
 * @param maxBytes the largest upload ({@code MEDIA_MAX_BYTES}, 10 MiB by default)
 * @param maxPendingPerTenant pending uploads one tenant may have at once ({@code MEDIA_MAX_PENDING}, 50)
 * @param uploadUrlTtl how long an upload URL is good for (10 minutes)
 * @param pendingTtl how long an upload may stay pending before it is deleted (24 hours)
 */
public record MediaSettings(long maxBytes, int maxPendingPerTenant, Duration uploadUrlTtl, Duration pendingTtl) {
    public static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING = 50;

    public MediaSettings {
        if (maxBytes < 1 || maxPendingPerTenant < 1) {
            throw new IllegalArgumentException("maxBytes and maxPendingPerTenant must be positive");
        }
        Objects.requireNonNull(uploadUrlTtl, "uploadUrlTtl");
        Objects.requireNonNull(pendingTtl, "pendingTtl");
    }

    public static MediaSettings defaults() {
        return new MediaSettings(DEFAULT_MAX_BYTES, DEFAULT_MAX_PENDING, Duration.ofMinutes(10), Duration.ofHours(24));
    }

    public MediaSettings withLimits(long newMaxBytes, int newMaxPending) {
        return new MediaSettings(newMaxBytes, newMaxPending, uploadUrlTtl, pendingTtl);
    }
}
