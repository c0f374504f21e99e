package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SlugTest {
    /** The documented rule, as a regular expression: what Slug's hand-written check must agree with. */
    private static final Pattern RULE = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?");
    private static final String MAX = "a".repeat(Slug.MAX_LENGTH);

    static Stream<String> valid_slugs() {
        return Stream.of("a", "0", "shop", "a-b", "a--b", "shop-42", "42", "9-lives", MAX, "a" + "-".repeat(61) + "b");
    }

    @ParameterizedTest
    @MethodSource("valid_slugs")
    void given_lowercase_letters_digits_and_inner_hyphens_when_creating_slug_then_accepted(String text) {
        assertThat(Slug.of(text).value()).isEqualTo(text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "-", "-shop", "shop-", "-shop-", "Shop", "SHOP", "shop_1", "shop 1", " shop", "shop ", "shop.io", "crème",
        "ｓｈｏｐ", "shop/1", "shop\n"
    })
    void given_malformed_text_when_creating_slug_then_refused_naming_slug(String text) {
        assertRefused(() -> Slug.of(text), "slug");
    }

    @Test
    void given_64_characters_when_creating_slug_then_refused_naming_slug() {
        assertRefused(() -> Slug.of(MAX + "a"), "slug");
    }

    static Stream<Arguments> derivations() {
        return Stream.of(
                Arguments.of("Crème Brûlée!", "creme-brulee"),
                Arguments.of("  Hello, World  ", "hello-world"),
                Arguments.of("ACME Corp. 2024", "acme-corp-2024"),
                Arguments.of("already-a-slug", "already-a-slug"),
                Arguments.of("--dashes--", "dashes"),
                Arguments.of("a___b", "a-b"));
    }

    @ParameterizedTest
    @MethodSource("derivations")
    void given_free_text_when_deriving_then_lowercase_ascii_words_joined_by_hyphens(String text, String expected) {
        assertThat(Slug.derive(text, "fallback").value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"!!!", "   ", "日本語", "---"})
    void given_text_without_usable_characters_when_deriving_then_fallback(String text) {
        assertThat(Slug.derive(text, "shop")).isEqualTo(Slug.of("shop"));
    }

    @Test
    void given_invalid_fallback_when_deriving_nothing_usable_then_refused_naming_slug() {
        assertRefused(() -> Slug.derive("!!!", "Not A Slug"), "slug");
    }

    static Stream<String> long_texts() {
        return Stream.of(
                "a".repeat(100),
                // The cut at 63 characters falls right after a word: no trailing hyphen may remain.
                "a".repeat(62) + " bcd",
                "word ".repeat(40),
                "é".repeat(80));
    }

    @ParameterizedTest
    @MethodSource("long_texts")
    void given_long_text_when_deriving_then_cut_to_63_characters_without_trailing_hyphen(String text) {
        Slug slug = Slug.derive(text, "fallback");

        assertThat(slug.value()).hasSizeLessThanOrEqualTo(Slug.MAX_LENGTH).doesNotEndWith("-").isNotEmpty();
        assertThat(Slug.derive(slug.value(), "fallback")).isEqualTo(slug);
    }

    @Test
    void given_short_slug_when_adding_suffix_then_appended_with_hyphen() {
        assertThat(Slug.of("shop").withSuffix(2)).isEqualTo(Slug.of("shop-2"));
    }

    static Stream<Arguments> suffixes_on_long_slugs() {
        return Stream.of(
                Arguments.of(MAX, 2),
                Arguments.of(MAX, 10),
                Arguments.of(MAX, Integer.MAX_VALUE),
                // Shortening to make room for "-7" would end the base on its inner hyphen.
                Arguments.of("a".repeat(60) + "-bc", 7),
                Arguments.of("a".repeat(50) + "-" + "b".repeat(10), 2));
    }

    @ParameterizedTest
    @MethodSource("suffixes_on_long_slugs")
    void given_long_slug_when_adding_suffix_then_shortened_to_fit_and_still_valid(String value, int n) {
        Slug slug = Slug.of(value);

        Slug suffixed = slug.withSuffix(n);

        assertThat(suffixed.value())
                .hasSizeLessThanOrEqualTo(Slug.MAX_LENGTH)
                .endsWith("-" + n)
                .doesNotContain("--");
        String base = suffixed.value().substring(0, suffixed.value().length() - ("-" + n).length());
        assertThat(value).startsWith(base);
    }

    @Test
    void given_every_string_of_up_to_four_characters_from_a_mixed_alphabet_then_accepted_exactly_when_the_rule_matches() {
        char[] alphabet = {'a', 'z', '0', '9', '-', 'A', '_', '.', ' ', '\u00e9'};
        int checked = 0;
        int accepted = 0;
        for (int length = 1; length <= 4; length++) {
            int combinations = (int) Math.pow(alphabet.length, length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length) {
                    text.append(alphabet[rest % alphabet.length]);
                }
                String value = text.toString();
                boolean rule = RULE.matcher(value).matches();
                boolean built;
                try {
                    built = Slug.of(value).value().equals(value);
                } catch (InvalidValueException refused) {
                    built = false;
                }
                assertThat(built).as("'%s'", value).isEqualTo(rule);
                checked++;
                accepted += rule ? 1 : 0;
            }
        }
        assertThat(checked).isEqualTo(11_110);
        // Four alphanumerics at the ends, those or the hyphen inside: both answers are exercised.
        assertThat(accepted).isEqualTo(4 + 4 * 4 + 4 * 5 * 4 + 4 * 5 * 5 * 4);
    }
}
