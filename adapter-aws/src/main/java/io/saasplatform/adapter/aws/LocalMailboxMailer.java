package io.saasplatform.adapter.aws;

import io.saasplatform.application.port.out.Mailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter for the {@link Mailer} port in development: writes each message as an {@code .eml} file into a local
 * mailbox directory and logs a one-line summary, instead of sending it.
 *
 * <p>File names start with the UTC send time and a per-instance sequence, so listing the directory sorted by name
 * lists messages in the order they were sent; a random suffix keeps two processes sharing one mailbox from colliding.
 * Each file is written under a hidden temporary name and then renamed, so a reader polling for {@code *.eml} never
 * sees half a message.
 *
 * <p>Bodies carry secrets (invitation and password-reset tokens), so the log gets them only when {@code logBodies} is
 * set, which is meant for a developer's console and never for a shared environment.
 *
 * <p>Thread-safe: the only shared state is the sequence counter.
 */
public final class LocalMailboxMailer implements Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(LocalMailboxMailer.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CRLF = "\r\n";

    private final Path mailbox;
    private final boolean logBodies;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param mailbox directory the messages are written to, created if missing (for example {@code .data/mailbox})
     * @param logBodies whether to log each full message at INFO, secrets included (development only)
     * @throws UncheckedIOException when the directory cannot be created
     */
    public LocalMailboxMailer(Path mailbox, boolean logBodies) {
        this(mailbox, logBodies, Clock.systemUTC());
    }

    LocalMailboxMailer(Path mailbox, boolean logBodies, Clock clock) {
        Objects.requireNonNull(mailbox, "mailbox");
        this.mailbox = mailbox.toAbsolutePath().normalize();
        this.logBodies = logBodies;
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(this.mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create mailbox directory " + this.mailbox + ": " + describe(e), e);
        }
    }

    /** The directory messages are written to, as an absolute path. */
    public Path mailbox() {
        return mailbox;
    }

    /**
     * Writes the message to the mailbox; its file name is the message id.
     *
     * @throws UncheckedIOException when the message cannot be written (the mailbox was removed or is not writable)
     */
    @Override
    public String send(OutgoingEmail email) {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(email.to(), "to");
        Objects.requireNonNull(email.subject(), "subject");
        Objects.requireNonNull(email.textBody(), "textBody");

        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        String message = render(email, now);
        Path file = write(fileName(now), message);

        if (logBodies) {
            LOG.info("Mail to {} written to {}:{}{}", email.to(), file, System.lineSeparator(), message);
        } else {
            LOG.info("Mail to {} subject \"{}\" written to {}", email.to(), headerValue(email.subject()), file);
        }
        return "local:" + file.getFileName();
    }

    private String fileName(ZonedDateTime now) {
        return "%s-%06d-%08x.eml".formatted(
                FILE_TIME.format(now), sequence.incrementAndGet(), ThreadLocalRandom.current().nextInt());
    }

    private Path write(String name, String message) {
        Path target = mailbox.resolve(name);
        Path temporary = mailbox.resolve("." + name + ".tmp");
        try {
            Files.writeString(temporary, message, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException | RuntimeException ignored) {
                // The write already failed; that failure is the one worth reporting.
            }
            throw new UncheckedIOException("Cannot write mail to mailbox " + mailbox + ": " + describe(e), e);
        }
    }

    private static String render(OutgoingEmail email, ZonedDateTime now) {
        String body = email.textBody().replaceAll("\r\n|\r|\n", CRLF);
        StringBuilder text = new StringBuilder()
                .append("To: ").append(headerValue(email.to().value())).append(CRLF)
                .append("Subject: ").append(headerValue(email.subject())).append(CRLF)
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now)).append(CRLF)
                .append("MIME-Version: 1.0").append(CRLF)
                .append("Content-Type: text/plain; charset=UTF-8").append(CRLF)
                .append("Content-Transfer-Encoding: 8bit").append(CRLF)
                .append(CRLF)
                .append(body);
        if (!body.isEmpty() && !body.endsWith(CRLF)) {
            text.append(CRLF);
        }
        return text.toString();
    }

    /** A line break in a header value would start a header of its own (header injection). */
    private static String headerValue(String value) {
        return value.replaceAll("[\\r\\n]+", " ");
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
