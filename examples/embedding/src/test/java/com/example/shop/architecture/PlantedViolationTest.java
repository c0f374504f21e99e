package com.example.shop.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** A rule that cannot fail is a defect: the example's rules must catch a domain class that uses the adapter. */
class PlantedViolationTest {
    private static final String[] CODE_BASE = {"com.example.shop", "io.saasplatform.domain", "io.saasplatform.application"};

    @Test
    void given_the_example_as_shipped_when_checking_then_it_conforms() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(CODE_BASE);

        assertThatCode(() -> ArchitectureTest.hexagon.check(production)).doesNotThrowAnyException();
    }

    @Test
    void given_a_domain_class_using_the_adapter_when_checking_then_the_hexagon_rule_names_it() {
        JavaClasses withPlanted = new ClassFileImporter().importPackages(CODE_BASE);

        assertThatThrownBy(() -> ArchitectureTest.HEXAGON.dependenciesPointInward().check(withPlanted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("com.example.shop.domain.planted.PriceTagReadingTheStore")
                .hasMessageContaining("MapCatalogRepository");
        assertThatThrownBy(() -> ArchitectureTest.hexagon.check(withPlanted)).isInstanceOf(AssertionError.class);
    }
}
