package io.saasplatform.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Requests sent at a fixed rate until closed, each from its own virtual thread, whatever the answers' latency: an open
 * load, as a load balancer delivers it, not a closed loop that slows down with the server. The request is a function
 * of the request's sequence number (1, 2, …) that answers the outcome to keep; every outcome is kept.
 */
final class PacedLoad<O> implements AutoCloseable {
    private final IntFunction<O> request;
    private final List<O> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger sequence = new AtomicInteger();
    private final Thread pacer;
    private volatile boolean running = true;

    private PacedLoad(String name, int ratePerSecond, IntFunction<O> request) {
        this.request = request;
        long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        this.pacer = Thread.ofPlatform().name(name + "-pacer").start(() -> {
            long next = System.nanoTime();
            while (running) {
                senders.submit(this::one);
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        });
    }

    /** Starts sending {@code ratePerSecond} requests a second; {@link #close()} stops and waits for every answer. */
    static <O> PacedLoad<O> start(String name, int ratePerSecond, IntFunction<O> request) {
        return new PacedLoad<>(name, ratePerSecond, request);
    }

    private void one() {
        outcomes.add(request.apply(sequence.incrementAndGet()));
    }

    /** The outcomes kept so far, in the order they were answered. */
    List<O> all() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    List<O> matching(Predicate<? super O> filter) {
        synchronized (outcomes) {
            return outcomes.stream().filter(filter).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        pacer.join();
        senders.close();
    }
}
