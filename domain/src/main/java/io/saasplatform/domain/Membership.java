package io.saasplatform.domain;

/** Domain entity: a user's role in one tenant. */
public record Membership(TenantId tenantId, UserId userId, Role role) {
    public Membership {
        InvalidValueException.requirePresent(tenantId, "tenantId");
        InvalidValueException.requirePresent(userId, "userId");
        InvalidValueException.requirePresent(role, "role");
    }

    public Membership withRole(Role newRole) {
        return new Membership(tenantId, userId, newRole);
    }
}
