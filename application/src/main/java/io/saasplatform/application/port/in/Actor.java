package io.saasplatform.application.port.in;

import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.Objects;

/** Incoming-port value: who is asking, and in which tenant (from the verified access token). */
public record Actor(UserId user, TenantId tenant) {
    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tenant, "tenant");
    }
}
