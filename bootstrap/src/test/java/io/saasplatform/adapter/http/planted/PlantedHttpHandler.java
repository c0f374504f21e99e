package io.saasplatform.adapter.http.planted;

/** Planted target (test code, never production): an HTTP adapter class that other adapters must not use. */
public class PlantedHttpHandler {}
