/**
 * Hexagonal-architecture conformance rules for ArchUnit, usable by any code base.
 *
 * <p>Describe where the parts of the hexagon live with a {@link io.saasplatform.archrules.HexagonLayout} (package
 * patterns, jMolecules annotations, or both), get the rules from {@link io.saasplatform.archrules.HexagonRules}, and
 * confine libraries to the packages allowed to use them with {@link io.saasplatform.archrules.LibraryConfinement}.
 * Unlike most rule sets, a layer or rule that matches no class fails: a typo in a package name cannot turn the whole
 * check into a silent pass.
 */
package io.saasplatform.archrules;
