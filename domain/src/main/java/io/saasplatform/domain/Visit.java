package io.saasplatform.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Domain value: one storefront view that arrived through a tagged link (UTM). Blank parameters become absent; every
 * text is cut to {@link #MAX_VALUE_LENGTH} characters. Carries nothing personal: no address, cookie or user agent, and
 * of the referrer only its host.
 */
public record Visit(
        TenantId tenant,
        LocalDate day,
        Optional<String> source,
        Optional<String> medium,
        Optional<String> campaign,
        String landingPath,
        Optional<String> referrerHost) {
    /** The longest value kept; longer ones are cut. */
    public static final int MAX_VALUE_LENGTH = 100;

    public Visit {
        InvalidValueException.requirePresent(tenant, "tenant");
        InvalidValueException.requirePresent(day, "day");
        source = capped(source);
        medium = capped(medium);
        campaign = capped(campaign);
        landingPath = capped(Optional.of(landingPath)).orElse("/");
        referrerHost = capped(referrerHost);
    }

    /** Whether any tag is present: an untagged view is not a campaign visit. */
    public boolean tagged() {
        return source.isPresent() || medium.isPresent() || campaign.isPresent();
    }

    private static Optional<String> capped(Optional<String> value) {
        return value.map(String::strip)
                .filter(v -> !v.isEmpty())
                .map(v -> v.length() > MAX_VALUE_LENGTH ? cut(v) : v);
    }

    /** Cut at a code point boundary: never half a surrogate pair. */
    private static String cut(String value) {
        int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_LENGTH - 1))
                ? MAX_VALUE_LENGTH - 1
                : MAX_VALUE_LENGTH;
        return value.substring(0, end);
    }
}
