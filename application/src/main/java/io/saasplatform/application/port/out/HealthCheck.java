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

    /**
     * Whether the node cannot serve without this service: readiness fails (503) only on required checks. An optional
     * one that is down shows in the details and turns the status to degraded, and the node stays in rotation.
     */
    default boolean required() {
        return true;
    }

    /** {@code check} as an optional dependency: down degrades readiness without failing it. */
    static HealthCheck optional(HealthCheck check) {
        return new HealthCheck() {
            @Override
            public String component() {
                return check.component();
            }

            @Override
            public Result check(Duration timeout) {
                return check.check(timeout);
            }

            @Override
            public boolean required() {
                return false;
            }
        };
    }

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
