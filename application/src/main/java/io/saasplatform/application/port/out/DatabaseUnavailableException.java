package io.saasplatform.application.port.out;

import java.time.Duration;

/**
 * Outgoing-port failure of every persistence port: the database cannot serve now (unreachable, restarting, or no
 * pooled connection free within the pool's timeout). Nothing of the failed unit of work was committed, so the caller
 * may retry after {@link #retryAfter()}.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public DatabaseUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
