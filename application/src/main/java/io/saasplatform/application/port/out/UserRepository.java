package io.saasplatform.application.port.out;

import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.util.Optional;

/** Outgoing port: users, who exist independently of tenants. Call inside a {@link UnitOfWork}. */
public interface UserRepository {
    /** Inserts the user; when one already has that email, returns the existing one instead. */
    User insertOrGet(User user);

    Optional<User> findById(UserId id);

    Optional<User> findByEmail(EmailAddress email);
}
