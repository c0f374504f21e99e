package io.saasplatform.archrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HexagonRulesTest {
    private static final String SAMPLE = "io.saasplatform.archrules.sample.";
    private static final String GOOD = SAMPLE + "good";
    private static final String BAD = SAMPLE + "bad.";
    private static final JavaClasses GOOD_CLASSES = new ClassFileImporter().importPackages(GOOD);

    /** The sample's layout; {@code *} lets the same layout cover the good sample and the planted one. */
    static HexagonLayout.Builder sampleLayout() {
        return HexagonLayout.builder()
                .domain(SAMPLE + "*.domain..")
                .incomingPorts(SAMPLE + "*.application.port.in..")
                .outgoingPorts(SAMPLE + "*.application.port.out..")
                .services(SAMPLE + "*.application.service..")
                .drivingAdapter("web", SAMPLE + "*.adapter.web..")
                .drivenAdapter("db", SAMPLE + "*.adapter.db..")
                .compositionRoot(SAMPLE + "*.boot..");
    }

    private static final HexagonRules RULES = HexagonRules.of(sampleLayout().build());

    /** Per rule: the planted classes that break it and what the failure must name. */
    private static final Map<String, Planted> PLANTED = Map.of(
            "dependenciesPointInward", planted(HexagonRules::dependenciesPointInward,
                    BAD + "domain.PriceCallingService", BAD + "adapter.db.StoreCallingWebAndUseCase"),
            "domainDependsOnlyOnJava", planted(HexagonRules::domainDependsOnlyOnJava,
                    BAD + "domain.PriceUsingArchUnit", "com.tngtech.archunit.core.domain.JavaClass"),
            "applicationDependsOnlyOnJavaAndDomain", planted(HexagonRules::applicationDependsOnlyOnJavaAndDomain,
                    BAD + "application.service.ServiceUsingSlf4j", "org.slf4j.Logger"),
            "adaptersDoNotDependOnEachOther", planted(HexagonRules::adaptersDoNotDependOnEachOther,
                    "adapter 'db' depends on adapter 'web'", BAD + "adapter.db.StoreCallingWebAndUseCase"),
            "adaptersUsePortsNotServices", planted(HexagonRules::adaptersUsePortsNotServices,
                    BAD + "adapter.web.ControllerBypassingPorts", GOOD + ".application.service.OrderService"),
            "drivenAdaptersDoNotUseIncomingPorts", planted(HexagonRules::drivenAdaptersDoNotUseIncomingPorts,
                    BAD + "adapter.db.StoreCallingWebAndUseCase", GOOD + ".application.port.in.PlaceOrder"),
            "drivingAdaptersDoNotUseOutgoingPorts", planted(HexagonRules::drivingAdaptersDoNotUseOutgoingPorts,
                    BAD + "adapter.web.ControllerBypassingPorts", GOOD + ".application.port.out.OrderStore"),
            "packagesAreFreeOfCycles", planted(HexagonRules::packagesAreFreeOfCycles,
                    "Cycle detected", "domain.cycle.a", "domain.cycle.b"),
            "everyClassBelongsToALayer", planted(HexagonRules::everyClassBelongsToALayer,
                    BAD + "stray.Stray belongs to no layer"));

    static Stream<Arguments> plantedViolations() {
        return PLANTED.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void given_a_conforming_hexagon_when_checking_every_rule_then_it_passes() {
        assertThatCode(() -> RULES.all().check(GOOD_CLASSES)).doesNotThrowAnyException();
        assertThat(RULES.list()).hasSize(PLANTED.size() + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedViolations")
    void given_a_planted_violation_when_checking_its_rule_then_the_rule_fails_naming_it(String name, Planted planted) {
        ArchRule rule = planted.rule().apply(RULES);
        JavaClasses classes = new ClassFileImporter().importPackages(GOOD, SAMPLE + "bad");

        assertThatCode(() -> rule.check(GOOD_CLASSES)).as("the good sample passes " + name).doesNotThrowAnyException();
        assertThatThrownBy(() -> rule.check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(rule.getDescription())
                .hasMessageContainingAll(planted.named().toArray(String[]::new));
    }

    @Test
    void given_planted_violations_when_listing_them_then_every_rule_but_the_layer_check_has_one() {
        // layersAreNotEmpty is proven by the two tests below; every other rule of list() has a planted violation.
        assertThat(RULES.list().stream().map(ArchRule::getDescription))
                .containsAll(PLANTED.values().stream().map(p -> p.rule().apply(RULES).getDescription()).toList())
                .contains(RULES.layersAreNotEmpty().getDescription());
    }

    @Test
    void given_a_misspelt_layer_package_when_checking_then_the_empty_layer_fails_by_name() {
        HexagonRules typo = HexagonRules.of(sampleLayout().drivenAdapter("mail", SAMPLE + "*.adapter.mial..").build());

        assertThatThrownBy(() -> typo.layersAreNotEmpty().check(GOOD_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("layer 'mail'")
                .hasMessageContaining("matches no class");
        assertThatThrownBy(() -> typo.all().check(GOOD_CLASSES)).isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest
    @MethodSource("everyRule")
    void given_an_import_without_our_classes_when_checking_any_rule_then_it_fails_instead_of_passing(ArchRule rule) {
        JavaClasses nothingOfOurs = new ClassFileImporter().importClasses(Object.class);

        assertThatThrownBy(() -> rule.check(nothingOfOurs)).isInstanceOf(AssertionError.class);
    }

    static List<ArchRule> everyRule() {
        return RULES.list();
    }

    @Test
    void given_a_layout_without_its_core_parts_when_building_then_refused() {
        assertThatThrownBy(() -> HexagonLayout.builder().domain("a..").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incoming ports");
        assertThatThrownBy(() -> sampleLayout().drivenAdapter("db", "x..").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two layers are named db");
    }

    private static Planted planted(Function<HexagonRules, ArchRule> rule, String... named) {
        return new Planted(rule, List.of(named));
    }

    record Planted(Function<HexagonRules, ArchRule> rule, List<String> named) {
        @Override
        public String toString() {
            return named.toString();
        }
    }
}
