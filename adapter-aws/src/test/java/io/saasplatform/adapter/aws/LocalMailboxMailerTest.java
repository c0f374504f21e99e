package io.saasplatform.adapter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMailboxMailerTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-27T05:13:02.123Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    @Test
    void given_a_message_when_sent_then_one_eml_file_holds_its_headers_and_body() throws IOException {
        LocalMailboxMailer mailer = new LocalMailboxMailer(temp.resolve(".data/mailbox"), false, FIXED);

        mailer.send(email("Alice@Example.com", "You are invited", "Accept: https://app.test/invite?token=abc\n"));

        List<Path> files = messages(mailer.mailbox());
        assertThat(files).singleElement().satisfies(file -> assertThat(file.getFileName().toString())
                .startsWith("20261127T051302.123Z-")
                .endsWith(".eml"));
        assertThat(Files.readString(files.getFirst(), StandardCharsets.UTF_8)).isEqualTo("""
                To: alice@example.com\r
                Subject: You are invited\r
                Date: Fri, 27 Nov 2026 05:13:02 GMT\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=UTF-8\r
                Content-Transfer-Encoding: 8bit\r
                \r
                Accept: https://app.test/invite?token=abc\r
                """);
    }

    @Test
    void given_two_messages_in_the_same_millisecond_then_two_files_sorted_in_sending_order() throws IOException {
        LocalMailboxMailer mailer = new LocalMailboxMailer(temp, false, FIXED);

        mailer.send(email("a@example.com", "first", "1"));
        mailer.send(email("b@example.com", "second", "2"));

        List<Path> files = messages(temp);
        assertThat(files).hasSize(2);
        assertThat(Files.readString(files.get(0))).contains("Subject: first");
        assertThat(Files.readString(files.get(1))).contains("Subject: second");
    }

    @Test
    void given_many_threads_sending_then_every_message_gets_its_own_complete_file() throws Exception {
        LocalMailboxMailer mailer = new LocalMailboxMailer(temp, false);
        int threads = 8;
        int perThread = 25;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        mailer.send(email("user@example.com", "message " + thread + "-" + i, "body"));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }

        List<Path> files = messages(temp);
        assertThat(files).hasSize(threads * perThread);
        try (Stream<Path> all = Files.list(temp)) {
            assertThat(all).as("no temporary files left behind").hasSize(threads * perThread);
        }
        for (Path file : files) {
            assertThat(Files.readString(file)).endsWith("\r\n\r\nbody\r\n");
        }
    }

    @Test
    void given_a_line_break_in_the_subject_then_no_extra_header_is_written() throws IOException {
        LocalMailboxMailer mailer = new LocalMailboxMailer(temp, false, FIXED);

        mailer.send(email("a@example.com", "hello\r\nBcc: attacker@example.com", "body"));

        String written = Files.readString(messages(temp).getFirst());
        assertThat(written).contains("Subject: hello Bcc: attacker@example.com\r\n");
        assertThat(written.lines()).noneMatch(line -> line.startsWith("Bcc:"));
    }

    @Test
    void given_a_mailbox_path_that_is_a_file_when_constructing_then_a_clear_exception() throws IOException {
        Path notADirectory = Files.writeString(temp.resolve("mailbox"), "occupied");

        assertThatThrownBy(() -> new LocalMailboxMailer(notADirectory, false))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot create mailbox directory")
                .hasMessageContaining(notADirectory.toString());
    }

    @Test
    void given_the_mailbox_gone_after_construction_when_sending_then_a_clear_exception() throws IOException {
        // Root ignores permission bits, so the directory is replaced by a file rather than chmod-ed.
        Path mailbox = temp.resolve("mailbox");
        LocalMailboxMailer mailer = new LocalMailboxMailer(mailbox, false, FIXED);
        Files.delete(mailbox);
        Files.writeString(mailbox, "occupied");

        assertThatThrownBy(() -> mailer.send(email("a@example.com", "lost", "body")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot write mail to mailbox")
                .hasMessageContaining(mailbox.toString());
    }

    @Test
    void given_body_logging_enabled_when_sending_then_the_message_is_still_written() throws IOException {
        LocalMailboxMailer mailer = new LocalMailboxMailer(temp, true, FIXED);

        mailer.send(email("a@example.com", "logged", "secret token"));

        assertThat(Files.readString(messages(temp).getFirst())).contains("secret token");
    }

    private static OutgoingEmail email(String to, String subject, String body) {
        return new OutgoingEmail(EmailAddress.of(to), subject, body);
    }

    private static List<Path> messages(Path mailbox) throws IOException {
        try (Stream<Path> files = Files.list(mailbox)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
    }
}
