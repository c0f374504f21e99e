package io.saasplatform.application.port.out;

import java.time.Duration;

/** Outgoing port: a readiness probe of one backing service (PostgreSQL, Redis, …). */
public interface HealthCheck {
    /** Short stable name reported to operators, e.g. {@code postgres}. */
    String component();

    /**
     * Probes the service, giving up after {@code timeout}. Never throws: failures are reported in the result.
     */
    Result check(Duration timeout);

    /** Outcome of one probe; {@code detail} explains a failure in one line. */
    record Result(boolean up, String detail) {
        public static Result healthy() {
            return new Result(true, "ok");
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }
    }
}
