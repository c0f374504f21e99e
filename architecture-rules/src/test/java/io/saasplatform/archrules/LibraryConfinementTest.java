package io.saasplatform.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LibraryConfinementTest {
    private static final String SAMPLE = "io.saasplatform.archrules.sample.";
    private static final JavaClasses GOOD = new ClassFileImporter().importPackages(SAMPLE + "good");
    private static final JavaClasses WITH_PLANTED =
            new ClassFileImporter().importPackages(SAMPLE + "good", SAMPLE + "bad");

    @Test
    void given_a_library_used_only_where_allowed_when_checking_then_it_passes() {
        LibraryConfinement libraries = LibraryConfinement.of(Map.of("org.slf4j..", SAMPLE + "*.adapter.db.."));

        assertThatCode(() -> libraries.all().check(GOOD)).doesNotThrowAnyException();
    }

    @Test
    void given_a_library_used_outside_its_package_when_checking_then_the_rule_names_class_and_library() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("org.slf4j..", SAMPLE + "*.adapter.db..");
        map.put("com.tngtech.archunit..", SAMPLE + "*.adapter.web..");
        LibraryConfinement libraries = LibraryConfinement.of(map);

        assertThat(libraries.libraries()).containsExactly("org.slf4j..", "com.tngtech.archunit..");
        assertThatThrownBy(() -> libraries.ruleFor("org.slf4j..").check(WITH_PLANTED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.slf4j.. is used only in " + SAMPLE + "*.adapter.db..")
                .hasMessageContaining(SAMPLE + "bad.application.service.ServiceUsingSlf4j")
                .hasMessageContaining("org.slf4j.Logger");
        assertThatThrownBy(() -> libraries.ruleFor("com.tngtech.archunit..").check(WITH_PLANTED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(SAMPLE + "bad.domain.PriceUsingArchUnit");
    }

    @Test
    void given_an_allowed_package_that_matches_nothing_when_checking_then_the_rule_fails() {
        LibraryConfinement typo = LibraryConfinement.of(Map.of("org.slf4j..", SAMPLE + "*.adapter.dbb.."));

        assertThatThrownBy(() -> typo.all().check(GOOD))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("adapter.dbb.., allowed to use org.slf4j.., matches no class");
    }

    @Test
    void given_a_library_allowed_nowhere_when_anyone_uses_it_then_the_rule_fails() {
        LibraryConfinement banned = LibraryConfinement.ofPackages(Map.of("org.slf4j..", List.of()));

        assertThatCode(() -> banned.all().check(GOOD)).doesNotThrowAnyException();
        assertThatThrownBy(() -> banned.all().check(WITH_PLANTED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.slf4j.. is used nowhere");
    }

    @Test
    void given_an_import_without_classes_when_checking_then_the_rule_fails_instead_of_passing() {
        LibraryConfinement libraries = LibraryConfinement.of(Map.of("org.slf4j..", SAMPLE + "*.adapter.db.."));

        assertThatThrownBy(() -> libraries.all().check(new ClassFileImporter().importClasses(Object.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("matches no class");
    }

    @Test
    void given_a_library_not_in_the_map_when_asking_its_rule_then_refused() {
        assertThatThrownBy(() -> LibraryConfinement.of(Map.of("org.jooq..", "a..")).ruleFor("io.javalin.."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.javalin..");
    }
}
