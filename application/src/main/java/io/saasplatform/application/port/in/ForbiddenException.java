package io.saasplatform.application.port.in;

import io.saasplatform.domain.Role;

/** Use-case outcome: the caller is a member of the tenant but their role does not allow the operation. */
public final class ForbiddenException extends RuntimeException {
    private final Role required;

    public ForbiddenException(Role required, String operation) {
        super(operation + " requires the " + required.wireName() + " role or higher");
        this.required = required;
    }

    public Role required() {
        return required;
    }
}
