package io.saasplatform.adapter.http.planted;

import io.saasplatform.application.service.planted.PlantedService;

/** Planted violation (test code, never production): an adapter bound to a service class instead of its port. */
public class HttpCallingServiceImplementation {
    PlantedService service;
}
