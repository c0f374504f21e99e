package io.saasplatform.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The release set stays coherent: the BOM pins every shipped module of the reactor (and nothing else), at the
 * reactor's version, and the licence the POMs name is in the repository.
 */
class ReleaseSetTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> NOT_SHIPPED = List.of("benchmark", "bom", "client-e2e");

    @Test
    void given_the_reactor_modules_then_the_bom_pins_exactly_the_shipped_ones_at_the_reactor_version()
            throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        List<String> shipped = all(Pattern.compile("<module>([^<]+)</module>"), root).stream()
                .filter(module -> !NOT_SHIPPED.contains(module))
                .toList();
        List<String> pinned = all(Pattern.compile(
                "<groupId>io\\.saasplatform</groupId><artifactId>([^<]+)</artifactId><version>\\$\\{project\\.version}"),
                bom.substring(bom.indexOf("<dependencyManagement>")));

        assertThat(pinned).containsExactlyInAnyOrderElementsOf(shipped);
        assertThat(version(bom)).isEqualTo(version(root));
    }

    @Test
    void given_the_poms_name_apache_2_then_the_licence_text_is_in_the_repository() throws IOException {
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<name>Apache-2.0</name>");
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    private static List<String> all(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.results().map(result -> result.group(1)).toList();
    }

    /** The project's own version: the first {@code <version>} after its artifactId. */
    private static String version(String pom) {
        Matcher matcher = Pattern.compile("<artifactId>saas-platform(?:-bom)?</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(matcher.find()).as("project version").isTrue();
        return matcher.group(1);
    }
}
