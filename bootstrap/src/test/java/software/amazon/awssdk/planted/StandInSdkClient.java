package software.amazon.awssdk.planted;

/** Test stand-in for an AWS SDK type (the SDK is not on bootstrap's test classpath); rules match by package. */
public class StandInSdkClient {}
