package tools.jackson.planted;

/** Test stand-in for a Jackson 3 type (not on bootstrap's test classpath); rules match by package. */
public class StandInJackson3Mapper {}
