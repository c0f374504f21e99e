package io.saasplatform.bootstrap;

/** Composition-root error: the environment does not describe a platform that can start. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
