package io.saasplatform.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Domain entity: an invitation to join a tenant with a role; single-use and time-limited. Only a hash of its secret
 * token is ever stored.
 */
public record Invitation(
        UUID id,
        TenantId tenantId,
        EmailAddress email,
        Role role,
        UserId invitedBy,
        Instant createdAt,
        Instant expiresAt,
        Optional<Instant> acceptedAt) {
    public Invitation {
        InvalidValueException.requirePresent(id, "id");
        InvalidValueException.requirePresent(tenantId, "tenantId");
        InvalidValueException.requirePresent(email, "email");
        InvalidValueException.requirePresent(role, "role");
        InvalidValueException.requirePresent(invitedBy, "invitedBy");
        InvalidValueException.requirePresent(createdAt, "createdAt");
        InvalidValueException.requirePresent(expiresAt, "expiresAt");
        acceptedAt = acceptedAt == null ? Optional.empty() : acceptedAt;
        InvalidValueException.require(expiresAt.isAfter(createdAt), "expiresAt", "expiresAt must be after createdAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean accepted() {
        return acceptedAt.isPresent();
    }
}
