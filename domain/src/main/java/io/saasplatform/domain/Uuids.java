package io.saasplatform.domain;

import java.util.UUID;
import java.util.regex.Pattern;

final class Uuids {
    // UUID.fromString accepts short forms like "1-1-1-1-1"; identifiers must be canonical.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {}

    static UUID parse(String text, String field) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new InvalidValueException(field, field + " must be a UUID");
        }
        return UUID.fromString(text);
    }
}
