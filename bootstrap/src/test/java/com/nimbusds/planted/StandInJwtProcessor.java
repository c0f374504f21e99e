package com.nimbusds.planted;

/** Test stand-in for a nimbus-jose-jwt type (not on bootstrap's test classpath); rules match by package. */
public class StandInJwtProcessor {}
