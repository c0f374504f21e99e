package io.saasplatform.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Domain value: a URL-safe identifier (lowercase a–z, 0–9 and inner hyphens, 1–63 characters).
 *
 * <p>Leading and trailing hyphens are refused so that a slug always reads as a word in a URL, like a DNS label.
 */
public record Slug(String value) {
    public static final int MAX_LENGTH = 63;

    public Slug {
        InvalidValueException.requirePresent(value, "slug");
        InvalidValueException.require(
                !value.isEmpty() && value.length() <= MAX_LENGTH, "slug", "slug must be 1 to 63 characters long");
        InvalidValueException.require(
                valid(value), "slug", "slug may contain only lowercase letters a-z, digits and inner hyphens");
    }

    /**
     * {@code [a-z0-9](?:[a-z0-9-]*[a-z0-9])?} on a non-empty value, by hand: every product read builds its slug, and
     * a regular expression cost a storefront page more than the rest of its row mapping.
     */
    private static boolean valid(String value) {
        int last = value.length() - 1;
        for (int i = 0; i <= last; i++) {
            char c = value.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (c != '-' || i == 0 || i == last)) {
                return false;
            }
        }
        return true;
    }

    public static Slug of(String value) {
        return new Slug(value);
    }

    /**
     * Derives a slug from free text ("Crème Brûlée!" → "creme-brulee"); falls back to {@code fallback} when nothing
     * usable remains.
     */
    public static Slug derive(String text, String fallback) {
        String ascii = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (ascii.length() > MAX_LENGTH) {
            ascii = ascii.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return ascii.isEmpty() ? new Slug(fallback) : new Slug(ascii);
    }

    /** This slug with a numeric suffix, shortened as needed to stay within the length limit. */
    public Slug withSuffix(int n) {
        String suffix = "-" + n;
        String base = value.length() + suffix.length() > MAX_LENGTH
                ? value.substring(0, MAX_LENGTH - suffix.length()).replaceAll("-+$", "")
                : value;
        return new Slug(base + suffix);
    }

    @Override
    public String toString() {
        return value;
    }
}
