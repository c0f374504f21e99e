package io.saasplatform.application.service;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Configuration of {@link AuthService}: refresh-family lifetimes, the rotation grace window, sign-in rate limits and
 * the key that seals successor tokens during the grace window.
 *
 * @param familyLifetime absolute lifetime of a refresh family, however often it rotates
 * @param idleTimeout a family unused for longer than this is dead
 * @param graceWindow how long a just-rotated token still yields its successor (concurrent tabs); at most 10 s
 * @param perAddress attempts per client address, counted separately for sign-in and for refresh
 * @param perAccount sign-in attempts per account (email)
 * @param sealingKey the platform secret (at least 32 bytes); the sealing key proper is derived from it
 */
public record AuthSettings(
        Duration familyLifetime,
        Duration idleTimeout,
        Duration graceWindow,
        RateLimit perAddress,
        RateLimit perAccount,
        byte[] sealingKey) {
    public static final Duration DEFAULT_FAMILY_LIFETIME = Duration.ofDays(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofDays(7);
    public static final Duration DEFAULT_GRACE_WINDOW = Duration.ofSeconds(10);
    /** A longer grace window would let a stolen, already-rotated token be replayed for longer (RFC 9700 §4.14). */
    public static final Duration MAX_GRACE_WINDOW = Duration.ofSeconds(10);
    public static final RateLimit DEFAULT_PER_ADDRESS = new RateLimit(10, Duration.ofMinutes(1));
    public static final RateLimit DEFAULT_PER_ACCOUNT = new RateLimit(5, Duration.ofMinutes(1));
    public static final int MIN_SEALING_KEY_BYTES = 32;

    public AuthSettings {
        requirePositive(familyLifetime, "familyLifetime");
        requirePositive(idleTimeout, "idleTimeout");
        Objects.requireNonNull(graceWindow, "graceWindow");
        if (graceWindow.isNegative() || graceWindow.compareTo(MAX_GRACE_WINDOW) > 0) {
            throw new IllegalArgumentException("graceWindow must be between 0 and 10 seconds, was " + graceWindow);
        }
        Objects.requireNonNull(perAddress, "perAddress");
        Objects.requireNonNull(perAccount, "perAccount");
        Objects.requireNonNull(sealingKey, "sealingKey");
        if (sealingKey.length < MIN_SEALING_KEY_BYTES) {
            throw new IllegalArgumentException("sealingKey must be at least 32 bytes");
        }
        sealingKey = sealingKey.clone();
    }

    /** The defaults: 30-day families, 7-day idle timeout, 10 s grace, 10/min per address, 5/min per account. */
    public static AuthSettings defaults(byte[] sealingKey) {
        return new AuthSettings(
                DEFAULT_FAMILY_LIFETIME,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_GRACE_WINDOW,
                DEFAULT_PER_ADDRESS,
                DEFAULT_PER_ACCOUNT,
                sealingKey);
    }

    public AuthSettings withFamilyLifetime(Duration value) {
        return new AuthSettings(value, idleTimeout, graceWindow, perAddress, perAccount, sealingKey);
    }

    public AuthSettings withIdleTimeout(Duration value) {
        return new AuthSettings(familyLifetime, value, graceWindow, perAddress, perAccount, sealingKey);
    }

    public AuthSettings withGraceWindow(Duration value) {
        return new AuthSettings(familyLifetime, idleTimeout, value, perAddress, perAccount, sealingKey);
    }

    public AuthSettings withRateLimits(RateLimit address, RateLimit account) {
        return new AuthSettings(familyLifetime, idleTimeout, graceWindow, address, account, sealingKey);
    }

    /**
     * Failed refresh attempts per client address: six times the sign-in rate. Only failures count, so a large
     * population behind one NAT address refreshes freely; a 256-bit token cannot be guessed, so this only stops floods.
     */
    public RateLimit refreshPerAddress() {
        return new RateLimit(perAddress.attempts() * 6, perAddress.window());
    }

    /**
     * Refreshes per session (refresh family): three times the sign-in rate. A session refreshes once per access-token
     * lifetime, plus racing tabs; more than this is a runaway client or a replay.
     */
    public RateLimit refreshPerFamily() {
        return new RateLimit(perAddress.attempts() * 3, perAddress.window());
    }

    /** A copy: the caller cannot change the key afterwards, nor this record's through the accessor. */
    @Override
    public byte[] sealingKey() {
        return sealingKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSettings other
                && familyLifetime.equals(other.familyLifetime)
                && idleTimeout.equals(other.idleTimeout)
                && graceWindow.equals(other.graceWindow)
                && perAddress.equals(other.perAddress)
                && perAccount.equals(other.perAccount)
                && Arrays.equals(sealingKey, other.sealingKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(familyLifetime, idleTimeout, graceWindow, perAddress, perAccount, Arrays.hashCode(sealingKey));
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "AuthSettings[familyLifetime=" + familyLifetime + ", idleTimeout=" + idleTimeout + ", graceWindow="
                + graceWindow + ", perAddress=" + perAddress + ", perAccount=" + perAccount + ", sealingKey=***]";
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** At most {@code attempts} within each fixed {@code window}. */
    public record RateLimit(int attempts, Duration window) {
        public RateLimit {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
            }
            requirePositive(window, "window");
        }
    }
}
