package io.saasplatform.archrules.sample.bad.application.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Planted: an application service uses a logging library. */
public final class ServiceUsingSlf4j {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceUsingSlf4j.class);

    public void run() {
        LOG.info("ran");
    }
}
