package io.saasplatform.archrules;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.jmolecules.archunit.JMoleculesArchitectureRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Teams that annotate with jMolecules get the same rules without renaming packages, and every violation jMolecules'
 * own {@code ensureHexagonal()} reports is reported here too (the anchor this library must at least match).
 */
class JMoleculesLayoutTest {
    private static final String ANNOTATED = "io.saasplatform.archrules.sample.annotated.";
    private static final JavaClasses GOOD = new ClassFileImporter().importPackages(ANNOTATED + "good");
    private static final HexagonRules RULES = HexagonRules.of(HexagonLayout.jMolecules());

    @Test
    void given_an_annotated_hexagon_when_checking_every_rule_then_it_passes_as_it_does_for_jmolecules() {
        assertThatCode(() -> JMoleculesArchitectureRules.ensureHexagonal().check(GOOD)).doesNotThrowAnyException();
        assertThatCode(() -> RULES.all().check(GOOD)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"StoreCallingUseCase", "ControllerReadingStore", "ControllerCallingService"})
    void given_a_planted_violation_jmolecules_catches_when_checking_then_these_rules_catch_it_too(String planted) {
        JavaClasses withPlanted = new ClassFileImporter().importClasses(
                classOf("good.PlaceOrder"), classOf("good.OrderStore"), classOf("good.OrderService"),
                classOf("good.web.OrderController"), classOf("good.store.MemoryOrderStore"),
                classOf("good.store.package-info"), classOf("bad." + planted));

        assertThatCode(() -> RULES.all().check(GOOD)).doesNotThrowAnyException();
        assertThatThrownBy(() -> JMoleculesArchitectureRules.ensureHexagonal().check(withPlanted))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> RULES.all().check(withPlanted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ANNOTATED + "bad." + planted);
    }

    @Test
    void given_no_secondary_adapter_at_all_when_checking_then_jmolecules_passes_but_these_rules_fail() {
        JavaClasses withoutDrivenSide = new ClassFileImporter().importClasses(
                classOf("good.PlaceOrder"), classOf("good.OrderStore"), classOf("good.OrderService"),
                classOf("good.web.OrderController"));

        assertThatCode(() -> JMoleculesArchitectureRules.ensureHexagonal().check(withoutDrivenSide))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> RULES.layersAreNotEmpty().check(withoutDrivenSide))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("layer 'secondary adapters (jMolecules)'");
    }

    @Test
    void given_package_names_and_annotations_mixed_when_checking_then_annotated_classes_join_the_named_layers() {
        HexagonRules mixed = HexagonRules.of(HexagonLayout.builder()
                .domain("io.saasplatform.archrules.sample.good.domain..")
                .incomingPorts("io.saasplatform.archrules.sample.good.application.port.in..")
                .outgoingPorts("io.saasplatform.archrules.sample.good.application.port.out..")
                .services("io.saasplatform.archrules.sample.good.application.service..")
                .drivingAdapter("web", "io.saasplatform.archrules.sample.good.adapter.web..")
                .drivenAdapter("db", "io.saasplatform.archrules.sample.good.adapter.db..")
                .compositionRoot("io.saasplatform.archrules.sample.good.boot..")
                .acceptingJMoleculesAnnotations()
                .build());
        JavaClasses both = new ClassFileImporter().importPackages(
                "io.saasplatform.archrules.sample.good", ANNOTATED + "good", ANNOTATED + "bad");

        assertThatThrownBy(() -> mixed.drivenAdaptersDoNotUseIncomingPorts().check(both))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ANNOTATED + "bad.StoreCallingUseCase");
    }

    private static Class<?> classOf(String simpleName) {
        try {
            return Class.forName(ANNOTATED + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
