package io.saasplatform.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** Domain value: an email address, normalised to lowercase so that it identifies one user. */
public record EmailAddress(String value) {
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    public EmailAddress {
        InvalidValueException.requirePresent(value, "email");
        value = value.trim().toLowerCase(Locale.ROOT);
        InvalidValueException.require(value.length() <= 254, "email", "email must be at most 254 characters");
        InvalidValueException.require(SHAPE.matcher(value).matches(), "email", "email must look like name@example.com");
    }

    public static EmailAddress of(String value) {
        return new EmailAddress(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
