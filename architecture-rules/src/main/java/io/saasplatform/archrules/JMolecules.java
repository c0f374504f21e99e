package io.saasplatform.archrules;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaPackage;
import com.tngtech.archunit.core.domain.properties.HasAnnotations;
import java.util.List;
import java.util.Optional;

/**
 * jMolecules' hexagonal stereotypes as class predicates, matched by annotation name so that code bases without
 * jMolecules need no such dependency.
 *
 * <p>A type's stereotype is the one it is (meta-)annotated with; a type that carries none takes the stereotype of the
 * nearest enclosing package whose {@code package-info} carries one, as jMolecules' own ArchUnit rules do.
 */
public final class JMolecules {
    private static final String HEXAGONAL = "org.jmolecules.architecture.hexagonal.";
    /** {@code @Application}: the inside of the hexagon. */
    public static final String APPLICATION = HEXAGONAL + "Application";
    /** {@code @Port}: a port of either side. */
    public static final String PORT = HEXAGONAL + "Port";
    /** {@code @PrimaryPort}: a driving (incoming) port. */
    public static final String PRIMARY_PORT = HEXAGONAL + "PrimaryPort";
    /** {@code @SecondaryPort}: a driven (outgoing) port. */
    public static final String SECONDARY_PORT = HEXAGONAL + "SecondaryPort";
    /** {@code @Adapter}: an adapter of either side. */
    public static final String ADAPTER = HEXAGONAL + "Adapter";
    /** {@code @PrimaryAdapter}: a driving adapter. */
    public static final String PRIMARY_ADAPTER = HEXAGONAL + "PrimaryAdapter";
    /** {@code @SecondaryAdapter}: a driven adapter. */
    public static final String SECONDARY_ADAPTER = HEXAGONAL + "SecondaryAdapter";

    /** The packages of jMolecules' annotations, which the annotated domain and application may use. */
    static final String[] ANNOTATION_PACKAGES = {"org.jmolecules.architecture..", "org.jmolecules.ddd.annotation.."};

    private static final String DDD = "org.jmolecules.ddd.annotation.";
    private static final List<String> DOMAIN_MODEL =
            List.of(DDD + "ValueObject", DDD + "Entity", DDD + "AggregateRoot", DDD + "Identity");
    private static final List<String> HEXAGONAL_STEREOTYPES =
            List.of(APPLICATION, PORT, PRIMARY_PORT, SECONDARY_PORT, ADAPTER, PRIMARY_ADAPTER, SECONDARY_ADAPTER);

    private JMolecules() {}

    /**
     * Classes whose stereotype is {@code annotation} and none of {@code excluded}.
     *
     * @param annotation fully qualified name of a jMolecules hexagonal annotation, e.g. {@link #PRIMARY_PORT}
     * @param excluded more specific annotations whose classes do not count
     * @return the predicate
     */
    public static DescribedPredicate<JavaClass> stereotype(String annotation, String... excluded) {
        String simple = annotation.substring(annotation.lastIndexOf('.') + 1);
        return DescribedPredicate.describe("annotated @" + simple + " (jMolecules)", javaClass -> {
            // jMolecules' own annotation types are meta-annotated with the stereotypes they refine.
            if (javaClass.isAnnotation() || javaClass.getPackageName().startsWith("org.jmolecules.")) {
                return false;
            }
            Optional<? extends HasAnnotations<?>> carrier = carrier(javaClass);
            if (carrier.isEmpty() || !carrier.get().isMetaAnnotatedWith(annotation)) {
                return false;
            }
            for (String each : excluded) {
                if (carrier.get().isMetaAnnotatedWith(each)) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Classes annotated as jMolecules DDD domain model: {@code @ValueObject}, {@code @Entity}, {@code @AggregateRoot}
     * or {@code @Identity}.
     *
     * @return the predicate
     */
    public static DescribedPredicate<JavaClass> domainModel() {
        return DescribedPredicate.describe("annotated as jMolecules DDD domain model", javaClass ->
                DOMAIN_MODEL.stream().anyMatch(javaClass::isMetaAnnotatedWith));
    }

    /** The type itself when it carries a hexagonal stereotype, else its nearest package that does. */
    private static Optional<? extends HasAnnotations<?>> carrier(JavaClass javaClass) {
        if (hasStereotype(javaClass)) {
            return Optional.of(javaClass);
        }
        JavaClass outermost = javaClass;
        while (outermost.getEnclosingClass().isPresent()) {
            outermost = outermost.getEnclosingClass().get();
            if (hasStereotype(outermost)) {
                return Optional.of(outermost);
            }
        }
        Optional<JavaPackage> pkg = Optional.of(javaClass.getPackage());
        while (pkg.isPresent()) {
            if (hasStereotype(pkg.get())) {
                return pkg;
            }
            pkg = pkg.get().getParent();
        }
        return Optional.empty();
    }

    private static boolean hasStereotype(HasAnnotations<?> element) {
        return HEXAGONAL_STEREOTYPES.stream().anyMatch(element::isMetaAnnotatedWith);
    }
}
