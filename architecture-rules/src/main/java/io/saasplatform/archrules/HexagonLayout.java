package io.saasplatform.archrules;

import static java.util.Objects.requireNonNull;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Architecture rule input: where a code base keeps each part of the hexagon (domain model, incoming and outgoing
 * ports, application services, adapters, composition root), built once and handed to {@link HexagonRules#of}.
 *
 * <p>Parts are named by package patterns, by jMolecules annotations ({@link Builder#acceptingJMoleculesAnnotations()}),
 * or both:
 *
 * <pre>{@code
 * HexagonLayout layout = HexagonLayout.builder()
 *         .domain("com.acme.shop.domain..")
 *         .incomingPorts("com.acme.shop.application.port.in..")
 *         .outgoingPorts("com.acme.shop.application.port.out..")
 *         .services("com.acme.shop.application.service..")
 *         .drivingAdapter("web", "com.acme.shop.adapter.web..")
 *         .drivenAdapter("persistence", "com.acme.shop.adapter.persistence..")
 *         .compositionRoot("com.acme.shop.boot..")
 *         .build();
 * }</pre>
 */
public final class HexagonLayout {
    /** Which side of the hexagon an adapter sits on. */
    public enum Side {
        /** Drives the application through incoming ports (HTTP, CLI, message listeners). */
        DRIVING,
        /** Is driven by the application through outgoing ports (databases, mail, remote APIs). */
        DRIVEN,
        /** Does both, e.g. an HTTP adapter that also implements a token-verification port. */
        BOTH
    }

    /**
     * One adapter of the layout.
     *
     * @param layer the adapter's classes
     * @param side which side of the hexagon it sits on
     */
    public record AdapterLayer(Layer layer, Side side) {
        /**
         * Checks the arguments.
         *
         * @param layer the adapter's classes
         * @param side which side of the hexagon it sits on
         */
        public AdapterLayer {
            requireNonNull(layer, "layer");
            requireNonNull(side, "side");
        }

        boolean drives() {
            return side != Side.DRIVEN;
        }

        boolean isDriven() {
            return side != Side.DRIVING;
        }
    }

    private final Layer domain;
    private final Layer incomingPorts;
    private final Layer outgoingPorts;
    private final Optional<Layer> unqualifiedPorts;
    private final Layer services;
    private final List<AdapterLayer> adapters;
    private final Optional<Layer> compositionRoot;
    private final List<String> coreMayUse;
    private final boolean everyClassInALayer;
    private final boolean acceptsJMoleculesAnnotations;

    private HexagonLayout(Builder builder) {
        boolean jMolecules = builder.jMolecules;
        // jMolecules' hexagonal annotations know no domain model: the DDD ones are welcome but not required.
        Layer domainLayer = widen(builder.domain, "domain", jMolecules ? JMolecules.domainModel() : null);
        domain = builder.domain == null ? domainLayer.optional() : domainLayer;
        incomingPorts = widen(builder.incomingPorts, "incoming ports",
                jMolecules ? JMolecules.stereotype(JMolecules.PRIMARY_PORT) : null);
        outgoingPorts = widen(builder.outgoingPorts, "outgoing ports",
                jMolecules ? JMolecules.stereotype(JMolecules.SECONDARY_PORT) : null);
        unqualifiedPorts = jMolecules
                ? Optional.of(new Layer("ports (unqualified)", JMolecules.stereotype(
                        JMolecules.PORT, JMolecules.PRIMARY_PORT, JMolecules.SECONDARY_PORT), false))
                : Optional.empty();
        services = widen(builder.services, "application services", jMolecules ? JMolecules.stereotype(
                JMolecules.APPLICATION, JMolecules.PORT, JMolecules.ADAPTER) : null);
        List<AdapterLayer> all = new ArrayList<>(builder.adapters);
        if (jMolecules) {
            // Annotated adapters of a side are required only when no package names an adapter of that side.
            boolean drivingByPackage = builder.adapters.stream().anyMatch(AdapterLayer::drives);
            boolean drivenByPackage = builder.adapters.stream().anyMatch(AdapterLayer::isDriven);
            all.add(new AdapterLayer(new Layer("primary adapters (jMolecules)",
                    JMolecules.stereotype(JMolecules.PRIMARY_ADAPTER), !drivingByPackage), Side.DRIVING));
            all.add(new AdapterLayer(new Layer("secondary adapters (jMolecules)",
                    JMolecules.stereotype(JMolecules.SECONDARY_ADAPTER), !drivenByPackage), Side.DRIVEN));
            all.add(new AdapterLayer(new Layer("adapters (jMolecules, unqualified)", JMolecules.stereotype(
                    JMolecules.ADAPTER, JMolecules.PRIMARY_ADAPTER, JMolecules.SECONDARY_ADAPTER), false), Side.BOTH));
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("a hexagon needs at least one adapter");
        }
        adapters = List.copyOf(all);
        compositionRoot = Optional.ofNullable(builder.compositionRoot);
        coreMayUse = List.copyOf(builder.coreMayUse);
        everyClassInALayer = builder.everyClassInALayer.orElse(!jMolecules);
        acceptsJMoleculesAnnotations = jMolecules;
        Set<String> names = new LinkedHashSet<>();
        for (Layer layer : layers()) {
            if (!names.add(layer.name())) {
                throw new IllegalStateException("two layers are named " + layer.name());
            }
        }
    }

    private static Layer widen(Layer byPackage, String name, DescribedPredicate<JavaClass> byAnnotation) {
        if (byPackage == null && byAnnotation == null) {
            throw new IllegalStateException("the layout names no " + name + ": give its packages");
        }
        if (byPackage == null) {
            return new Layer(name, byAnnotation, true);
        }
        return byAnnotation == null ? byPackage : byPackage.or(byAnnotation);
    }

    /**
     * A builder for a layout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A layout read from jMolecules annotations alone ({@code @PrimaryPort}, {@code @SecondaryPort}, {@code @Port},
     * {@code @Application}, {@code @PrimaryAdapter}, {@code @SecondaryAdapter}, {@code @Adapter} on types or on
     * {@code package-info}), for teams that annotate rather than name packages. Types without a stereotype are left
     * alone; the domain model is what jMolecules DDD annotates ({@code @ValueObject}, {@code @Entity}, …).
     *
     * @return the layout
     */
    public static HexagonLayout jMolecules() {
        return builder().acceptingJMoleculesAnnotations().build();
    }

    /** @return the domain model */
    public Layer domain() {
        return domain;
    }

    /** @return the incoming (driving, primary) ports: use-case interfaces and their commands and results */
    public Layer incomingPorts() {
        return incomingPorts;
    }

    /** @return the outgoing (driven, secondary) ports the application needs implemented */
    public Layer outgoingPorts() {
        return outgoingPorts;
    }

    /** @return ports not qualified as either side (jMolecules {@code @Port} alone), if the layout knows any */
    public Optional<Layer> unqualifiedPorts() {
        return unqualifiedPorts;
    }

    /** @return the application services implementing the incoming ports */
    public Layer services() {
        return services;
    }

    /** @return the adapters, in declaration order */
    public List<AdapterLayer> adapters() {
        return adapters;
    }

    /** @return the composition root that wires everything, if the layout has one */
    public Optional<Layer> compositionRoot() {
        return compositionRoot;
    }

    /** @return package identifiers that domain and application may use besides {@code java..} and themselves */
    public List<String> coreMayUse() {
        return coreMayUse;
    }

    /** @return whether classes carrying jMolecules hexagonal annotations count as members of the layers */
    public boolean acceptsJMoleculesAnnotations() {
        return acceptsJMoleculesAnnotations;
    }

    /** @return whether every imported class must belong to some layer */
    public boolean everyClassInALayer() {
        return everyClassInALayer;
    }

    /** @return every layer: domain, ports, services, adapters, composition root */
    public List<Layer> layers() {
        List<Layer> layers = new ArrayList<>(List.of(domain, incomingPorts, outgoingPorts));
        unqualifiedPorts.ifPresent(layers::add);
        layers.add(services);
        adapters.forEach(adapter -> layers.add(adapter.layer()));
        compositionRoot.ifPresent(layers::add);
        return List.copyOf(layers);
    }

    /** Collects a {@link HexagonLayout}; every part is named by package patterns in ArchUnit's syntax. */
    public static final class Builder {
        private Layer domain;
        private Layer incomingPorts;
        private Layer outgoingPorts;
        private Layer services;
        private final List<AdapterLayer> adapters = new ArrayList<>();
        private Layer compositionRoot;
        private final List<String> coreMayUse = new ArrayList<>();
        private boolean jMolecules;
        private Optional<Boolean> everyClassInALayer = Optional.empty();

        private Builder() {}

        /**
         * Where the domain model lives: value types and entities, which depend on nothing but the JDK.
         *
         * @param packages package identifiers, e.g. {@code "com.acme.shop.domain.."}
         * @return this builder
         */
        public Builder domain(String... packages) {
            domain = Layer.inPackages("domain", packages);
            return this;
        }

        /**
         * Where the incoming ports live: use-case interfaces with their commands and results.
         *
         * @param packages package identifiers
         * @return this builder
         */
        public Builder incomingPorts(String... packages) {
            incomingPorts = Layer.inPackages("incoming ports", packages);
            return this;
        }

        /**
         * Where the outgoing ports live: the interfaces the application needs implemented by driven adapters.
         *
         * @param packages package identifiers
         * @return this builder
         */
        public Builder outgoingPorts(String... packages) {
            outgoingPorts = Layer.inPackages("outgoing ports", packages);
            return this;
        }

        /**
         * Where the application services live: the implementations of the incoming ports.
         *
         * @param packages package identifiers
         * @return this builder
         */
        public Builder services(String... packages) {
            services = Layer.inPackages("application services", packages);
            return this;
        }

        /**
         * Adds a driving adapter, which may use incoming ports but no outgoing port.
         *
         * @param name the adapter's name in failure messages
         * @param packages package identifiers
         * @return this builder
         */
        public Builder drivingAdapter(String name, String... packages) {
            return adapter(new AdapterLayer(Layer.inPackages(name, packages), Side.DRIVING));
        }

        /**
         * Adds a driven adapter, which may use outgoing ports but no incoming port.
         *
         * @param name the adapter's name in failure messages
         * @param packages package identifiers
         * @return this builder
         */
        public Builder drivenAdapter(String name, String... packages) {
            return adapter(new AdapterLayer(Layer.inPackages(name, packages), Side.DRIVEN));
        }

        /**
         * Adds an adapter that sits on both sides and may use ports of either.
         *
         * @param name the adapter's name in failure messages
         * @param packages package identifiers
         * @return this builder
         */
        public Builder adapter(String name, String... packages) {
            return adapter(new AdapterLayer(Layer.inPackages(name, packages), Side.BOTH));
        }

        /**
         * Adds an adapter defined any other way.
         *
         * @param adapter the adapter
         * @return this builder
         */
        public Builder adapter(AdapterLayer adapter) {
            adapters.add(requireNonNull(adapter, "adapter"));
            return this;
        }

        /**
         * Where the composition root lives: the one place that sees every adapter and wires them.
         *
         * @param packages package identifiers
         * @return this builder
         */
        public Builder compositionRoot(String... packages) {
            compositionRoot = Layer.inPackages("composition root", packages);
            return this;
        }

        /**
         * Lets domain and application use these packages besides {@code java..}, e.g. {@code "javax.crypto.."}.
         *
         * @param packages package identifiers
         * @return this builder
         */
        public Builder coreMayUse(String... packages) {
            coreMayUse.addAll(List.of(packages));
            return this;
        }

        /**
         * Also counts classes carrying jMolecules hexagonal annotations: {@code @PrimaryPort} as incoming port,
         * {@code @SecondaryPort} as outgoing port, {@code @Application} as application service,
         * {@code @PrimaryAdapter}, {@code @SecondaryAdapter} and {@code @Adapter} as adapters, on the type or on a
         * {@code package-info}.
         *
         * @return this builder
         */
        public Builder acceptingJMoleculesAnnotations() {
            jMolecules = true;
            return this;
        }

        /**
         * Whether every imported class must belong to a layer; on by default for package layouts, off when
         * jMolecules annotations are accepted (unannotated helpers are common there).
         *
         * @param required whether a class outside every layer is a violation
         * @return this builder
         */
        public Builder everyClassInALayer(boolean required) {
            everyClassInALayer = Optional.of(required);
            return this;
        }

        /**
         * The layout.
         *
         * @return the layout
         * @throws IllegalStateException when a part is missing or two layers share a name
         */
        public HexagonLayout build() {
            return new HexagonLayout(this);
        }
    }
}
