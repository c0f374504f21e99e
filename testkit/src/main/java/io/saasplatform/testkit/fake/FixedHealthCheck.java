package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.Objects;

/** Test fake of the {@link HealthCheck} port: reports whatever the test set, and counts the probes. */
public final class FixedHealthCheck implements HealthCheck {
    private final String component;
    private volatile Result result = Result.healthy();
    private volatile int probes;

    /**
     * A healthy component.
     *
     * @param component the component name reported to operators
     */
    public FixedHealthCheck(String component) {
        this.component = Objects.requireNonNull(component, "component");
    }

    /**
     * Makes the next probes report down.
     *
     * @param detail why, in one line
     * @return this fake
     */
    public FixedHealthCheck down(String detail) {
        result = Result.down(detail);
        return this;
    }

    /**
     * Makes the next probes report healthy.
     *
     * @return this fake
     */
    public FixedHealthCheck up() {
        result = Result.healthy();
        return this;
    }

    /** @return how many probes ran */
    public int probes() {
        return probes;
    }

    @Override
    public String component() {
        return component;
    }

    @Override
    public synchronized Result check(Duration timeout) {
        probes++;
        return result;
    }
}
