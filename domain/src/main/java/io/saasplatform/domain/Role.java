package io.saasplatform.domain;

import java.util.Locale;

/** Domain value: a member's role in a tenant, ordered owner &gt; admin &gt; staff. */
public enum Role {
    STAFF,
    ADMIN,
    OWNER;

    /** Whether this role carries at least the rights of {@code other}. */
    /**
     * Whether a member with this role may grant {@code role} (add, invite): owners any role, admins admin and staff,
     * staff none.
     */
    public boolean mayGrant(Role role) {
        return switch (this) {
            case OWNER -> true;
            case ADMIN -> role != OWNER;
            case STAFF -> false;
        };
    }

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    /** The lowercase wire name: {@code owner}, {@code admin}, {@code staff}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        if (text != null) {
            for (Role role : values()) {
                if (role.wireName().equals(text)) {
                    return role;
                }
            }
        }
        throw new InvalidValueException("role", "role must be one of owner, admin, staff");
    }
}
