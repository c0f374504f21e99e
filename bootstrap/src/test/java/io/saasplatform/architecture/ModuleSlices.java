package io.saasplatform.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Architecture test plumbing: the slices checked for cycles. Every package of the core and of bootstrap is its own
 * slice; each adapter is one slice as a whole.
 *
 * <p>An adapter's inside is its own business and generated jOOQ code is cyclic by construction ({@code Keys} ↔
 * {@code tables}), so slicing adapters by package would report cycles nobody can fix. Cycles between adapters are
 * still reported here, and forbidden outright by the adapter-independence rule.
 */
final class ModuleSlices implements SliceAssignment {
    private static final String ROOT = "io.saasplatform";
    private static final String ADAPTER = ROOT + ".adapter.";

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String pkg = javaClass.getPackageName();
        if (pkg.startsWith(ADAPTER)) {
            String adapter = pkg.substring(ADAPTER.length()).split("\\.", 2)[0];
            return SliceIdentifier.of("adapter." + adapter);
        }
        if (pkg.equals(ROOT)) {
            return SliceIdentifier.of("(root)");
        }
        if (pkg.startsWith(ROOT + ".")) {
            return SliceIdentifier.of(pkg.substring(ROOT.length() + 1));
        }
        return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
        return "packages of io.saasplatform, each adapter as one slice";
    }
}
