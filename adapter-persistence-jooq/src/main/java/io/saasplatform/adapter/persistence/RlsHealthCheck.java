package io.saasplatform.adapter.persistence;

import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import javax.sql.DataSource;

/**
 * Readiness of tenant isolation: the {@link RlsSelfCheck} again, as the serving role, so that a role altered at run
 * time ({@code ALTER ROLE ... BYPASSRLS}, a dropped policy) takes the node out of rotation. The catalog queries run at
 * most once per {@link #RECHECK_EVERY}; in between the last verdict stands. A database that cannot be read is reported
 * by the PostgreSQL check, not here: this check keeps its last verdict then.
 */
final class RlsHealthCheck implements HealthCheck {
    static final Duration RECHECK_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final LongSupplier nanoTime;
    private Result verdict;
    private long checkedAt;

    RlsHealthCheck(DataSource dataSource) {
        this(dataSource, System::nanoTime);
    }

    RlsHealthCheck(DataSource dataSource, LongSupplier nanoTime) {
        this.dataSource = dataSource;
        this.nanoTime = nanoTime;
    }

    @Override
    public String component() {
        return "rls";
    }

    @Override
    public synchronized Result check(Duration timeout) {
        long now = nanoTime.getAsLong();
        if (verdict != null && now - checkedAt < RECHECK_EVERY.toNanos()) {
            return verdict;
        }
        try {
            List<String> problems = RlsSelfCheck.problems(dataSource);
            verdict = problems.isEmpty()
                    ? Result.healthy()
                    : Result.down("row-level security would not isolate tenants: " + String.join("; ", problems));
            checkedAt = now;
        } catch (RuntimeException unreadable) {
            if (verdict == null) {
                return Result.down("row-level security self-check could not run: " + unreadable.getMessage());
            }
        }
        return verdict;
    }
}
