package io.github.resilience4j.planted;

/** Test stand-in for a resilience4j type (not on bootstrap's test classpath); rules match by package. */
public class StandInCircuitBreaker {}
