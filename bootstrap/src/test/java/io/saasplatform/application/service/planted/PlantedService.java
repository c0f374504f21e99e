package io.saasplatform.application.service.planted;

/** Planted target (test code, never production): an application service that the domain must not see. */
public class PlantedService {}
