package io.saasplatform.application.port.in;

/** Use-case outcome: the presented credential (ID token, refresh token) is not valid; maps to 401. */
public final class InvalidCredentialsException extends RuntimeException {
    public InvalidCredentialsException(String message) {
        super(message);
    }
}
