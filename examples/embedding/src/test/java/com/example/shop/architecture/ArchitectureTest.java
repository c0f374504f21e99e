package com.example.shop.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.saasplatform.archrules.HexagonLayout;
import io.saasplatform.archrules.HexagonRules;
import io.saasplatform.archrules.LibraryConfinement;
import java.util.Map;

/**
 * The platform's conformance rules applied to this code base: the platform's core (domain, ports, services) plus the
 * example's own domain, adapter and wiring.
 */
@AnalyzeClasses(
        packages = {"com.example.shop", "io.saasplatform.domain", "io.saasplatform.application"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final HexagonLayout LAYOUT = HexagonLayout.builder()
            .domain("com.example.shop.domain..", "io.saasplatform.domain..")
            .incomingPorts("io.saasplatform.application.port.in..")
            .outgoingPorts("io.saasplatform.application.port.out..")
            .services("io.saasplatform.application.service..")
            .drivenAdapter("memory", "com.example.shop.adapter.memory..")
            .compositionRoot("com.example.shop.app..")
            .coreMayUse("javax.crypto..")
            .build();

    static final HexagonRules HEXAGON = HexagonRules.of(LAYOUT);

    @ArchTest
    static final ArchRule hexagon = HEXAGON.all();

    @ArchTest
    static final ArchRule locks_only_in_the_store = LibraryConfinement
            .of(Map.of("java.util.concurrent.locks..", "com.example.shop.adapter.memory.."))
            .all()
            .because("transactions are the store's business");
}
