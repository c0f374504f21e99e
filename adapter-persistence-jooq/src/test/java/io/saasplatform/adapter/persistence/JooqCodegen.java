package io.saasplatform.adapter.persistence;

import java.nio.file.Path;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Logging;
import org.jooq.meta.jaxb.Target;

/**
 * Regenerates the committed jOOQ classes from the real migrated schema on the test PostgreSQL.
 *
 * <p>Run: {@code ./mvnw -B -pl adapter-persistence-jooq test-compile exec:java@jooq-codegen} (the exec plugin passes the
 * module's {@code src/main/generated} as the only argument).
 */
public final class JooqCodegen {
    static final String PACKAGE = "io.saasplatform.adapter.persistence.schema";

    private JooqCodegen() {}

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "src/main/generated");
        generate(MigratedDatabase.create(), target);
        System.out.println("jOOQ classes regenerated under " + target.toAbsolutePath().normalize());
    }

    static void generate(MigratedDatabase database, Path targetDirectory) throws Exception {
        Configuration configuration = new Configuration()
                .withLogging(Logging.WARN)
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(database.jdbcUrl())
                        .withUser(MigratedDatabase.OWNER)
                        .withPassword(MigratedDatabase.OWNER_PASSWORD))
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withIncludes(".*")
                                .withExcludes(Migrations.HISTORY_TABLE))
                        .withGenerate(new Generate()
                                // Deterministic output: the drift test compares files byte for byte.
                                .withGeneratedAnnotation(false)
                                .withGeneratedAnnotationDate(false)
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withRoutines(false)
                                .withJavadoc(true)
                                .withComments(true))
                        .withTarget(new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(targetDirectory.toString())
                                .withEncoding("UTF-8")
                                .withClean(true)));
        GenerationTool.generate(configuration);
    }
}
