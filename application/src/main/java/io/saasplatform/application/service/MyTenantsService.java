package io.saasplatform.application.service;

import io.saasplatform.domain.MyTenant;
import io.saasplatform.application.port.in.MyTenantsUseCase;
import io.saasplatform.application.port.in.Page;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserTenantDirectory;
import io.saasplatform.application.port.out.UserTenantDirectory.Position;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Application service: the caller's tenants, keyset-paged. The cursor is the last row's joined date and tenant id in
 * base64url; it needs no signature, since whatever it says, the database shows the user their own memberships only.
 */
public final class MyTenantsService implements MyTenantsUseCase {
    private final UnitOfWork unitOfWork;
    private final UserTenantDirectory directory;

    public MyTenantsService(UnitOfWork unitOfWork, UserTenantDirectory directory) {
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Page<MyTenant> listMyTenants(UserId user, Optional<String> cursor, Integer limit) {
        Objects.requireNonNull(user, "user");
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new InvalidValueException("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        Optional<Position> after = cursor.map(MyTenantsService::decode);
        List<MyTenant> rows = unitOfWork.asUser(user, () -> directory.tenantsOf(user, after, size + 1));
        if (rows.size() <= size) {
            return new Page<>(rows, Optional.empty());
        }
        List<MyTenant> page = rows.subList(0, size);
        MyTenant last = page.getLast();
        return new Page<>(page, Optional.of(encode(new Position(last.joinedAt(), last.id()))));
    }

    static String encode(Position position) {
        Instant at = position.joinedAt();
        String text = at.getEpochSecond() + "." + at.getNano() + "." + position.tenantId().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.");
            if (parts.length == 3 && cursor.length() <= 200) {
                Instant at = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                return new Position(at, new TenantId(UUID.fromString(parts[2])));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // reported below
        }
        throw new InvalidValueException("cursor", "cursor is not a nextCursor of this list");
    }
}
