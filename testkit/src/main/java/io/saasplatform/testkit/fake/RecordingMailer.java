package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.Mailer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test fake of the {@link Mailer} port: keeps every message instead of sending it. */
public final class RecordingMailer implements Mailer {
    private final List<OutgoingEmail> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(OutgoingEmail email) {
        sent.add(email);
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
