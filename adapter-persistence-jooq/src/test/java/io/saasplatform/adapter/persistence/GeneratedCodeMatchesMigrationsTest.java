package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fails the build when the committed jOOQ classes and the Flyway migrations disagree. */
class GeneratedCodeMatchesMigrationsTest {
    private static final String REGENERATE = "./mvnw -B -pl adapter-persistence-jooq test-compile exec:java@jooq-codegen";

    @Test
    void given_the_migrations_when_regenerating_the_jooq_classes_then_they_match_the_committed_sources(@TempDir Path fresh)
            throws Exception {
        Path committed = Path.of(System.getProperty("basedir", ".")).resolve("src/main/generated");

        JooqCodegen.generate(MigratedDatabase.create(), fresh);

        Map<String, String> expected = sources(fresh);
        Map<String, String> actual = sources(committed);
        TreeSet<String> differing = new TreeSet<>();
        for (String file : union(expected, actual)) {
            if (!expected.getOrDefault(file, "<missing>").equals(actual.getOrDefault(file, "<missing>"))) {
                differing.add(file + (actual.containsKey(file) ? (expected.containsKey(file) ? " (changed)" : " (stale)") : " (missing)"));
            }
        }
        assertThat(expected).as("the generator produced nothing: is the migration path right?").isNotEmpty();
        assertThat(differing)
                .as("jOOQ classes under src/main/generated differ from the migrations; regenerate with: " + REGENERATE)
                .isEmpty();
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static Map<String, String> sources(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(path).toString().replace('\\', '/'), Files.readString(path));
            }
        }
        return files;
    }
}
