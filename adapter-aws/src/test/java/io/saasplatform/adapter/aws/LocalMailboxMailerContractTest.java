package io.saasplatform.adapter.aws;

import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.testkit.contract.MailerContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@code Mailer} port contract against the local mailbox, reading back the .eml files it wrote. */
class LocalMailboxMailerContractTest extends MailerContract {
    @TempDir
    Path mailbox;

    private LocalMailboxMailer mailer;

    @Override
    protected Mailer mailer() {
        if (mailer == null) {
            mailer = new LocalMailboxMailer(mailbox, false);
        }
        return mailer;
    }

    @Override
    protected List<OutgoingEmail> delivered() {
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml"))
                    .sorted()
                    .map(LocalMailboxMailerContractTest::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The headers up to the first empty line, then the body: as much of RFC 5322 as the mailbox writes. */
    private static OutgoingEmail read(Path file) {
        try {
            String message = Files.readString(file, StandardCharsets.UTF_8);
            int split = message.indexOf("\r\n\r\n");
            String to = null;
            String subject = null;
            for (String header : message.substring(0, split).split("\r\n")) {
                if (header.startsWith("To: ")) {
                    to = header.substring(4);
                } else if (header.startsWith("Subject: ")) {
                    subject = header.substring(9);
                }
            }
            return new OutgoingEmail(EmailAddress.of(to), subject, message.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
