package io.saasplatform.application.port.out;

import io.saasplatform.domain.EmailAddress;

/**
 * Outgoing port: sends transactional email (a local mailbox in development, Amazon SES in production). Called only by
 * the worker delivering the outbox, never inside a request.
 */
public interface Mailer {
    /**
     * Sends one message and returns the provider's id of it (recorded with the delivered outbox row).
     *
     * @throws PermanentFailure when sending again cannot succeed (rejected address, unverified sender, bad request)
     * @throws RuntimeException anything else (throttling, 5xx, timeouts) counts as transient and is retried
     */
    String send(OutgoingEmail email);

    /** A plain-text message. */
    record OutgoingEmail(EmailAddress to, String subject, String textBody) {}

    /** The provider refused the message for good: retrying it would fail the same way. */
    final class PermanentFailure extends RuntimeException {
        public PermanentFailure(String reason, Throwable cause) {
            super(reason, cause);
        }

        public PermanentFailure(String reason) {
            super(reason);
        }
    }
}
