package io.saasplatform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.Priority;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Architecture rules: the hexagon's conformance rules for one {@link HexagonLayout}, each a plain ArchUnit
 * {@link ArchRule} to put in an {@code @ArchTest} field or check by hand.
 *
 * <p>Covers what jMolecules' {@code ensureHexagonal()} and archunit-hexagonal check (dependencies point inward, the
 * application core is reached through ports only, driving adapters use no outgoing port and driven adapters no
 * incoming one, adapters are independent), and goes further: every rule refuses to pass on an empty import, every
 * declared layer must contain classes, the domain and application are plain Java, and packages are free of cycles.
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme.shop", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     static final HexagonRules HEXAGON = HexagonRules.of(HexagonLayout.builder()
 *             .domain("com.acme.shop.domain..")
 *             // ... the other parts
 *             .build());
 *
 *     @ArchTest
 *     static final ArchRule hexagon = HEXAGON.all();
 * }
 * }</pre>
 */
public final class HexagonRules {
    private static final String EMPTY_IMPORT_GUARD = "; a rule that checks no class fails, so that a wrong package "
            + "name cannot make it pass";

    private final HexagonLayout layout;

    private HexagonRules(HexagonLayout layout) {
        this.layout = layout;
    }

    /**
     * The rules for a layout.
     *
     * @param layout where the parts of the hexagon live
     * @return the rules
     */
    public static HexagonRules of(HexagonLayout layout) {
        return new HexagonRules(java.util.Objects.requireNonNull(layout, "layout"));
    }

    /** @return the layout these rules check */
    public HexagonLayout layout() {
        return layout;
    }

    /**
     * Every rule that applies to the layout, as one rule: {@link #layersAreNotEmpty()},
     * {@link #dependenciesPointInward()}, {@link #domainDependsOnlyOnJava()},
     * {@link #applicationDependsOnlyOnJavaAndDomain()}, {@link #adaptersDoNotDependOnEachOther()},
     * {@link #adaptersUsePortsNotServices()}, {@link #drivenAdaptersDoNotUseIncomingPorts()} and
     * {@link #drivingAdaptersDoNotUseOutgoingPorts()} when the layout has such adapters,
     * {@link #packagesAreFreeOfCycles()}, and {@link #everyClassBelongsToALayer()} when the layout asks for it.
     *
     * @return all applicable rules, checked together
     */
    public ArchRule all() {
        return CompositeArchRule.of(list());
    }

    /** @return the rules of {@link #all()}, one by one */
    public List<ArchRule> list() {
        List<ArchRule> rules = new ArrayList<>(List.of(
                layersAreNotEmpty(),
                dependenciesPointInward(),
                domainDependsOnlyOnJava(),
                applicationDependsOnlyOnJavaAndDomain(),
                adaptersDoNotDependOnEachOther(),
                adaptersUsePortsNotServices()));
        if (layout.adapters().stream().anyMatch(a -> a.side() == HexagonLayout.Side.DRIVEN && a.layer().required())) {
            rules.add(drivenAdaptersDoNotUseIncomingPorts());
        }
        if (layout.adapters().stream().anyMatch(a -> a.side() == HexagonLayout.Side.DRIVING && a.layer().required())) {
            rules.add(drivingAdaptersDoNotUseOutgoingPorts());
        }
        rules.add(packagesAreFreeOfCycles());
        if (layout.everyClassInALayer()) {
            rules.add(everyClassBelongsToALayer());
        }
        return List.copyOf(rules);
    }

    /**
     * Every required layer contains at least one imported class: a package typo or a module missing from the import
     * would otherwise let every rule about that layer pass on nothing.
     *
     * @return the rule
     */
    public ArchRule layersAreNotEmpty() {
        List<Layer> layers = layout.layers().stream().filter(Layer::required).toList();
        AbstractClassesTransformer<LayerContents> contents =
                new AbstractClassesTransformer<>("layers of the hexagon") {
                    @Override
                    public Iterable<LayerContents> doTransform(JavaClasses classes) {
                        return layers.stream()
                                .map(layer -> new LayerContents(layer, classes.that(layer.members()).size()))
                                .toList();
                    }
                };
        ArchCondition<LayerContents> haveClasses = new ArchCondition<>("contain at least one class") {
            @Override
            public void check(LayerContents layer, ConditionEvents events) {
                if (layer.classes() == 0) {
                    events.add(SimpleConditionEvent.violated(layer, layer.layer() + " matches no class"));
                }
            }
        };
        return ArchRule.Factory.create(contents, haveClasses, Priority.MEDIUM)
                .because("a layer that matches nothing is a typo or a missing module, and every rule about it "
                        + "would pass on nothing");
    }

    private record LayerContents(Layer layer, int classes) {}

    /**
     * Dependencies point inward: the domain uses no port, service or adapter; ports use no service or adapter;
     * services and adapters are reached only from the composition root; nothing depends on the composition root.
     *
     * @return the rule
     */
    public ArchRule dependenciesPointInward() {
        LayeredArchitecture architecture = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true);
        for (Layer layer : layout.layers()) {
            // Emptiness is layersAreNotEmpty()'s job, with a clearer message and optional layers honoured.
            architecture = architecture.optionalLayer(layer.name()).definedBy(layer.members());
        }
        List<String> ports = portLayers().stream().map(Layer::name).toList();
        List<String> adapters = layout.adapters().stream().map(a -> a.layer().name()).toList();
        List<String> root = layout.compositionRoot().map(Layer::name).stream().toList();
        String domain = layout.domain().name();
        String services = layout.services().name();

        architecture = architecture.whereLayer(domain).mayOnlyBeAccessedByLayers(
                names(ports, List.of(services), adapters, root));
        for (String port : ports) {
            architecture = architecture.whereLayer(port).mayOnlyBeAccessedByLayers(
                    names(ports, List.of(services), adapters, root));
        }
        architecture = onlyFromRoot(architecture, services, root);
        for (String adapter : adapters) {
            architecture = onlyFromRoot(architecture, adapter, root);
        }
        for (String each : root) {
            architecture = architecture.whereLayer(each).mayNotBeAccessedByAnyLayer();
        }
        // A layered architecture whose layers are all optional passes on an empty import: refuse that too.
        ArchRule hexagonHasClasses = classes().that(anyOf(layout.layers(), "belong to the hexagon"))
                .should(new ArchCondition<>("exist") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {}
                })
                .allowEmptyShould(false);
        return CompositeArchRule.of(architecture).and(hexagonHasClasses)
                .as("dependencies of the hexagon point inward: domain ← ports ← services and adapters ← composition "
                        + "root")
                .because("the domain knows nothing of ports, ports nothing of their implementations, adapters nothing "
                        + "of each other; only the composition root sees everything");
    }

    private static LayeredArchitecture onlyFromRoot(LayeredArchitecture architecture, String layer, List<String> root) {
        return root.isEmpty()
                ? architecture.whereLayer(layer).mayNotBeAccessedByAnyLayer()
                : architecture.whereLayer(layer).mayOnlyBeAccessedByLayers(root.toArray(String[]::new));
    }

    @SafeVarargs
    private static String[] names(List<String>... groups) {
        return Stream.of(groups).flatMap(List::stream).distinct().toArray(String[]::new);
    }

    /**
     * The domain depends on nothing but the JDK's {@code java..} packages, itself, and what
     * {@link HexagonLayout.Builder#coreMayUse} allows.
     *
     * @return the rule
     */
    public ArchRule domainDependsOnlyOnJava() {
        DescribedPredicate<JavaClass> allowed = JavaClass.Predicates.resideInAnyPackage(allowedForCore())
                .or(layout.domain().members());
        return classes().that(layout.domain().members())
                .should().onlyDependOnClassesThat(allowed.as("are Java or domain classes"))
                .because("the domain is plain Java: no framework, library or other part of the application"
                        + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(!layout.domain().required());
    }

    /**
     * Ports and services depend on nothing but the JDK's {@code java..} packages, the domain, each other, and what
     * {@link HexagonLayout.Builder#coreMayUse} allows.
     *
     * @return the rule
     */
    public ArchRule applicationDependsOnlyOnJavaAndDomain() {
        DescribedPredicate<JavaClass> application = application();
        DescribedPredicate<JavaClass> allowed = JavaClass.Predicates.resideInAnyPackage(allowedForCore())
                .or(layout.domain().members())
                .or(application);
        return classes().that(application)
                .should().onlyDependOnClassesThat(allowed.as("are Java, domain or application classes"))
                .because("use cases and ports are plain Java over the domain; technology belongs in adapters"
                        + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    private String[] allowedForCore() {
        return Stream.of(Stream.of("java.."), layout.coreMayUse().stream(), layout.acceptsJMoleculesAnnotations()
                        ? Stream.of(JMolecules.ANNOTATION_PACKAGES) : Stream.<String>empty())
                .flatMap(s -> s)
                .toArray(String[]::new);
    }

    private DescribedPredicate<JavaClass> application() {
        DescribedPredicate<JavaClass> application = layout.services().members();
        for (Layer port : portLayers()) {
            application = application.or(port.members());
        }
        return application.as("belong to the application (ports or services)");
    }

    /**
     * No adapter depends on another: adapters talk through the application's ports.
     *
     * @return the rule
     */
    public ArchRule adaptersDoNotDependOnEachOther() {
        List<Layer> adapters = layout.adapters().stream().map(HexagonLayout.AdapterLayer::layer).toList();
        ArchCondition<JavaClass> notReachOtherAdapters = new ArchCondition<>("not depend on another adapter") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Optional<Layer> own = adapterOf(adapters, javaClass);
                for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
                    Optional<Layer> target = adapterOf(adapters, dependency.getTargetClass());
                    if (own.isPresent() && target.isPresent() && !target.get().equals(own.get())) {
                        events.add(SimpleConditionEvent.violated(dependency, "adapter '" + own.get().name()
                                + "' depends on adapter '" + target.get().name() + "': " + dependency.getDescription()));
                    }
                }
            }
        };
        return classes().that(anyOf(adapters, "belong to an adapter"))
                .should(notReachOtherAdapters)
                .because("adapters talk through the application's ports; the composition root alone wires them"
                        + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    private static Optional<Layer> adapterOf(List<Layer> adapters, JavaClass javaClass) {
        return adapters.stream().filter(layer -> layer.members().test(javaClass)).findFirst();
    }

    /**
     * Adapters reach the application through ports, never through the services implementing them.
     *
     * @return the rule
     */
    public ArchRule adaptersUsePortsNotServices() {
        return noClasses().that(anyOf(adapterLayers(), "belong to an adapter"))
                .should().dependOnClassesThat(layout.services().members())
                .because("adapters see use cases through incoming ports; the composition root picks the implementation"
                        + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    /**
     * Driven adapters use no incoming port: a database adapter that calls a use case turns the hexagon inside out.
     *
     * @return the rule
     */
    public ArchRule drivenAdaptersDoNotUseIncomingPorts() {
        List<Layer> driven = layout.adapters().stream()
                .filter(a -> a.side() == HexagonLayout.Side.DRIVEN)
                .map(HexagonLayout.AdapterLayer::layer)
                .toList();
        return noClasses().that(anyOf(driven, "belong to a driven adapter"))
                .should().dependOnClassesThat(layout.incomingPorts().members())
                .because("driven adapters implement outgoing ports and are called by the application, never the other "
                        + "way round" + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    /**
     * Driving adapters use no outgoing port: a web adapter that reads the database directly bypasses the use cases.
     *
     * @return the rule
     */
    public ArchRule drivingAdaptersDoNotUseOutgoingPorts() {
        List<Layer> driving = layout.adapters().stream()
                .filter(a -> a.side() == HexagonLayout.Side.DRIVING)
                .map(HexagonLayout.AdapterLayer::layer)
                .toList();
        return noClasses().that(anyOf(driving, "belong to a driving adapter"))
                .should().dependOnClassesThat(layout.outgoingPorts().members())
                .because("driving adapters reach the application through incoming ports; outgoing ports are the "
                        + "application's own business" + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    /**
     * No cycles between packages. Every package of the core and the composition root is its own slice; each adapter
     * is one slice as a whole, because an adapter's inside (generated code above all) is its own business.
     *
     * @return the rule
     */
    public ArchRule packagesAreFreeOfCycles() {
        List<Layer> adapters = adapterLayers();
        List<Layer> layers = layout.layers();
        SliceAssignment assignment = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                Optional<Layer> adapter = adapterOf(adapters, javaClass);
                if (adapter.isPresent()) {
                    return SliceIdentifier.of("adapter " + adapter.get().name());
                }
                boolean inHexagon = layers.stream().anyMatch(layer -> layer.members().test(javaClass));
                return inHexagon ? SliceIdentifier.of(javaClass.getPackageName()) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "packages of the hexagon, each adapter as one slice";
            }
        };
        return slices().assignedFrom(assignment)
                .should().beFreeOfCycles()
                .because("a cycle makes two packages one in all but name")
                .allowEmptyShould(false);
    }

    /**
     * Every imported class belongs to some layer: a class outside them all escapes every other rule.
     *
     * @return the rule
     */
    public ArchRule everyClassBelongsToALayer() {
        return classes().should(new ArchCondition<>("belong to a layer of the hexagon") {
                    @Override
                    public void check(JavaClass javaClass, ConditionEvents events) {
                        if (layout.layers().stream().noneMatch(layer -> layer.members().test(javaClass))) {
                            events.add(SimpleConditionEvent.violated(javaClass,
                                    javaClass.getName() + " belongs to no layer of the hexagon"));
                        }
                    }
                })
                .because("a class outside every layer escapes every rule about layers" + EMPTY_IMPORT_GUARD)
                .allowEmptyShould(false);
    }

    private List<Layer> portLayers() {
        List<Layer> ports = new ArrayList<>(List.of(layout.incomingPorts(), layout.outgoingPorts()));
        layout.unqualifiedPorts().ifPresent(ports::add);
        return ports;
    }

    private List<Layer> adapterLayers() {
        return layout.adapters().stream().map(HexagonLayout.AdapterLayer::layer).toList();
    }

    private static DescribedPredicate<JavaClass> anyOf(List<Layer> layers, String description) {
        return DescribedPredicate.describe(description,
                javaClass -> layers.stream().anyMatch(layer -> layer.members().test(javaClass)));
    }
}
