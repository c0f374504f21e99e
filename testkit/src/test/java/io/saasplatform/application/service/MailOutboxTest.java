package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryOutbox;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.testkit.fake.RecordingMailer;
import io.saasplatform.application.port.in.MailDelivery.Dead;
import io.saasplatform.application.port.in.MailDelivery.Delivered;
import io.saasplatform.application.port.in.MailDelivery.Gone;
import io.saasplatform.application.port.in.MailDelivery.Outcome;
import io.saasplatform.application.port.in.MailDelivery.RetryAt;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.TenantId;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MailOutboxTest {
    private static final OutgoingEmail EMAIL =
            new OutgoingEmail(EmailAddress.of("bob@example.com"), "Invitation to join Acme", "line one\nline two\n");

    private final MutableClock clock = MutableClock.atSomeInstant();
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryOutbox outbox = new InMemoryOutbox(unitOfWork);
    private final RecordingMailer mailer = new RecordingMailer();
    private final OutboxSettings settings = new OutboxSettings(4, Duration.ofSeconds(10), Duration.ofSeconds(25));
    // Jitter pinned to its top (factor 1.0) so delays are the nominal ones.
    private final MailOutbox service =
            new MailOutbox(unitOfWork, unitOfWork, outbox, mailer, new byte[32], settings, clock, () -> 1.0 - 1e-12);
    private final TenantId tenant = TenantId.random();

    @Test
    void given_an_enqueued_message_when_delivered_then_sent_once_acknowledged_and_its_body_erased() {
        UUID id = enqueue();

        Outcome outcome = service.deliver(tenant, id);

        assertThat(outcome).isInstanceOf(Delivered.class);
        assertThat(mailer.sent()).containsExactly(EMAIL);
        InMemoryOutbox.Row row = outbox.allRows().getFirst();
        assertThat(row.status()).isEqualTo("delivered");
        assertThat(row.sealedBody()).isNull();
        assertThat(row.providerMessageId()).contains(((Delivered) outcome).providerMessageId());
        assertThat(service.deliver(tenant, id)).isInstanceOf(Gone.class);
        assertThat(mailer.sent()).hasSize(1);
    }

    @Test
    void given_a_stored_message_then_its_body_is_sealed_not_readable() {
        enqueue();

        String stored = new String(outbox.allRows().getFirst().sealedBody(), java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(stored).doesNotContain("bob@example.com").doesNotContain("line one");
    }

    @Test
    void given_transient_failures_then_retried_with_exponential_backoff_until_sent() {
        UUID id = enqueue();
        mailer.failNext(() -> new IllegalStateException("503 Service Unavailable"))
                .failNext(() -> new IllegalStateException("TooManyRequestsException"));

        Outcome first = service.deliver(tenant, id);
        Outcome second = service.deliver(tenant, id);
        Outcome third = service.deliver(tenant, id);

        assertThat(first).isInstanceOf(RetryAt.class);
        assertThat(((RetryAt) first).at()).isBetween(clock.instant().plusMillis(9_999), clock.instant().plusSeconds(10));
        assertThat(((RetryAt) second).at()).isBetween(clock.instant().plusMillis(19_999), clock.instant().plusSeconds(20));
        assertThat(third).isInstanceOf(Delivered.class);
        assertThat(mailer.sent()).containsExactly(EMAIL);
    }

    @Test
    void given_a_permanent_failure_then_dead_after_one_attempt_with_the_reason_and_the_row_kept() {
        UUID id = enqueue();
        mailer.failNext(() -> new Mailer.PermanentFailure("MessageRejected: Email address is not verified"));

        Outcome outcome = service.deliver(tenant, id);

        assertThat(outcome).isInstanceOf(Dead.class);
        InMemoryOutbox.Row row = outbox.allRows().getFirst();
        assertThat(row.status()).isEqualTo("dead");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.error()).hasValueSatisfying(e -> assertThat(e).contains("MessageRejected"));
        assertThat(service.deliver(tenant, id)).isInstanceOf(Gone.class);
    }

    @Test
    void given_only_transient_failures_then_dead_after_the_last_attempt() {
        UUID id = enqueue();
        for (int i = 0; i < settings.maxAttempts(); i++) {
            mailer.failNext(() -> new IllegalStateException("timeout"));
        }

        for (int i = 1; i < settings.maxAttempts(); i++) {
            assertThat(service.deliver(tenant, id)).isInstanceOf(RetryAt.class);
        }
        Outcome last = service.deliver(tenant, id);

        assertThat(last).isInstanceOf(Dead.class);
        assertThat(outbox.allRows().getFirst().attempts()).isEqualTo(settings.maxAttempts());
        assertThat(mailer.sent()).isEmpty();
    }

    @Test
    void given_another_tenant_then_the_message_is_invisible_and_nothing_is_sent() {
        UUID id = enqueue();

        assertThat(service.deliver(TenantId.random(), id)).isInstanceOf(Gone.class);
        assertThat(mailer.sent()).isEmpty();
    }

    @Test
    void given_a_unit_of_work_that_fails_after_enqueueing_then_no_message_is_stored() {
        assertThatThrownBy(() -> unitOfWork.runInTenant(tenant, () -> {
            service.enqueue(EMAIL);
            throw new IllegalStateException("injected failure after the outbox insert");
        })).hasMessageContaining("injected");

        assertThat(outbox.allRows()).isEmpty();
    }

    @Test
    void given_no_bound_tenant_then_enqueue_is_refused() {
        assertThatThrownBy(() -> service.enqueue(EMAIL)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void backoff_doubles_up_to_its_cap_and_jitter_keeps_at_least_half() {
        assertThat(settings.nominalDelay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.nominalDelay(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.nominalDelay(3)).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.delay(2, 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(OutboxSettings.DEFAULTS.maxAttempts()).isEqualTo(8);
        Duration nominalTotal = Duration.ZERO;
        for (int attempt = 1; attempt < OutboxSettings.DEFAULTS.maxAttempts(); attempt++) {
            nominalTotal = nominalTotal.plus(OutboxSettings.DEFAULTS.nominalDelay(attempt));
        }
        // about an hour once jittered (between half and all of the nominal total)
        assertThat(nominalTotal).isBetween(Duration.ofMinutes(60), Duration.ofMinutes(120));
    }

    private UUID enqueue() {
        return unitOfWork.inTenant(tenant, () -> service.enqueue(EMAIL));
    }
}
