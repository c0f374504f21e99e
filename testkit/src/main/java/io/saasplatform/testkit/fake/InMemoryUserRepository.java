package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Test fake of the {@link UserRepository} port: global users, unique by email. */
public final class InMemoryUserRepository implements UserRepository, InMemoryUnitOfWork.Participant {
    private final InMemoryUnitOfWork unitOfWork;
    private Map<UserId, User> rows = new LinkedHashMap<>();

    public InMemoryUserRepository(InMemoryUnitOfWork unitOfWork) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        unitOfWork.register(this);
    }

    @Override
    public User insertOrGet(User user) {
        unitOfWork.requireActive();
        Optional<User> existing = findByEmail(user.email());
        if (existing.isPresent()) {
            return existing.get();
        }
        if (rows.containsKey(user.id())) {
            throw new IllegalStateException("duplicate user id " + user.id());
        }
        rows.put(user.id(), user);
        return user;
    }

    @Override
    public Optional<User> findById(UserId id) {
        unitOfWork.requireActive();
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public Optional<User> findByEmail(EmailAddress email) {
        unitOfWork.requireActive();
        return rows.values().stream().filter(u -> u.email().equals(email)).findFirst();
    }

    /** Every stored user, bypassing the unit of work: for assertions only, like a superuser query. */
    public List<User> allRows() {
        return List.copyOf(rows.values());
    }

    @Override
    public Object snapshot() {
        return new LinkedHashMap<>(rows);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        rows = new LinkedHashMap<>((Map<UserId, User>) snapshot);
    }
}
