package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Port contract of {@code UserRepository}: users are global, one per email. */
public abstract class UserRepositoryContract extends PortContractSupport {

    @Test
    void given_a_new_user_when_insert_or_get_then_it_is_returned_and_found_by_id_and_email() {
        User user = User.register(uniqueEmail());

        User stored = ports().unitOfWork().withoutTenant(() -> ports().users().insertOrGet(user));

        assertThat(stored).isEqualTo(user);
        ports().unitOfWork().withoutTenant(() -> {
            assertThat(ports().users().findById(user.id())).contains(user);
            assertThat(ports().users().findByEmail(user.email())).contains(user);
            return null;
        });
    }

    @Test
    void given_an_email_in_use_when_insert_or_get_with_another_id_then_the_existing_user_is_returned() {
        User existing = newUser();
        User duplicate = User.register(existing.email());

        User stored = ports().unitOfWork().withoutTenant(() -> ports().users().insertOrGet(duplicate));

        assertThat(stored).isEqualTo(existing);
        assertThat(ports().unitOfWork().withoutTenant(() -> ports().users().findById(duplicate.id()))).isEmpty();
    }

    @Test
    void given_an_email_in_use_when_insert_or_get_then_the_unit_of_work_can_go_on() {
        User existing = newUser();
        User other = User.register(uniqueEmail());

        User second = ports().unitOfWork().withoutTenant(() -> {
            ports().users().insertOrGet(User.register(existing.email()));
            return ports().users().insertOrGet(other);
        });

        assertThat(second).isEqualTo(other);
    }

    @Test
    void given_an_email_in_other_case_when_finding_then_the_user_is_found() {
        User user = newUser();
        EmailAddress shouted = EmailAddress.of(user.email().value().toUpperCase(Locale.ROOT));

        assertThat(ports().unitOfWork().withoutTenant(() -> ports().users().findByEmail(shouted))).contains(user);
    }

    @Test
    void given_an_unknown_user_when_finding_then_empty() {
        ports().unitOfWork().withoutTenant(() -> {
            assertThat(ports().users().findById(UserId.random())).isEmpty();
            assertThat(ports().users().findByEmail(uniqueEmail())).isEmpty();
            return null;
        });
    }

    @Test
    void given_a_user_created_in_tenant_a_when_reading_in_tenant_b_then_it_is_visible_because_users_are_global() {
        Tenant a = newTenant();
        Tenant b = newTenant();
        User user = User.register(uniqueEmail());

        ports().unitOfWork().inTenant(a.id(), () -> ports().users().insertOrGet(user));

        assertThat(ports().unitOfWork().inTenant(b.id(), () -> ports().users().findById(user.id()))).contains(user);
    }
}
