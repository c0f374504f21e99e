package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness (the process answers) and readiness (every backing service answers in time). */
final class HealthRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(HealthRoutes.class);

    /** One component's state as reported by {@code /health/ready}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckStatus(String status, String detail) {
        static CheckStatus of(HealthCheck.Result result) {
            return result.up() ? new CheckStatus("UP", null) : new CheckStatus("DOWN", result.detail());
        }
    }

    record Readiness(String status, Map<String, CheckStatus> checks) {}

    private final List<HealthCheck> checks;
    private final Duration timeout;
    private final ProblemResponses problems;

    HealthRoutes(List<HealthCheck> checks, Duration timeout, ProblemResponses problems) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        this.problems = problems;
        long distinct = this.checks.stream().map(HealthCheck::component).distinct().count();
        if (distinct != this.checks.size()) {
            throw new IllegalArgumentException("health check components must be unique: " + this.checks.stream()
                    .map(HealthCheck::component)
                    .toList());
        }
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.get("/health/live", ctx -> noStore(ctx).json(Map.of("status", "UP")));
        routes.get("/health/ready", this::ready);
    }

    private void ready(Context ctx) {
        Map<String, HealthCheck.Result> results = probeAll();
        Map<String, CheckStatus> statuses = new LinkedHashMap<>();
        results.forEach((component, result) -> statuses.put(component, CheckStatus.of(result)));
        Map<String, HealthCheck.Result> down = new LinkedHashMap<>(results);
        down.values().removeIf(HealthCheck.Result::up);
        if (down.isEmpty()) {
            noStore(ctx).json(new Readiness("UP", statuses));
            return;
        }
        String detail = "Not ready: " + down.entrySet().stream()
                .map(entry -> entry.getKey() + " (" + entry.getValue().detail() + ")")
                .collect(Collectors.joining(", "));
        problems.write(ctx, problems.problem(ctx, ProblemType.SERVICE_UNAVAILABLE, detail).withChecks(statuses));
    }

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
