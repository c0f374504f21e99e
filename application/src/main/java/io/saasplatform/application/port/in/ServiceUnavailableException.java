package io.saasplatform.application.port.in;

import java.time.Duration;

/** Use-case outcome: a dependency (AI provider, quota store) cannot serve now; retry after a while (503). */
public final class ServiceUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public ServiceUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
