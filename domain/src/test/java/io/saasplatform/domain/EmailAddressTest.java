package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ann@example.com       | ann@example.com",
        "Ann@Example.COM       | ann@example.com",
        "'  ann@example.com  ' | ann@example.com",
        "ann.lee+shop@mail.example.co.uk | ann.lee+shop@mail.example.co.uk",
    })
    void given_email_when_creating_then_normalised_to_trimmed_lowercase(String text, String normalised) {
        assertThat(EmailAddress.of(text).value()).isEqualTo(normalised);
    }

    @Test
    void given_same_address_in_different_case_when_comparing_then_equal() {
        assertThat(EmailAddress.of("ANN@example.com")).isEqualTo(EmailAddress.of("ann@EXAMPLE.com"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ", "ann", "ann@", "@example.com", "ann@example", "ann@@example.com", "ann@exa@mple.com", "an n@example.com",
        "ann@exa mple.com", "ann@.", "ann@example."
    })
    void given_malformed_email_when_creating_then_refused_naming_email(String text) {
        assertRefused(() -> EmailAddress.of(text), "email");
    }

    @Test
    void given_local_part_of_64_characters_when_creating_then_accepted() {
        assertThat(EmailAddress.of("a".repeat(64) + "@example.com").value()).startsWith("a".repeat(64) + "@");
    }

    @Test
    void given_local_part_of_65_characters_when_creating_then_refused_naming_email() {
        assertRefused(() -> EmailAddress.of("a".repeat(65) + "@example.com"), "email");
    }

    @Test
    void given_254_characters_when_creating_then_accepted() {
        String email = "a".repeat(64) + "@" + "b".repeat(185) + ".com";

        assertThat(EmailAddress.of(email).value()).hasSize(254);
    }

    @Test
    void given_255_characters_when_creating_then_refused_naming_email() {
        assertRefused(() -> EmailAddress.of("a".repeat(64) + "@" + "b".repeat(186) + ".com"), "email");
    }
}
