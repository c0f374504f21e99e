package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.application.port.out.Outbox.PendingMessage;
import io.saasplatform.domain.Tenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@link Outbox}, isolation included: a message is pending from its enqueue until it is delivered or
 * dead, it is acknowledged once, it exists only if its unit of work commits, and another tenant neither sees nor
 * changes it.
 */
public abstract class OutboxContract extends PortContractSupport {
    private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00.123Z");

    /**
     * The outbox under test, working in the units of work of {@link #ports()}.
     *
     * @return the outbox; may be the same instance for every test of a class
     */
    protected abstract Outbox outbox();

    @Test
    void given_an_enqueued_message_when_finding_it_then_it_is_pending_with_its_sealed_body_and_no_attempts() {
        Tenant tenant = newTenant();
        UUID id = UUID.randomUUID();
        byte[] body = sealed("hello");

        ports().unitOfWork().runInTenant(tenant.id(), () -> outbox().enqueue(id, body, CREATED));

        Optional<PendingMessage> found = ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id));
        assertThat(found).hasValueSatisfying(message -> {
            assertThat(message.id()).isEqualTo(id);
            assertThat(message.sealedBody()).isEqualTo(body);
            assertThat(message.attempts()).isZero();
        });
    }

    @Test
    void given_an_unknown_id_when_finding_it_then_nothing_is_pending() {
        Tenant tenant = newTenant();

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void given_a_pending_message_when_marking_it_delivered_twice_then_only_the_first_acknowledges_it() {
        Tenant tenant = newTenant();
        UUID id = enqueued(tenant);

        boolean first = ports().unitOfWork().inTenant(tenant.id(),
                () -> outbox().markDelivered(id, "provider-1", CREATED.plusSeconds(1)));
        boolean second = ports().unitOfWork().inTenant(tenant.id(),
                () -> outbox().markDelivered(id, "provider-2", CREATED.plusSeconds(2)));

        assertThat(first).isTrue();
        assertThat(second).as("a repeated execution finds nothing pending").isFalse();
        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id))).isEmpty();
    }

    @Test
    void given_failed_attempts_when_finding_the_message_then_it_is_still_pending_with_the_attempts_counted() {
        Tenant tenant = newTenant();
        UUID id = enqueued(tenant);

        ports().unitOfWork().runInTenant(tenant.id(), () -> outbox().recordFailedAttempt(
                id, 1, "503 from the provider", CREATED.plusSeconds(1), CREATED.plusSeconds(60)));
        ports().unitOfWork().runInTenant(tenant.id(), () -> outbox().recordFailedAttempt(
                id, 2, "throttled", CREATED.plusSeconds(61), CREATED.plusSeconds(180)));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id)))
                .hasValueSatisfying(message -> assertThat(message.attempts()).isEqualTo(2));
    }

    @Test
    void given_a_dead_message_then_it_is_no_longer_pending_and_cannot_be_delivered() {
        Tenant tenant = newTenant();
        UUID id = enqueued(tenant);

        ports().unitOfWork().runInTenant(tenant.id(),
                () -> outbox().markDead(id, 1, "MessageRejected", CREATED.plusSeconds(1)));

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id))).isEmpty();
        assertThat(ports().unitOfWork().inTenant(tenant.id(),
                () -> outbox().markDelivered(id, "provider-1", CREATED.plusSeconds(2)))).isFalse();
    }

    @Test
    void given_a_delivered_message_when_marking_it_dead_or_failed_then_it_stays_delivered() {
        Tenant tenant = newTenant();
        UUID id = enqueued(tenant);
        ports().unitOfWork().inTenant(tenant.id(), () -> outbox().markDelivered(id, "provider-1", CREATED));

        ports().unitOfWork().runInTenant(tenant.id(), () -> {
            outbox().recordFailedAttempt(id, 5, "late failure", CREATED.plusSeconds(1), CREATED.plusSeconds(60));
            outbox().markDead(id, 6, "late rejection", CREATED.plusSeconds(2));
        });

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id))).isEmpty();
        assertThat(ports().unitOfWork().inTenant(tenant.id(),
                () -> outbox().markDelivered(id, "provider-2", CREATED.plusSeconds(3)))).isFalse();
    }

    @Test
    void given_a_unit_of_work_that_fails_after_the_enqueue_then_no_message_is_stored() {
        Tenant tenant = newTenant();
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> ports().unitOfWork().runInTenant(tenant.id(), () -> {
            outbox().enqueue(id, sealed("doomed"), CREATED);
            throw new IllegalStateException("injected after the enqueue");
        })).hasMessageContaining("injected");

        assertThat(ports().unitOfWork().inTenant(tenant.id(), () -> outbox().findPending(id))).isEmpty();
    }

    @Test
    void given_another_tenants_message_then_it_is_invisible_and_unchangeable() {
        Tenant owner = newTenant();
        Tenant other = newTenant();
        UUID id = enqueued(owner);

        assertThat(ports().unitOfWork().inTenant(other.id(), () -> outbox().findPending(id))).isEmpty();
        assertThat(ports().unitOfWork().inTenant(other.id(),
                () -> outbox().markDelivered(id, "provider-x", CREATED.plusSeconds(1)))).isFalse();
        ports().unitOfWork().runInTenant(other.id(), () -> {
            outbox().recordFailedAttempt(id, 7, "forged", CREATED.plusSeconds(1), CREATED.plusSeconds(60));
            outbox().markDead(id, 8, "forged", CREATED.plusSeconds(2));
        });

        assertThat(ports().unitOfWork().inTenant(owner.id(), () -> outbox().findPending(id)))
                .hasValueSatisfying(message -> assertThat(message.attempts()).isZero());
    }

    @Test
    void given_no_tenant_bound_when_enqueuing_then_it_is_refused() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> ports().unitOfWork().withoutTenant(() -> {
            outbox().enqueue(id, sealed("nobody's"), CREATED);
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }

    private UUID enqueued(Tenant tenant) {
        UUID id = UUID.randomUUID();
        ports().unitOfWork().runInTenant(tenant.id(), () -> outbox().enqueue(id, sealed("message " + id), CREATED));
        return id;
    }

    /** Stands in for an AES-GCM sealed body: the outbox stores bytes and never looks inside. */
    private static byte[] sealed(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
