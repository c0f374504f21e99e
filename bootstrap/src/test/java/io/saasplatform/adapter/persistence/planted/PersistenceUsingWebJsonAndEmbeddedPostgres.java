package io.saasplatform.adapter.persistence.planted;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Planted violation (test code, never production): the persistence adapter using web, JSON and test servers. */
public class PersistenceUsingWebJsonAndEmbeddedPostgres {
    Context ctx;
    ObjectMapper json;
    EmbeddedPostgres postgres;
}
