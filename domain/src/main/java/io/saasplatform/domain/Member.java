package io.saasplatform.domain;

import java.time.Instant;

/**
 * Domain read model: a membership as the member list shows it, with the user's email, when they joined (the
 * membership's creation) and when it last changed (its role; the join time until then).
 */
public record Member(Membership membership, EmailAddress email, Instant joinedAt, Instant updatedAt) {
    public Member {
        InvalidValueException.requirePresent(membership, "membership");
        InvalidValueException.requirePresent(email, "email");
        InvalidValueException.requirePresent(joinedAt, "joinedAt");
        InvalidValueException.requirePresent(updatedAt, "updatedAt");
    }

    /** A member whose role never changed. */
    public Member(Membership membership, EmailAddress email, Instant joinedAt) {
        this(membership, email, joinedAt, joinedAt);
    }
}
