package io.saasplatform.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Architecture test plumbing: keeps test code and test libraries that reach bootstrap's classpath as a jar or a
 * main-code module (test-support, testkit, architecture-rules) out of the production import.
 *
 * <p>{@link ImportOption.DoNotIncludeTests} only recognises test output directories ({@code target/test-classes}). It
 * lets through a {@code -tests.jar} resolved from the local repository (e.g. application's in-memory port fakes) and
 * the {@code test-support} module, whose test plumbing is compiled as main code into {@code io.saasplatform.testsupport}.
 */
public final class DoNotIncludeTestArtifacts implements ImportOption {
    private static final Pattern TESTS_JAR = Pattern.compile(".*-tests\\.jar!/.*");
    private static final Pattern TEST_LIBRARY_PACKAGE =
            Pattern.compile(".*/io/saasplatform/(testsupport|testkit|archrules)/.*");
    private static final Pattern TEST_LIBRARY_MODULE =
            Pattern.compile(".*/(test-support|testkit|architecture-rules)(/target/classes/|-[^/]*\\.jar!/).*");

    @Override
    public boolean includes(Location location) {
        return !location.matches(TESTS_JAR)
                && !location.matches(TEST_LIBRARY_PACKAGE)
                && !location.matches(TEST_LIBRARY_MODULE);
    }
}
