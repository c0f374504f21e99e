package io.saasplatform.application.port.in;

/** Use-case outcome: the caller's expected version (HTTP If-Match) no longer matches the stored one (412). */
public final class PreconditionFailedException extends RuntimeException {
    public PreconditionFailedException(String resource) {
        super(resource + " was changed by someone else; reload it and retry");
    }
}
