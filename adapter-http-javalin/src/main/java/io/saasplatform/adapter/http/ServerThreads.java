package io.saasplatform.adapter.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * Jetty's threads: a virtual thread for every task (the selector's production loop and each request alike), except the
 * connector's acceptor, which blocks in {@code accept()} for the connector's whole life on a platform thread of its own.
 *
 * <p>Why not Jetty's {@code QueuedThreadPool} with a virtual-threads executor: it keeps the selector on a platform
 * thread and hands every request over to a virtual thread, a wake-up of another thread per request. On the storefront
 * benchmark (2 cores, 16 connections) that hand-over cost the server 10-20 % more CPU per request than running the
 * selector among the request threads, and 6-20 % of the throughput (ADR 0009).
 *
 * <p>Why not every task on a virtual thread, as Javalin does by default: under a burst the acceptor would queue behind
 * hundreds of request threads on the few carrier threads, the kernel's accept queue would fill, and the handshakes it
 * drops reach clients as connection resets (seen in {@code AiEndToEndTest} under the whole suite's load). The acceptor
 * runs once per new connection, so keeping it on a platform thread costs nothing per request.
 */
final class ServerThreads extends AbstractLifeCycle implements ThreadPool {
    // Jetty's acceptor task (AbstractConnector.Acceptor, a private class). Were it renamed, it would run on a virtual
    // thread, and ServerConnectorTest, which looks for it among the platform threads, would fail.
    private static final String ACCEPTOR = AbstractConnector.class.getName() + "$Acceptor";

    private final ThreadFactory acceptors = Thread.ofPlatform().name("http-acceptor-", 0).factory();
    private final ExecutorService tasks =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());

    @Override
    public void execute(Runnable task) {
        if (task.getClass().getName().equals(ACCEPTOR)) {
            acceptors.newThread(task).start();
        } else {
            tasks.execute(task);
        }
    }

    /** No new tasks; those running finish, or end when Jetty closes their connections. */
    @Override
    protected void doStop() {
        tasks.shutdown();
    }

    @Override
    public void join() throws InterruptedException {
        tasks.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /** Virtual threads are not pooled: there is no count to report, and no shortage. */
    @Override
    public int getThreads() {
        return 0;
    }

    @Override
    public int getIdleThreads() {
        return 0;
    }

    @Override
    public boolean isLowOnThreads() {
        return false;
    }
}
