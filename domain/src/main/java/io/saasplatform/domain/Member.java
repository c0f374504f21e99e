package io.saasplatform.domain;

import java.time.Instant;

/** Domain read model: a membership as the member list shows it, with the user's email and when they joined. */
public record Member(Membership membership, EmailAddress email, Instant joinedAt) {
    public Member {
        InvalidValueException.requirePresent(membership, "membership");
        InvalidValueException.requirePresent(email, "email");
        InvalidValueException.requirePresent(joinedAt, "joinedAt");
    }
}
