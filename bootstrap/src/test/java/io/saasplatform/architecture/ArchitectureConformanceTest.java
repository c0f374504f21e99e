package io.saasplatform.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.saasplatform.application.port.out.AiGateway;

/**
 * Architecture conformance suite: the production classes of every module, as bootstrap (which depends on all of them)
 * sees them, checked against the hexagon.
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
    static final String PORTS = "io.saasplatform.application.port..";
    static final String PORTS_IN = "io.saasplatform.application.port.in..";
    static final String PORTS_OUT = "io.saasplatform.application.port.out..";
    static final String SERVICES = "io.saasplatform.application.service..";
    static final String PERSISTENCE = "io.saasplatform.adapter.persistence..";
    static final String HTTP = "io.saasplatform.adapter.http..";
    static final String REDIS = "io.saasplatform.adapter.redis..";
    static final String AWS = "io.saasplatform.adapter.aws..";
    static final String AI = "io.saasplatform.adapter.ai..";
    static final String BOOTSTRAP = "io.saasplatform.bootstrap..";
    static final String METERED_AI = "io.saasplatform.application.service.MeteredAi";

    // --- the hexagon

    /*
     * Ports are ArchUnit's "domain services": they may see the domain model only, never the services implementing
     * them. Layers are optional because the aws and ai adapters may legitimately be empty for now; the
     * *_package_has_classes rules below make sure the packages that must exist do, so no rule passes on nothing.
     */
    @ArchTest
    static final ArchRule hexagon_follows_the_onion_architecture = onionArchitecture()
            .domainModels(DOMAIN)
            .domainServices(PORTS)
            .applicationServices(SERVICES)
            .adapter("persistence", PERSISTENCE)
            .adapter("http", HTTP)
            .adapter("redis", REDIS)
            .adapter("aws", AWS)
            .adapter("ai", AI)
            .withOptionalLayers(true)
            .ignoreDependency(resideInAPackage(BOOTSTRAP), alwaysTrue())
            .ensureAllClassesAreContainedInArchitectureIgnoring(BOOTSTRAP)
            .because("the domain knows nothing of ports, ports nothing of their implementations, adapters nothing of "
                    + "each other; only bootstrap, the composition root, sees everything");

    @ArchTest
    static final ArchRule domain_depends_only_on_java = classes()
            .that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
            .because("the domain is plain Java: no framework, library or other module of ours");

    @ArchTest
    static final ArchRule application_depends_only_on_java_and_domain = classes()
            .that().resideInAPackage(APPLICATION)
            // javax.crypto is the JDK's own (java.base) cipher API: refresh-token sealing needs no library.
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", DOMAIN, APPLICATION)
            .because("use cases and ports are plain Java over the domain; technology belongs in adapters");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("io.saasplatform.adapter.(*)..")
            .should().notDependOnEachOther()
            .because("adapters talk through the application's ports; bootstrap alone wires them together");

    @ArchTest
    static final ArchRule adapters_use_ports_not_service_implementations = noClasses()
            .that().resideInAPackage("io.saasplatform.adapter..")
            .should().dependOnClassesThat().resideInAPackage(SERVICES)
            .because("adapters see use cases through port.in interfaces; bootstrap picks the implementation");

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices()
            .assignedFrom(new ModuleSlices())
            .should().beFreeOfCycles()
            .because("a cycle makes two packages one in all but name; adapters count as one package each so that "
                    + "generated jOOQ code does not report cycles nobody can fix");

    // --- rules on missing packages pass silently: prove the packages that must exist do

    @ArchTest
    static final ArchRule domain_package_has_classes = hasClasses(DOMAIN);

    @ArchTest
    static final ArchRule incoming_ports_package_has_classes = hasClasses(PORTS_IN);

    @ArchTest
    static final ArchRule outgoing_ports_package_has_classes = hasClasses(PORTS_OUT);

    @ArchTest
    static final ArchRule application_services_package_has_classes = hasClasses(SERVICES);

    @ArchTest
    static final ArchRule persistence_adapter_package_has_classes = hasClasses(PERSISTENCE);

    @ArchTest
    static final ArchRule http_adapter_package_has_classes = hasClasses(HTTP);

    @ArchTest
    static final ArchRule redis_adapter_package_has_classes = hasClasses(REDIS);

    @ArchTest
    static final ArchRule ai_adapter_package_has_classes = hasClasses(AI);

    @ArchTest
    static final ArchRule bootstrap_package_has_classes = hasClasses(BOOTSTRAP);

    // --- one confinement rule per library

    @ArchTest
    static final ArchRule jooq_only_in_persistence_adapter = confined("org.jooq..", PERSISTENCE)
            .because("SQL is the persistence adapter's business; bootstrap goes through the adapter's API");

    @ArchTest
    static final ArchRule flyway_only_in_persistence_adapter = confined("org.flywaydb..", PERSISTENCE)
            .because("migrations are the persistence adapter's business; bootstrap goes through the adapter's API");

    @ArchTest
    static final ArchRule hikari_only_in_persistence_adapter = confined("com.zaxxer..", PERSISTENCE)
            .because("the connection pool is the persistence adapter's business; bootstrap goes through its API");

    @ArchTest
    static final ArchRule postgresql_driver_only_in_persistence_adapter = confined("org.postgresql..", PERSISTENCE)
            .because("only the persistence adapter speaks to PostgreSQL; others see the ports' exceptions");

    @ArchTest
    static final ArchRule db_scheduler_only_in_persistence_adapter = confined("com.github.kagkarlsson..", PERSISTENCE)
            .because("the worker's engine polls PostgreSQL; it is the persistence adapter's business, and the work it "
                    + "runs is reached through the application's incoming ports");

    @ArchTest
    static final ArchRule javalin_only_in_http_adapter = confined("io.javalin..", HTTP)
            .because("the web framework is the HTTP adapter's business");

    @ArchTest
    static final ArchRule jetty_and_servlet_api_only_in_http_adapter = noClasses()
            .that().resideOutsideOfPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.jetty..", "jakarta.servlet..")
            .because("the web server under Javalin is the HTTP adapter's business");

    @ArchTest
    static final ArchRule nimbus_jose_jwt_only_in_http_adapter = confined("com.nimbusds..", HTTP)
            .because("access tokens are verified at the HTTP edge and reach use cases as an Actor");

    @ArchTest
    static final ArchRule jackson_only_in_http_and_ai_adapters = noClasses()
            .that().resideOutsideOfPackages(HTTP, AI)
            .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..")
            .because("JSON is a wire format of the HTTP API and the AI provider, not of the domain or storage");

    @ArchTest
    static final ArchRule lettuce_only_in_redis_adapter = confined("io.lettuce..", REDIS)
            .because("Redis is reached only through the redis adapter");

    @ArchTest
    static final ArchRule aws_sdk_only_in_aws_adapter = confined("software.amazon.awssdk..", AWS)
            .because("AWS is reached only through the aws adapter");

    @ArchTest
    static final ArchRule resilience4j_only_in_adapters_that_call_out = noClasses()
            .that().resideOutsideOfPackages(AI, AWS)
            .should().dependOnClassesThat().resideInAnyPackage("io.github.resilience4j..")
            .because("retries and circuit breakers wrap calls to remote providers, which only the ai and aws "
                    + "adapters make");

    @ArchTest
    static final ArchRule jdk_http_client_only_in_ai_adapter = confined("java.net.http..", AI)
            .because("the AI provider is the only remote HTTP API the platform calls itself, and only the AI adapter "
                    + "calls it (behind the metered AiGateway port)");

    @ArchTest
    static final ArchRule ai_gateway_called_only_by_the_metered_service = noClasses()
            .that().resideOutsideOfPackages(AI, BOOTSTRAP)
            .and().doNotHaveFullyQualifiedName(METERED_AI)
            .should().callMethodWhere(target(owner(assignableTo(AiGateway.class))))
            .because("every AI call is reserved against the tenant's quota before it runs and settled after: "
                    + "MeteredAi is the one path to the provider");

    @ArchTest
    static final ArchRule embedded_servers_only_in_bootstrap = noClasses()
            .that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAnyPackage("io.zonky..", "redis.embedded..")
            .because("embedded PostgreSQL and Redis are a local-run convenience chosen by the composition root");

    @ArchTest
    static final ArchRule jedis_nowhere_in_production = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("redis.clients..")
            .because("embedded-redis drags in Jedis; Lettuce is the one Redis client");

    private static ArchRule confined(String library, String allowedPackage) {
        return noClasses()
                .that().resideOutsideOfPackage(allowedPackage)
                .should().dependOnClassesThat().resideInAnyPackage(library);
    }

    /** Fails when no imported class lives in {@code pkg}: a typo or a module not on the classpath. */
    private static ArchRule hasClasses(String pkg) {
        return classes()
                .that().resideInAPackage(pkg)
                .should().resideInAPackage(pkg)
                .allowEmptyShould(false)
                .because(pkg + " must contain production classes, or every rule about it passes on nothing");
    }
}
