package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.USERS;

import io.saasplatform.adapter.persistence.schema.tables.records.UsersRecord;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.util.Optional;

/** Users are global (no tenant, no RLS); the email is stored lowercased, as {@link EmailAddress} normalises it. */
final class JooqUserRepository implements UserRepository {
    private final JooqUnitOfWork unitOfWork;

    JooqUserRepository(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    @Override
    public User insertOrGet(User user) {
        // One round trip for a new user; only a taken email costs a second one. ON CONFLICT waits for a concurrent
        // insert of the same email to commit, so the follow-up read then sees it.
        return unitOfWork.transaction().dsl()
                .insertInto(USERS)
                .set(USERS.ID, user.id().value())
                .set(USERS.EMAIL, user.email().value())
                .onConflict(USERS.EMAIL)
                .doNothing()
                .returning()
                .fetchOptional()
                .map(JooqUserRepository::toDomain)
                .orElseGet(() -> findByEmail(user.email())
                        .orElseThrow(() -> new IllegalStateException("user with email vanished during insert")));
    }

    @Override
    public Optional<User> findById(UserId id) {
        return unitOfWork.transaction().dsl()
                .selectFrom(USERS)
                .where(USERS.ID.eq(id.value()))
                .fetchOptional(JooqUserRepository::toDomain);
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        return unitOfWork.transaction().dsl()
                .selectFrom(USERS)
                .where(USERS.EMAIL.eq(email.value()))
                .fetchOptional(JooqUserRepository::toDomain);
    }

    private static User toDomain(UsersRecord row) {
        return new User(new UserId(row.getId()), EmailAddress.of(row.getEmail()));
    }
}
