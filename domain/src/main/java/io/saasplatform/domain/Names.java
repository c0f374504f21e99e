package io.saasplatform.domain;

/** Shared rule for display names: trimmed, not blank, bounded. */
final class Names {
    private Names() {}

    static String valid(String name, String field, int maxLength) {
        InvalidValueException.requirePresent(name, field);
        String trimmed = name.strip();
        InvalidValueException.require(!trimmed.isEmpty(), field, field + " must not be blank");
        InvalidValueException.require(
                trimmed.length() <= maxLength, field, field + " must be at most " + maxLength + " characters");
        return trimmed;
    }
}
