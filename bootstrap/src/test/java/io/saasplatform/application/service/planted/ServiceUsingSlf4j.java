package io.saasplatform.application.service.planted;

import org.slf4j.Logger;

/** Planted violation (test code, never production): a library type inside the pure-Java application core. */
public class ServiceUsingSlf4j {
    Logger log;
}
