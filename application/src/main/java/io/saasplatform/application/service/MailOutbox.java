package io.saasplatform.application.service;

import io.saasplatform.application.port.in.MailDelivery;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.TenantId;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Application service: the transactional email outbox. {@link #enqueue} seals a message into the bound tenant's outbox
 * inside the caller's unit of work; the worker calls {@link #deliver} for each scheduled attempt.
 *
 * <p>Guarantees (ADR 0009): a message is stored if and only if the change that sends it commits; it is acknowledged
 * once (marked delivered with the provider's message id, its body erased); it is never deleted undelivered. The one
 * duplicate possible is a redelivery after a crash between the provider accepting it and the acknowledgement
 * committing: at-least-once, not exactly-once.
 */
public final class MailOutbox implements MailDelivery {
    private static final System.Logger LOG = System.getLogger(MailOutbox.class.getName());
    private static final byte[] SEAL_LABEL = "outbox-message-seal".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_ERROR_LENGTH = 2_000;

    private final UnitOfWork unitOfWork;
    private final TenantContext tenantContext;
    private final Outbox outbox;
    private final Mailer mailer;
    private final TokenCrypto crypto;
    private final OutboxSettings settings;
    private final Clock clock;
    private final DoubleSupplier jitter;

    /** @param sealingKey the platform secret ({@code SECRET_KEY}); the AES-GCM key is derived from it */
    public MailOutbox(
            UnitOfWork unitOfWork,
            TenantContext tenantContext,
            Outbox outbox,
            Mailer mailer,
            byte[] sealingKey,
            OutboxSettings settings,
            Clock clock) {
        this(unitOfWork, tenantContext, outbox, mailer, sealingKey, settings, clock,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    MailOutbox(
            UnitOfWork unitOfWork,
            TenantContext tenantContext,
            Outbox outbox,
            Mailer mailer,
            byte[] sealingKey,
            OutboxSettings settings,
            Clock clock,
            DoubleSupplier jitter) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.tenantContext = Objects.requireNonNull(tenantContext, "tenantContext");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.crypto = new TokenCrypto(Objects.requireNonNull(sealingKey, "sealingKey"), SEAL_LABEL);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
    }

    /**
     * Seals {@code email} into the outbox of the tenant bound to the current unit of work; it is sent after that unit
     * of work commits and not at all if it rolls back.
     *
     * @throws IllegalStateException outside {@link UnitOfWork#inTenant}
     */
    public UUID enqueue(OutgoingEmail email) {
        Objects.requireNonNull(email, "email");
        tenantContext.require();
        UUID id = UUID.randomUUID();
        outbox.enqueue(id, crypto.seal(encode(email)), clock.instant().truncatedTo(ChronoUnit.MICROS));
        return id;
    }

    @Override
    public Outcome deliver(TenantId tenant, UUID messageId) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(messageId, "messageId");
        Optional<Outbox.PendingMessage> pending = unitOfWork.inTenant(tenant, () -> outbox.findPending(messageId));
        if (pending.isEmpty()) {
            return new Gone();
        }
        int attempt = pending.get().attempts() + 1;
        OutgoingEmail email;
        try {
            email = decode(crypto.unseal(pending.get().sealedBody()));
        } catch (IllegalArgumentException e) {
            // Sealed under another SECRET_KEY (rotated) or damaged: no retry can open it.
            return dead(tenant, messageId, attempt, "the sealed body cannot be opened: " + e.getMessage());
        }
        String providerId;
        try {
            providerId = mailer.send(email);
        } catch (Mailer.PermanentFailure e) {
            return dead(tenant, messageId, attempt, "rejected: " + e.getMessage());
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (attempt >= settings.maxAttempts()) {
                return dead(tenant, messageId, attempt, "gave up after " + attempt + " attempts; last: " + reason);
            }
            Instant now = clock.instant();
            Instant next = now.plus(settings.delay(attempt, jitter.getAsDouble()));
            unitOfWork.runInTenant(tenant,
                    () -> outbox.recordFailedAttempt(messageId, attempt, cut(reason), micros(now), micros(next)));
            LOG.log(Level.INFO, "outbox message {0} of tenant {1}: attempt {2} failed, retry at {3}: {4}",
                    messageId, tenant, attempt, next, reason);
            return new RetryAt(next, reason);
        }
        String id = providerId == null || providerId.isBlank() ? "(none)" : providerId;
        unitOfWork.inTenant(tenant, () -> outbox.markDelivered(messageId, cut(id), micros(clock.instant())));
        return new Delivered(id);
    }

    private Outcome dead(TenantId tenant, UUID messageId, int attempt, String reason) {
        unitOfWork.runInTenant(tenant,
                () -> outbox.markDead(messageId, attempt, cut(reason), micros(clock.instant())));
        LOG.log(Level.WARNING, "outbox message {0} of tenant {1} is dead after {2} attempt(s): {3}",
                messageId, tenant, attempt, reason);
        return new Dead(reason);
    }

    /** Three fields, newline-separated: the address and the subject never contain a line break. */
    static String encode(OutgoingEmail email) {
        if (email.subject().contains("\n") || email.subject().contains("\r")) {
            throw new IllegalArgumentException("subject must be one line");
        }
        return email.to() + "\n" + email.subject() + "\n" + email.textBody();
    }

    static OutgoingEmail decode(String clear) {
        int first = clear.indexOf('\n');
        int second = first < 0 ? -1 : clear.indexOf('\n', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("not an encoded message");
        }
        return new OutgoingEmail(EmailAddress.of(clear.substring(0, first)), clear.substring(first + 1, second),
                clear.substring(second + 1));
    }

    private static String cut(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
