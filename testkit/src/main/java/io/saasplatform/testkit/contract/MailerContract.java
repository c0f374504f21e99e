package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code Mailer}: every message sent is delivered once, to its recipient, with its subject and its
 * text (line endings aside, which mail transports normalise), non-ASCII text included.
 *
 * <p>Subclasses read back what their transport delivered (a mailbox directory, a stub server, a list).
 */
public abstract class MailerContract {

    /**
     * The mailer under test, with nothing delivered yet.
     *
     * @return the mailer under test
     */
    protected abstract Mailer mailer();

    /**
     * Every message the mailer's transport delivered so far, in any order, as the recipient would read it.
     *
     * @return the delivered messages
     */
    protected abstract List<OutgoingEmail> delivered();

    @Test
    void given_a_message_when_sent_then_delivered_once_with_recipient_subject_and_text() {
        OutgoingEmail email = email("ann@example.com", "You are invited", "Accept: https://app.test/invite?t=abc\n");

        mailer().send(email);

        assertThat(delivered()).singleElement().satisfies(delivered -> assertSame(delivered, email));
    }

    @Test
    void given_several_messages_when_sent_then_each_delivered_separately() {
        List<OutgoingEmail> emails = List.of(
                email("a@example.com", "first", "1\n"),
                email("b@example.com", "second", "2\n"),
                email("c@example.com", "third", "3\n"));

        emails.forEach(mailer()::send);

        assertThat(delivered()).hasSize(3);
        for (OutgoingEmail email : emails) {
            assertThat(delivered()).anySatisfy(delivered -> assertSame(delivered, email));
        }
    }

    @Test
    void given_non_ascii_multiline_text_when_sent_then_delivered_unchanged() {
        OutgoingEmail email = email("zoe@example.com", "Welcome", "Grüße aus Köln ☕\nزيت الزيتون\n\n— the shop\n");

        mailer().send(email);

        assertThat(delivered()).singleElement().satisfies(delivered -> assertSame(delivered, email));
    }

    private static OutgoingEmail email(String to, String subject, String text) {
        return new OutgoingEmail(EmailAddress.of(to), subject, text);
    }

    private static void assertSame(OutgoingEmail delivered, OutgoingEmail sent) {
        assertThat(delivered.to()).isEqualTo(sent.to());
        assertThat(delivered.subject()).isEqualTo(sent.subject());
        assertThat(normalised(delivered.textBody())).isEqualTo(normalised(sent.textBody()));
    }

    private static String normalised(String text) {
        return text.replace("\r\n", "\n").stripTrailing();
    }
}
