package io.saasplatform.application.port.out.planted;

import io.saasplatform.application.service.planted.PlantedService;

/** Planted violation (test code, never production): a port that knows the service implementing it. */
public interface PortExposingService {
    PlantedService implementation();
}
