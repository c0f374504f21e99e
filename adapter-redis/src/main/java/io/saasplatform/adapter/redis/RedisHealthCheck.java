package io.saasplatform.adapter.redis;

import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Readiness probe: Redis answers PING within the timeout. */
final class RedisHealthCheck implements HealthCheck {
    private final Supplier<RedisCalls> connection;

    RedisHealthCheck(Supplier<RedisCalls> connection) {
        this.connection = connection;
    }

    @Override
    public String component() {
        return "redis";
    }

    @Override
    public Result check(Duration timeout) {
        try {
            // Async + bounded get: the probe's timeout may be shorter than the client's command timeout.
            String reply = connection.get().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return "PONG".equals(reply) ? Result.healthy() : Result.down("unexpected reply to PING");
        } catch (TimeoutException e) {
            return Result.down("no PONG within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Result.down(describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.down("interrupted");
        } catch (RuntimeException e) {
            return Result.down(describe(e));
        }
    }

    private static String describe(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        return message == null || message.isBlank()
                ? (failure == null ? "unknown failure" : failure.getClass().getSimpleName())
                : message;
    }
}
