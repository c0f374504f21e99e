package io.saasplatform.domain;

import java.util.Locale;

/**
 * Domain value: the lifecycle of a tracked background job; the last five are final. Shared by the jobs use case
 * (which shows it) and the job store (which keeps it).
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    PARTIALLY_SUCCEEDED,
    CANCELLED,
    QUOTA_EXHAUSTED;

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    /** The lower-case name used on the wire and in storage ({@code partially_succeeded}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a {@link #wireName()} names; an {@link InvalidValueException} on {@code status} otherwise. */
    public static JobStatus fromWire(String value) {
        InvalidValueException.requirePresent(value, "status");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("status", "unknown job status: " + value);
        }
    }
}
