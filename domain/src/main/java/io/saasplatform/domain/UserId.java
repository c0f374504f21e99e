package io.saasplatform.domain;

import java.util.UUID;

/** Domain value: the identity of a user, independent of any tenant. */
public record UserId(UUID value) {
    public UserId {
        InvalidValueException.requirePresent(value, "userId");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses the canonical UUID form; anything else is an {@link InvalidValueException} on {@code userId}. */
    public static UserId parse(String text) {
        return new UserId(Uuids.parse(text, "userId"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
