package io.saasplatform.domain.planted;

import org.jooq.DSLContext;

/** Planted violation (test code, never production): a domain class that talks SQL. */
public class DomainModelUsingJooq {
    DSLContext dsl;
}
