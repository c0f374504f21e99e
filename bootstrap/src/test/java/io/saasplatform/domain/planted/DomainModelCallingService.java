package io.saasplatform.domain.planted;

import io.saasplatform.application.service.planted.PlantedService;

/** Planted violation (test code, never production): the domain model reaching out to an application service. */
public class DomainModelCallingService {
    PlantedService service;
}
