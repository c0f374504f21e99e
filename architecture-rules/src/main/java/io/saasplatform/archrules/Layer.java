package io.saasplatform.archrules;

import static java.util.Objects.requireNonNull;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import java.util.List;

/**
 * Architecture rule vocabulary: one named part of the hexagon and the predicate that says which classes belong to it,
 * defined by package patterns, by jMolecules annotations, or by both.
 *
 * @param name the name that failure messages use, e.g. {@code "persistence"}
 * @param members which classes belong to the layer
 * @param required whether the layer must contain at least one class
 */
public record Layer(String name, DescribedPredicate<JavaClass> members, boolean required) {

    /**
     * Checks the arguments.
     *
     * @param name the name that failure messages use
     * @param members which classes belong to the layer
     * @param required whether the layer must contain at least one class
     */
    public Layer {
        requireNonNull(name, "name");
        requireNonNull(members, "members");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }

    /**
     * A required layer of the classes residing in any of the given packages.
     *
     * @param name the name that failure messages use
     * @param packageIdentifiers ArchUnit package identifiers such as {@code "com.acme.shop.domain.."}
     * @return the layer
     */
    public static Layer inPackages(String name, String... packageIdentifiers) {
        List<String> packages = List.of(packageIdentifiers);
        if (packages.isEmpty()) {
            throw new IllegalArgumentException("layer " + name + " needs at least one package");
        }
        return new Layer(name, JavaClass.Predicates.resideInAnyPackage(packageIdentifiers), true);
    }

    /**
     * A copy of this layer that also takes the classes {@code alternative} matches.
     *
     * @param alternative more classes of the same layer, e.g. those carrying a jMolecules annotation
     * @return the widened layer
     */
    public Layer or(DescribedPredicate<? super JavaClass> alternative) {
        return new Layer(name, members.or(alternative).as(members.getDescription() + " or " + alternative.getDescription()),
                required);
    }

    /**
     * A copy of this layer that may be empty.
     *
     * @return the optional layer
     */
    public Layer optional() {
        return new Layer(name, members, false);
    }

    @Override
    public String toString() {
        return "layer '" + name + "' (" + members.getDescription() + ")";
    }
}
