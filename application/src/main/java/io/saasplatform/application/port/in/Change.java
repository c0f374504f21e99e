package io.saasplatform.application.port.in;

import java.util.Optional;
import java.util.function.Function;

/**
 * Incoming-port value: one field of a partial update (JSON merge patch): keep the current value, or set a new one
 * ({@code null} clears an optional field).
 */
public sealed interface Change<T> {
    static <T> Change<T> keep() {
        return new Keep<>();
    }

    static <T> Change<T> to(T value) {
        return new To<>(value);
    }

    /** The new value if this change sets one, else {@code current}. */
    default T applyTo(T current) {
        return this instanceof To<T> to ? to.value() : current;
    }

    /** For optional fields: the new value (empty when cleared) if this change sets one, else {@code current}. */
    default <R> Optional<R> applyToOptional(Optional<R> current, Function<T, R> convert) {
        return this instanceof To<T> to ? Optional.ofNullable(to.value()).map(convert) : current;
    }

    default boolean isSet() {
        return this instanceof To;
    }

    /** Leave the field as it is (the field was absent from the request). */
    record Keep<T>() implements Change<T> {}

    /** Set the field to {@code value}; null clears an optional field. */
    record To<T>(T value) implements Change<T> {}
}
