package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Test fake of the {@link UnitOfWork} and {@link TenantContext} ports: one in-memory "transaction" at a time.
 *
 * <p>Because units of work never overlap, anything done inside one is also locked against every other one: row
 * locks such as {@code RefreshTokenStore.lockByHash} or {@code countOwnersForUpdate} hold trivially.
 *
 * <p>Units of work are serialised by a lock, so each one sees a consistent state (like SERIALIZABLE). The outermost
 * unit snapshots every registered {@link Participant} and restores the snapshots when the work throws: a failed unit
 * of work leaves no changes. A nested unit joins the outer one only when it runs as the same tenant (as the port
 * requires); if a nested unit fails, the whole transaction is rolled back even when the outer work swallows the
 * exception.
 */
public final class InMemoryUnitOfWork implements UnitOfWork, TenantContext {

    /** In-memory state that takes part in transactions: copied at the start, restored on rollback. */
    public interface Participant {
        /** An immutable copy of the current state. */
        Object snapshot();

        /** Puts back a state previously returned by {@link #snapshot()}. */
        void restore(Object snapshot);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Participant> participants = new ArrayList<>();
    private final ThreadLocal<Transaction> current = new ThreadLocal<>();

    /** Registers state to be rolled back with failed units of work; called by the in-memory repositories. */
    public void register(Participant participant) {
        lock.lock();
        try {
            participants.add(Objects.requireNonNull(participant));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T inTenant(TenantId tenant, Supplier<T> work) {
        return run(new Binding(Optional.of(Objects.requireNonNull(tenant, "tenant")), Optional.empty()), work);
    }

    @Override
    public <T> T withoutTenant(Supplier<T> work) {
        return run(new Binding(Optional.empty(), Optional.empty()), work);
    }

    @Override
    public <T> T asUser(UserId user, Supplier<T> work) {
        return run(new Binding(Optional.empty(), Optional.of(Objects.requireNonNull(user, "user"))), work);
    }

    @Override
    public Optional<TenantId> current() {
        Transaction tx = current.get();
        return tx == null ? Optional.empty() : tx.binding.tenant();
    }

    /** The user bound by {@link #asUser}; empty in any other unit of work and outside one. */
    public Optional<UserId> currentUser() {
        Transaction tx = current.get();
        return tx == null ? Optional.empty() : tx.binding.user();
    }

    /** Whether the calling thread is inside a unit of work; the repositories refuse to work outside one. */
    public boolean active() {
        return current.get() != null;
    }

    /** Throws unless the calling thread runs inside a unit of work, as the repository ports require. */
    public void requireActive() {
        if (!active()) {
            throw new IllegalStateException("repository used outside a unit of work");
        }
    }

    private <T> T run(Binding binding, Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        Transaction outer = current.get();
        if (outer != null) {
            return joined(outer, binding, work);
        }
        lock.lock();
        try {
            List<Object> snapshots = participants.stream().map(Participant::snapshot).toList();
            Transaction tx = new Transaction(binding);
            current.set(tx);
            boolean committed = false;
            try {
                T result = work.get();
                if (tx.rollbackOnly) {
                    throw new IllegalStateException("a nested unit of work failed: the transaction was rolled back");
                }
                committed = true;
                return result;
            } finally {
                current.remove();
                if (!committed) {
                    for (int i = 0; i < snapshots.size(); i++) {
                        participants.get(i).restore(snapshots.get(i));
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private static <T> T joined(Transaction outer, Binding binding, Supplier<T> work) {
        if (!outer.binding.equals(binding)) {
            throw new IllegalStateException("a nested unit of work must run as the same tenant as the outer one: "
                    + outer.binding.describe() + " is bound, " + binding.describe() + " was asked for");
        }
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            outer.rollbackOnly = true;
            throw e;
        }
    }

    /** What a unit of work runs as: a tenant, a user reading their own memberships, or neither. */
    private record Binding(Optional<TenantId> tenant, Optional<UserId> user) {
        String describe() {
            return tenant.map(id -> "tenant " + id)
                    .or(() -> user.map(id -> "user " + id))
                    .orElse("no tenant");
        }
    }

    private static final class Transaction {
        final Binding binding;
        boolean rollbackOnly;

        Transaction(Binding binding) {
            this.binding = binding;
        }
    }
}
