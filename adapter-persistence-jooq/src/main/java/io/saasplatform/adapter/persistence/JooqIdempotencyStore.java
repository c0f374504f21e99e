package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.Timestamps.column;
import static io.saasplatform.adapter.persistence.schema.Tables.IDEMPOTENCY_KEYS;
import static io.saasplatform.adapter.persistence.schema.Tables.USER_IDEMPOTENCY_KEYS;

import io.saasplatform.domain.RecordedResponse;
import io.saasplatform.application.port.out.IdempotencyStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Idempotency keys in {@code idempotency_keys} (a tenant's, under row-level security) or {@code user_idempotency_keys}
 * (a user's, where no tenant applies), V13. Both tables have the same columns but the owner's.
 *
 * <p>Purging is on write: every claim first deletes the scope's expired keys (served by the
 * {@code (owner, expires_at)} index), so a scope's table holds at most a day of its keys and nothing has to sweep
 * across tenants, which row-level security would not allow the serving role anyway.
 */
final class JooqIdempotencyStore implements IdempotencyStore {
    private static final String RUNNING = "running";
    private static final String DONE = "done";

    private final JooqUnitOfWork unitOfWork;

    JooqIdempotencyStore(JooqUnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    /** The columns of one of the two tables. */
    private record Columns(
            Table<?> table,
            Field<UUID> owner,
            Field<String> key,
            Field<byte[]> fingerprint,
            Field<String> state,
            Field<OffsetDateTime> lockedUntil,
            Field<Integer> status,
            Field<String[]> headers,
            Field<byte[]> body,
            Field<OffsetDateTime> createdAt,
            Field<OffsetDateTime> expiresAt) {}

    private static final Columns TENANT_KEYS = new Columns(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.TENANT_ID,
            IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, IDEMPOTENCY_KEYS.FINGERPRINT, IDEMPOTENCY_KEYS.STATE,
            IDEMPOTENCY_KEYS.LOCKED_UNTIL, IDEMPOTENCY_KEYS.RESPONSE_STATUS, IDEMPOTENCY_KEYS.RESPONSE_HEADERS,
            IDEMPOTENCY_KEYS.RESPONSE_BODY, IDEMPOTENCY_KEYS.CREATED_AT, IDEMPOTENCY_KEYS.EXPIRES_AT);

    private static final Columns USER_KEYS = new Columns(USER_IDEMPOTENCY_KEYS, USER_IDEMPOTENCY_KEYS.USER_ID,
            USER_IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, USER_IDEMPOTENCY_KEYS.FINGERPRINT, USER_IDEMPOTENCY_KEYS.STATE,
            USER_IDEMPOTENCY_KEYS.LOCKED_UNTIL, USER_IDEMPOTENCY_KEYS.RESPONSE_STATUS,
            USER_IDEMPOTENCY_KEYS.RESPONSE_HEADERS, USER_IDEMPOTENCY_KEYS.RESPONSE_BODY,
            USER_IDEMPOTENCY_KEYS.CREATED_AT, USER_IDEMPOTENCY_KEYS.EXPIRES_AT);

    @Override
    public Claim claim(Scope scope, String key, byte[] fingerprint, Instant now, Instant lockedUntil,
            Instant expiresAt) {
        DSLContext dsl = unitOfWork.transaction().dsl();
        Columns c = columns(scope);
        UUID owner = owner(scope);
        dsl.deleteFrom(c.table()).where(c.owner().eq(owner)).and(c.expiresAt().le(column(now))).execute();
        // Two rounds at most: a key released between our insert and our read is free again.
        for (int round = 0; round < 2; round++) {
            int inserted = dsl.insertInto(c.table())
                    .set(c.owner(), owner)
                    .set(c.key(), key)
                    .set(c.fingerprint(), fingerprint)
                    .set(c.state(), RUNNING)
                    .set(c.lockedUntil(), column(lockedUntil))
                    .set(c.createdAt(), column(now))
                    .set(c.expiresAt(), column(expiresAt))
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 1) {
                return new Claim.Acquired();
            }
            Optional<? extends Record> row = dsl.select(c.fingerprint(), c.state(), c.lockedUntil(), c.status(), c.headers(),
                            c.body())
                    .from(c.table())
                    .where(keyOf(c, owner, key))
                    .forUpdate()
                    .fetchOptional();
            if (row.isEmpty()) {
                continue;
            }
            Record found = row.get();
            if (!Arrays.equals(found.get(c.fingerprint()), fingerprint)) {
                return new Claim.Mismatch();
            }
            if (DONE.equals(found.get(c.state()))) {
                return new Claim.Done(new RecordedResponse(found.get(c.status()), headers(found.get(c.headers())),
                        found.get(c.body())));
            }
            Instant held = Timestamps.instant(found.get(c.lockedUntil()));
            if (held.isAfter(now)) {
                return new Claim.Running(held);
            }
            // The lease lapsed while the key still runs: its node died mid-request. Take the key over.
            dsl.update(c.table()).set(c.lockedUntil(), column(lockedUntil)).where(keyOf(c, owner, key)).execute();
            return new Claim.Acquired();
        }
        return new Claim.Running(lockedUntil);
    }

    @Override
    public void complete(Scope scope, String key, RecordedResponse response) {
        Columns c = columns(scope);
        List<String> pairs = new ArrayList<>();
        response.headers().forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        unitOfWork.transaction().dsl()
                .update(c.table())
                .set(c.state(), DONE)
                .set(c.status(), response.status())
                .set(c.headers(), pairs.toArray(String[]::new))
                .set(c.body(), response.body())
                .where(keyOf(c, owner(scope), key))
                .execute();
    }

    @Override
    public void release(Scope scope, String key) {
        Columns c = columns(scope);
        unitOfWork.transaction().dsl()
                .deleteFrom(c.table())
                .where(keyOf(c, owner(scope), key))
                .and(c.state().eq(RUNNING))
                .execute();
    }

    private static Columns columns(Scope scope) {
        return scope.tenant().isPresent() ? TENANT_KEYS : USER_KEYS;
    }

    private static UUID owner(Scope scope) {
        return scope.tenant().map(tenant -> tenant.value()).orElseGet(() -> scope.user().value());
    }

    private static Condition keyOf(Columns c, UUID owner, String key) {
        return c.owner().eq(owner).and(c.key().eq(key));
    }

    private static Map<String, String> headers(String[] pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; pairs != null && i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }
}
