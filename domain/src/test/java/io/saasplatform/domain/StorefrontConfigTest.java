package io.saasplatform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorefrontConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JaVaScRiPt:alert(1)", "http://acme.example", "data:text/html,x",
        "https://", "//acme.example", "https://user:pw@acme.example", "not a url", "vbscript:x"})
    void given_a_link_that_is_not_an_https_url_with_a_host_then_refused_naming_links_url(String url) {
        assertThatThrownBy(() -> StorefrontConfig.Link.of("x", url))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("links.url"));
    }

    @Test
    void given_an_https_link_then_kept() {
        assertThat(StorefrontConfig.Link.of("Shop", "https://acme.example/a?b=c").url().getHost())
                .isEqualTo("acme.example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#12345", "123456", "#12345g", "red", "#1234567"})
    void given_an_accent_color_that_is_not_rrggbb_then_refused(String color) {
        assertThatThrownBy(() -> new StorefrontConfig("t", "", Optional.empty(), Optional.of(color), "", List.of(), 0,
                Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.field()).isEqualTo("accentColor"));
    }

    @Test
    void given_bounds_then_title_tagline_seo_and_links_are_refused_beyond_them() {
        assertThatThrownBy(() -> config("x".repeat(81), "", "", 0)).hasMessageContaining("title");
        assertThatThrownBy(() -> config("", "", "", 0)).hasMessageContaining("title");
        assertThatThrownBy(() -> config("t", "x".repeat(161), "", 0)).hasMessageContaining("tagline");
        assertThatThrownBy(() -> config("t", "", "x".repeat(301), 0)).hasMessageContaining("seoDescription");
        assertThatThrownBy(() -> config("t", "", "", 6)).hasMessageContaining("links");
        assertThat(config("x".repeat(80), "x".repeat(160), "x".repeat(300), 5).links()).hasSize(5);
    }

    @Test
    void given_a_shop_name_then_the_defaults_are_its_name_and_no_logo() {
        StorefrontConfig defaults = StorefrontConfig.defaultsFor("Acme");

        assertThat(defaults.title()).isEqualTo("Acme");
        assertThat(defaults.logoMediaId()).isEmpty();
        assertThat(defaults.version()).isZero();
    }

    private static StorefrontConfig config(String title, String tagline, String seo, int links) {
        List<StorefrontConfig.Link> list = java.util.stream.IntStream.range(0, links)
                .mapToObj(i -> StorefrontConfig.Link.of("l" + i, "https://x.example/" + i)).toList();
        return new StorefrontConfig(title, tagline, Optional.empty(), Optional.empty(), seo, list, 0, Optional.empty(), Optional.empty());
    }
}
