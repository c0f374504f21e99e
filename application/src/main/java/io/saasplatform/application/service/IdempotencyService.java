package io.saasplatform.application.service;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.application.port.in.IdempotencyUseCase;
import io.saasplatform.application.port.out.IdempotencyStore;
import io.saasplatform.application.port.out.IdempotencyStore.Claim;
import io.saasplatform.application.port.out.IdempotencyStore.Scope;
import io.saasplatform.application.port.out.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Application service: idempotency keys over the {@link IdempotencyStore}. A retry that arrives while the first
 * attempt still runs waits for its answer up to {@link Settings#patience()} (so that a burst of identical retries gets one
 * answer, the first one), then gets 409 with a retry hint.
 */
public final class IdempotencyService implements IdempotencyUseCase {
    private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(200);

    /**
     * @param retention how long a response is kept and replayed (24 h)
     * @param lease how long a running attempt holds its key before another node may take it over (the attempt's node
     *     may have died); above the longest request the API serves
     * @param patience how long a concurrent retry waits for the first attempt before answering 409; zero answers at once
     */
    public record Settings(Duration retention, Duration lease, Duration patience) {
        public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
        public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
        public static final Duration DEFAULT_PATIENCE = Duration.ofSeconds(10);

        public Settings {
            Objects.requireNonNull(retention, "retention");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(patience, "patience");
            if (retention.isNegative() || retention.isZero() || lease.isNegative() || lease.isZero()
                    || patience.isNegative()) {
                throw new IllegalArgumentException("retention and lease must be positive, patience not negative");
            }
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_RETENTION, DEFAULT_LEASE, DEFAULT_PATIENCE);
        }
    }

    private final UnitOfWork unitOfWork;
    private final IdempotencyStore store;
    private final Clock clock;
    private final Settings settings;

    public IdempotencyService(UnitOfWork unitOfWork, IdempotencyStore store, Clock clock, Settings settings) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Outcome begin(Request request) {
        Scope scope = new Scope(request.user(), request.tenant());
        // Monotonic, not the clock: the wait is about this thread's patience, not about wall time.
        long deadline = System.nanoTime() + settings.patience().toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Instant now = clock.instant();
            Claim claim = inScope(request, () -> store.claim(scope, request.key(), request.fingerprint(), now,
                    now.plus(settings.lease()), now.plus(settings.retention())));
            switch (claim) {
                case Claim.Acquired acquired -> {
                    return new Outcome.Proceed();
                }
                case Claim.Done done -> {
                    return new Outcome.Replay(done.response());
                }
                case Claim.Mismatch mismatch -> {
                    return new Outcome.KeyReused();
                }
                case Claim.Running running -> {
                    if (System.nanoTime() - deadline >= 0) {
                        return new Outcome.InProgress(Duration.ofSeconds(1));
                    }
                    if (!pause(pause)) {
                        return new Outcome.InProgress(Duration.ofSeconds(1));
                    }
                    pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                }
            }
        }
    }

    @Override
    public void complete(Request request, RecordedResponse response) {
        Scope scope = new Scope(request.user(), request.tenant());
        inScope(request, () -> {
            store.complete(scope, request.key(), response);
            return null;
        });
    }

    @Override
    public void abandon(Request request) {
        Scope scope = new Scope(request.user(), request.tenant());
        inScope(request, () -> {
            store.release(scope, request.key());
            return null;
        });
    }

    private <T> T inScope(Request request, Supplier<T> work) {
        return request.tenant().isPresent()
                ? unitOfWork.inTenant(request.tenant().get(), work)
                : unitOfWork.withoutTenant(work);
    }

    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
