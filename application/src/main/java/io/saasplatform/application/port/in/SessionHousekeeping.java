package io.saasplatform.application.port.in;

/**
 * Incoming port: periodic clean-up of sign-in sessions, driven by a scheduler (the background worker once it exists).
 * Safe to run on several nodes at once and as often as wanted: each run only removes what can no longer be used.
 */
public interface SessionHousekeeping {
    /**
     * Clears sealed successors whose grace window has passed and deletes refresh families that can never refresh
     * again (expired, idle past the timeout, or revoked more than a day ago), with their tokens.
     */
    Purged purgeStaleSessions();

    /** What one run removed. */
    record Purged(int sealedSuccessorsCleared, int familiesDeleted) {}
}
