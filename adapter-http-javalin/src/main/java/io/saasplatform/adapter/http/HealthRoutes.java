package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness (the process answers) and readiness (the services the node cannot serve without answer in time).
 *
 * <p>Readiness fails (503) only when a {@linkplain HealthCheck#required() required} check is down; an optional one
 * that is down (Redis: only AI needs it) makes the status {@code DEGRADED} with 200, so a load balancer keeps routing
 * here. The endpoint is public: it names components and their state only, never the drivers' words (hosts, users,
 * authentication failures), which go to the log. The probe runs at most once per {@link #CACHE_FOR}, however many
 * callers ask, and concurrent callers share one probe.
 */
final class HealthRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);
    static final Duration CACHE_FOR = Duration.ofSeconds(1);
    static final String UP = "UP";
    static final String DOWN = "DOWN";
    static final String DEGRADED = "DEGRADED";

    /** One component's state as reported by {@code /health/ready}. */
    record CheckStatus(String status) {
        static CheckStatus of(HealthCheck.Result result) {
            return new CheckStatus(result.up() ? UP : DOWN);
        }
    }

    /** {@code status} is {@code UP}, {@code DEGRADED} (an optional check down) or {@code DOWN} (a required one). */
    record Readiness(String status, Map<String, CheckStatus> checks) {
        @JsonIgnore
        List<String> requiredDown(List<HealthCheck> checks) {
            return checks.stream()
                    .filter(HealthCheck::required)
                    .map(HealthCheck::component)
                    .filter(component -> DOWN.equals(this.checks.get(component).status()))
                    .toList();
        }
    }

    private final List<HealthCheck> checks;
    private final Duration timeout;
    private final ProblemResponses problems;
    private final LongSupplier nanoTime;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile Cached cached;

    HealthRoutes(List<HealthCheck> checks, Duration timeout, ProblemResponses problems) {
        this(checks, timeout, problems, System::nanoTime);
    }

    /** For tests: the time source of the cache. */
    HealthRoutes(List<HealthCheck> checks, Duration timeout, ProblemResponses problems, LongSupplier nanoTime) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        this.problems = problems;
        this.nanoTime = nanoTime;
        long distinct = this.checks.stream().map(HealthCheck::component).distinct().count();
        if (distinct != this.checks.size()) {
            throw new IllegalArgumentException("health check components must be unique: " + this.checks.stream()
                    .map(HealthCheck::component)
                    .toList());
        }
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/health/live", ctx -> noStore(ctx).json(Map.of("status", UP)));
        routes.get("/health/ready", this::ready);
    }

    private void ready(Context ctx) {
        Readiness readiness = readiness();
        if (!DOWN.equals(readiness.status())) {
            noStore(ctx).json(readiness);
            return;
        }
        String detail = "Not ready: " + String.join(", ", readiness.requiredDown(checks));
        problems.write(ctx, problems.problem(ctx, ProblemType.SERVICE_UNAVAILABLE, detail)
                .withChecks(readiness.checks()));
    }

    /** The last probe's answer if it is younger than {@link #CACHE_FOR}, else a new probe (one at a time). */
    Readiness readiness() {
        Cached current = cached;
        if (current != null && fresh(current)) {
            return current.readiness();
        }
        probing.lock();
        try {
            current = cached;
            if (current != null && fresh(current)) {
                return current.readiness();
            }
            Readiness readiness = summarise(probeAll());
            cached = new Cached(readiness, nanoTime.getAsLong());
            return readiness;
        } finally {
            probing.unlock();
        }
    }

    private boolean fresh(Cached entry) {
        return nanoTime.getAsLong() - entry.probedAt() < CACHE_FOR.toNanos();
    }

    private Readiness summarise(Map<String, HealthCheck.Result> results) {
        Map<String, CheckStatus> statuses = new LinkedHashMap<>();
        results.forEach((component, result) -> statuses.put(component, CheckStatus.of(result)));
        boolean requiredDown = false;
        boolean optionalDown = false;
        for (HealthCheck check : checks) {
            HealthCheck.Result result = results.get(check.component());
            if (!result.up()) {
                // The driver's words stay here: they may name hosts, users and why authentication failed.
                LOG.warn("Readiness: {} ({}) is down: {}", check.component(),
                        check.required() ? "required" : "optional", result.detail());
                requiredDown |= check.required();
                optionalDown |= !check.required();
            }
        }
        String status = requiredDown ? DOWN : optionalDown ? DEGRADED : UP;
        return new Readiness(status, statuses);
    }

    private record Cached(Readiness readiness, long probedAt) {}

    /** Runs every check at once, each on its own virtual thread; the answer comes within the timeout, always. */
    private Map<String, HealthCheck.Result> probeAll() {
        Map<String, CompletableFuture<HealthCheck.Result>> pending = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            pending.put(check.component(), probe(check));
        }
        CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).join();
        Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
        pending.forEach((component, future) -> results.put(component, future.join()));
        return results;
    }

    private CompletableFuture<HealthCheck.Result> probe(HealthCheck check) {
        CompletableFuture<HealthCheck.Result> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("health-" + check.component()).start(() -> {
            try {
                HealthCheck.Result outcome = check.check(timeout);
                result.complete(outcome == null ? HealthCheck.Result.down("check returned no result") : outcome);
            } catch (RuntimeException | Error e) {
                // The port says checks never throw; one that does must still not take readiness down with it.
                LOG.warn("Health check {} threw instead of reporting", check.component(), e);
                result.complete(HealthCheck.Result.down("check failed: " + e.getClass().getSimpleName()));
            }
        });
        return result.completeOnTimeout(
                        HealthCheck.Result.down("no answer within " + timeout.toMillis() + " ms"),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS)
                // A check that ignored its timeout would otherwise keep its thread (and maybe a socket) forever.
                .whenComplete((outcome, failure) -> worker.interrupt());
    }

    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store");
    }
}
