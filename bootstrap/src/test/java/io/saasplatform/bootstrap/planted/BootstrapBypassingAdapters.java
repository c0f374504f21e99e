package io.saasplatform.bootstrap.planted;

import com.nimbusds.planted.StandInJwtProcessor;
import com.zaxxer.hikari.HikariDataSource;
import org.eclipse.jetty.server.Server;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;

/** Planted violation (test code, never production): the composition root doing the adapters' work itself. */
public class BootstrapBypassingAdapters {
    Flyway flyway;
    HikariDataSource pool;
    DSLContext dsl;
    Server jetty;
    StandInJwtProcessor jwt;
}
