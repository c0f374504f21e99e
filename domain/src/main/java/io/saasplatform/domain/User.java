package io.saasplatform.domain;

/** Domain entity: a person who signs in; belongs to tenants through memberships. */
public record User(UserId id, EmailAddress email) {
    public User {
        InvalidValueException.requirePresent(id, "id");
        InvalidValueException.requirePresent(email, "email");
    }

    public static User register(EmailAddress email) {
        return new User(UserId.random(), email);
    }
}
