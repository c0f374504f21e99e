package io.saasplatform.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.Priority;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Architecture rules: one confinement rule per library, built from a map of library package to the packages allowed
 * to use it, so that {@code org.jooq..} stays in the persistence adapter and {@code io.javalin..} in the web adapter.
 *
 * <pre>{@code
 * LibraryConfinement libraries = LibraryConfinement.of(Map.of(
 *         "org.jooq..", "com.acme.shop.adapter.persistence..",
 *         "io.javalin..", "com.acme.shop.adapter.web.."));
 * }</pre>
 *
 * <p>Each rule also fails when a package allowed to use the library matches no imported class, or when no class at
 * all is checked: a misspelt package must not make the confinement pass on nothing.
 */
public final class LibraryConfinement {
    private final Map<String, List<String>> allowedUsers;

    private LibraryConfinement(Map<String, List<String>> allowedUsers) {
        this.allowedUsers = allowedUsers;
    }

    /**
     * One rule per library, each library usable from one package identifier.
     *
     * @param libraryToAllowedPackage library package identifier (e.g. {@code "org.jooq.."}) to the package identifier
     *     allowed to use it
     * @return the confinement rules
     */
    public static LibraryConfinement of(Map<String, String> libraryToAllowedPackage) {
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        libraryToAllowedPackage.forEach((library, pkg) -> allowed.put(library, List.of(pkg)));
        return new LibraryConfinement(allowed);
    }

    /**
     * One rule per library, each library usable from several package identifiers, or from none (an empty list
     * bans the library everywhere).
     *
     * @param libraryToAllowedPackages library package identifier to the package identifiers allowed to use it
     * @return the confinement rules
     */
    public static LibraryConfinement ofPackages(Map<String, ? extends Collection<String>> libraryToAllowedPackages) {
        Map<String, List<String>> allowed = new LinkedHashMap<>();
        libraryToAllowedPackages.forEach((library, packages) -> allowed.put(library, List.copyOf(packages)));
        return new LibraryConfinement(allowed);
    }

    /** @return the libraries this confinement covers, in the order given */
    public List<String> libraries() {
        return List.copyOf(allowedUsers.keySet());
    }

    /**
     * The rule for one library of the map.
     *
     * @param library a library package identifier that is a key of the map
     * @return the rule
     * @throws IllegalArgumentException when the map has no such library
     */
    public ArchRule ruleFor(String library) {
        List<String> allowed = allowedUsers.get(library);
        if (allowed == null) {
            throw new IllegalArgumentException("no confinement for " + library + "; known: " + allowedUsers.keySet());
        }
        return confine(library, allowed);
    }

    /** @return one rule per library, in the order given */
    public List<ArchRule> rules() {
        return allowedUsers.keySet().stream().map(this::ruleFor).toList();
    }

    /** @return every library's rule, checked together */
    public ArchRule all() {
        return CompositeArchRule.of(rules());
    }

    private record AllowedPackage(String identifier, int classes) {}

    private static ArchRule confine(String library, List<String> allowed) {
        String[] packages = allowed.toArray(String[]::new);
        DescribedPredicate<JavaClass> outside = JavaClass.Predicates.resideOutsideOfPackages(packages);
        ArchRule noUseOutside = noClasses().that(outside)
                .should().dependOnClassesThat().resideInAnyPackage(library)
                .allowEmptyShould(false);
        // Reported as violations, not thrown as an empty import would be, so the message names this rule.
        AbstractClassesTransformer<AllowedPackage> allowedPackages =
                new AbstractClassesTransformer<>("packages allowed to use " + library) {
                    @Override
                    public Iterable<AllowedPackage> doTransform(JavaClasses classes) {
                        return allowed.stream()
                                .map(pkg -> new AllowedPackage(pkg, classes.that(JavaClass.Predicates.resideInAPackage(pkg)).size()))
                                .toList();
                    }
                };
        ArchCondition<AllowedPackage> haveClasses = new ArchCondition<>("contain classes") {
            @Override
            public void check(AllowedPackage pkg, ConditionEvents events) {
                if (pkg.classes() == 0) {
                    events.add(SimpleConditionEvent.violated(pkg, "package " + pkg.identifier() + ", allowed to use "
                            + library + ", matches no class"));
                }
            }
        };
        CompositeArchRule rule = CompositeArchRule.of(noUseOutside)
                .and(ArchRule.Factory.create(allowedPackages, haveClasses, Priority.MEDIUM).allowEmptyShould(true));
        String where = allowed.isEmpty() ? "nowhere" : "only in " + String.join(", ", allowed);
        return rule.as(library + " is used " + where);
    }
}
