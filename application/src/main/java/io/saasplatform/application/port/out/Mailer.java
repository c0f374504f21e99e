package io.saasplatform.application.port.out;

import io.saasplatform.domain.EmailAddress;

/** Outgoing port: sends transactional email (a local mailbox in development, Amazon SES in production). */
public interface Mailer {
    void send(OutgoingEmail email);

    /** A plain-text message. */
    record OutgoingEmail(EmailAddress to, String subject, String textBody) {}
}
