package io.saasplatform.adapter.persistence.planted;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.saasplatform.application.port.in.Page;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.planted.StandInServlet;
import tools.jackson.planted.StandInJackson3Mapper;

/**
 * Planted violation (test code, never production): the persistence adapter using web, JSON, test servers and an
 * incoming port.
 */
public class PersistenceUsingWebJsonAndEmbeddedPostgres {
    Context ctx;
    ObjectMapper json;
    StandInJackson3Mapper json3;
    StandInServlet servlet;
    EmbeddedPostgres postgres;
    Page<String> page;
}
