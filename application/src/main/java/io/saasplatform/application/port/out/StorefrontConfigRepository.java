package io.saasplatform.application.port.out;

import io.saasplatform.domain.StorefrontConfig;
import java.util.Optional;

/** Outgoing port: the bound tenant's storefront configuration (one row, absent until first saved). */
public interface StorefrontConfigRepository {
    Optional<StorefrontConfig> find();

    /**
     * Writes {@code config}; with {@code expectedVersion} present only if the stored version (0: none stored) is that
     * one. Returns the stored config with its new version, or empty when the expected version did not match.
     */
    Optional<StorefrontConfig> save(StorefrontConfig config, long expectedVersion);
}
