package io.saasplatform.application.port.in;

/** Use-case outcome: the resource does not exist for this caller (also used to hide other tenants' resources). */
public final class NotFoundException extends RuntimeException {
    private final String resource;

    public NotFoundException(String resource) {
        super(resource + " not found");
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }
}
