package io.saasplatform.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Captures System.err until closed; slf4j-simple looks System.err up on every call, so this sees the logs. */
final class StandardError implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private StandardError() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    static StandardError capture() {
        return new StandardError();
    }

    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits, boundedly, until {@code expected} was written: a log line written just after the response may arrive
     * a moment after the client has the response.
     */
    String awaitContaining(String expected, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!text().contains(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        return text();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
