package io.saasplatform.domain;

import java.time.Instant;

/** Domain value: a tenant of a user, with the user's role in it and when they joined. */
public record MyTenant(TenantId id, Slug slug, String name, Role role, Instant joinedAt) {}
