package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.VisitsUseCase;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.VisitRepository;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.TenantId;
import java.lang.System.Logger.Level;
import java.time.Duration;
import io.saasplatform.domain.DailyVisits;
import io.saasplatform.domain.Visit;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application service: tagged storefront visits. {@link #record} only offers the visit to a bounded buffer; one
 * background thread drains it and writes each tenant's visits in one statement inside that tenant's unit of work (row
 * level security binds one tenant per transaction). A page view therefore never waits for the database, and a database
 * outage costs visits, never pages. {@link #close} writes what is buffered.
 */
public final class VisitService implements VisitsUseCase, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VisitService.class.getName());
    /** Visits held in memory at most; beyond it new ones are dropped and counted. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Visits written per flush at most. */
    static final int BATCH = 500;

    private final UnitOfWork unitOfWork;
    private final MembershipRepository memberships;
    private final VisitRepository visits;
    private final BlockingQueue<Visit> buffer;
    private final Duration flushEvery;
    private final AtomicLong dropped = new AtomicLong();
    private final Object flushLock = new Object();
    private volatile Thread writer;
    private volatile boolean closed;

    /**
     * @param flushEvery how long the writer waits for more visits before writing what it has
     */
    public VisitService(UnitOfWork unitOfWork, MembershipRepository memberships, VisitRepository visits,
            int capacity, Duration flushEvery) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.visits = Objects.requireNonNull(visits, "visits");
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.flushEvery = Objects.requireNonNull(flushEvery, "flushEvery");
    }

    /** Starts the background writer; without it visits stay buffered until {@link #flush()} or {@link #close()}. */
    public VisitService start() {
        Thread thread = Thread.ofPlatform().daemon().name("visit-writer").unstarted(this::writeLoop);
        writer = thread;
        thread.start();
        return this;
    }

    @Override
    public void record(Visit visit) {
        Objects.requireNonNull(visit, "visit");
        if (closed || !buffer.offer(visit)) {
            long count = dropped.incrementAndGet();
            if (Long.bitCount(count) == 1) { // 1, 2, 4, 8...: a hint in the log, not a flood
                LOG.log(Level.WARNING, "visit buffer full or closed: {0} visits dropped so far", count);
            }
        }
    }

    @Override
    public List<DailyVisits> daily(Actor actor, LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new InvalidValueException("from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new InvalidValueException("to", "the range must be at most " + MAX_RANGE_DAYS + " days");
        }
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            Access.requireRole(memberships, actor, Role.ADMIN, "reading visits");
            return visits.daily(from, to);
        });
    }

    /** Visits dropped because the buffer was full (or the service closed). */
    public long dropped() {
        return dropped.get();
    }

    /** Writes every buffered visit now, on the caller's thread; returns how many were written. */
    public int flush() {
        synchronized (flushLock) {
            int written = 0;
            List<Visit> batch = new ArrayList<>(BATCH);
            while (buffer.drainTo(batch, BATCH) > 0) {
                written += write(batch);
                batch.clear();
            }
            return written;
        }
    }

    private int write(List<Visit> batch) {
        Map<TenantId, List<Visit>> byTenant = new LinkedHashMap<>();
        batch.forEach(v -> byTenant.computeIfAbsent(v.tenant(), t -> new ArrayList<>()).add(v));
        int written = 0;
        for (var entry : byTenant.entrySet()) {
            try {
                unitOfWork.runInTenant(entry.getKey(), () -> visits.insertAll(entry.getValue()));
                written += entry.getValue().size();
            } catch (RuntimeException e) {
                // Counting visits is not worth retrying in a loop: the batch is lost and said so.
                dropped.addAndGet(entry.getValue().size());
                LOG.log(Level.WARNING, "could not write " + entry.getValue().size() + " visits of tenant " + entry.getKey(), e);
            }
        }
        return written;
    }

    private void writeLoop() {
        while (!closed) {
            try {
                Visit first = buffer.poll(flushEvery.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                synchronized (flushLock) {
                    List<Visit> batch = new ArrayList<>(BATCH);
                    batch.add(first);
                    buffer.drainTo(batch, BATCH - 1);
                    write(batch);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the writer and writes what is buffered. */
    @Override
    public void close() {
        closed = true;
        Thread thread = writer;
        if (thread != null) {
            // No interrupt: it could land in the middle of a database call. The loop sees the flag within flushEvery.
            try {
                thread.join(flushEvery.plusSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
