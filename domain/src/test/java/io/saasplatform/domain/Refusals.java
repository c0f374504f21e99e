package io.saasplatform.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Test helper: asserts that a value was refused with an {@link InvalidValueException} naming {@code field}. */
final class Refusals {
    private Refusals() {}

    static void assertRefused(ThrowingCallable construction, String field) {
        assertThatThrownBy(construction)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    if (!field.equals(e.field())) {
                        throw new AssertionError("expected field <" + field + "> but was <" + e.field() + ">: " + e);
                    }
                })
                // Precondition messages name the argument (STYLE.md) so a client can tell which input was wrong.
                .hasMessageContaining(field);
    }
}
