package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.Mailer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Test fake of the {@link Mailer} port: keeps every message instead of sending it; failures can be scripted, one per
 * call, before the next send succeeds.
 */
public final class RecordingMailer implements Mailer {
    private final List<OutgoingEmail> sent = new CopyOnWriteArrayList<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();

    @Override
    public synchronized String send(OutgoingEmail email) {
        Supplier<RuntimeException> failure = failures.poll();
        if (failure != null) {
            throw failure.get();
        }
        sent.add(email);
        return "recorded-" + sent.size();
    }

    /** The next call throws what {@code failure} makes, instead of sending. */
    public synchronized RecordingMailer failNext(Supplier<RuntimeException> failure) {
        failures.add(failure);
        return this;
    }

    /** Every message sent so far, oldest first. */
    public List<OutgoingEmail> sent() {
        return List.copyOf(sent);
    }

    /** The most recent message; fails when nothing was sent. */
    public OutgoingEmail last() {
        if (sent.isEmpty()) {
            throw new IllegalStateException("no email was sent");
        }
        return sent.getLast();
    }
}
