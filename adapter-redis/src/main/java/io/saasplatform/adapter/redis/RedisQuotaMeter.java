package io.saasplatform.adapter.redis;

import io.lettuce.core.RedisException;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Driven adapter for the {@link QuotaMeter} port: one Lua script per operation, so every check-and-write is atomic on
 * Redis and concurrent reservations can never together pass the limit.
 *
 * <p><b>Keys</b> (see {@link QuotaKeys}), all hash-tagged by tenant and all passed as {@code KEYS} so that Redis
 * Cluster routes a call to the one slot that holds them: the month's hash {@code quota:{t}:2026-11} ({@code used},
 * {@code reserved}, {@code seeded}), the month's live holds {@code quota:{t}:holds:2026-11} (sorted set, member
 * {@code <estimate>:<requestId>}, score = expiry in epoch ms), one hash per request {@code quota:{t}:hold:<id>}
 * ({@code period}, {@code estimate}, {@code state}) and a settled marker {@code quota:{t}:settled:<id>}.
 *
 * <p><b>Holds expire by the application's clock.</b> Every script first drops the holds whose expiry has passed (the
 * clock's "now" is an argument) and takes their estimates off {@code reserved}, so {@code reserved} is always the sum
 * of the live holds and an abandoned call cannot leak quota. The Redis TTL of a request's hash is only garbage
 * collection; it outlives the hold by a grace so that the clock, not Redis, decides when a hold ends.
 *
 * <p><b>Periods.</b> Calendar months in UTC of the injected clock. A hold is charged to the month it was made in; to
 * settle or release it the scripts receive the keys of the current and the previous month, and answer {@code PERIOD}
 * when the hold belongs to another month (a clock set back, or a very long hold TTL), which this class then retries
 * with that month's keys. Month keys expire {@link #PERIOD_RETENTION} after the month ends.
 *
 * <p><b>Seeding.</b> A month's hash exists only once seeded ({@code seeded = 1}). Until then reserve, settle and status
 * answer {@code SEED} and write nothing; in particular a settle neither charges nor marks the request settled, because
 * only the seed knows whether the ledger total it brings already counts that request. The seed script creates the hash
 * only if it is still missing (first seed wins) and, in the same step, writes the settled marker of every request it
 * counted and drops their holds of that month, so a settle arriving later is charged exactly when the seed did not
 * count it.
 *
 * <p><b>Fails closed.</b> Scripts run by SHA ({@code EVALSHA}); on {@code NOSCRIPT} (restart, failover,
 * {@code SCRIPT FLUSH}) the script is sent once in full ({@code EVAL}) to the node that owns its keys. Any Redis failure, including the adapter's command timeout and commands
 * rejected while disconnected, becomes a {@link QuotaUnavailableException}: AI calls must be refused, not unmetered.
 */
final class RedisQuotaMeter implements QuotaMeter {
    /** How long a settled marker keeps a retried settle from charging twice; holds must be shorter. */
    static final Duration SETTLED_TTL = Duration.ofDays(40);
    /** How long a month's counters stay in Redis after the month ends (late settles, support, reconciliation). */
    static final Duration PERIOD_RETENTION = Duration.ofDays(70);
    /** Extra life of a request's hash beyond its hold, so the clock's expiry is always seen before Redis drops it. */
    static final Duration HOLD_GRACE = Duration.ofMinutes(1);
    static final Duration MAX_HOLD_TTL = Duration.ofDays(30);
    /** A clock far past a month's retention must not make PEXPIRE delete the key being written. */
    private static final Duration MIN_PERIOD_TTL = Duration.ofHours(1);
    /** A hold belongs to one month: one retry with the month the script names is enough unless something races it. */
    private static final int MAX_PERIOD_ATTEMPTS = 3;

    /**
     * Shared helpers. Numbers are handed back to Redis as strings: Lua formats large doubles as {@code 1e+15}, which
     * HINCRBY would refuse.
     */
    static final String PRELUDE = """
            local function int(n)
              return string.format('%.0f', n)
            end
            local function estimate_of(member)
              return tonumber(string.match(member, '^(%d+):'))
            end
            local function seeded(period)
              return redis.call('HGET', period, 'seeded') == '1'
            end
            local function counters(period)
              local c = redis.call('HMGET', period, 'used', 'reserved')
              return tonumber(c[1]) or 0, tonumber(c[2]) or 0
            end
            local function keep(period, holds, ttl)
              redis.call('PEXPIRE', period, ttl)
              redis.call('PEXPIRE', holds, ttl)
            end
            local function prune(period, holds, now)
              local expired = redis.call('ZRANGEBYSCORE', holds, '-inf', now)
              if #expired == 0 then
                return
              end
              local freed = 0
              for _, member in ipairs(expired) do
                freed = freed + estimate_of(member)
              end
              redis.call('ZREMRANGEBYSCORE', holds, '-inf', now)
              if redis.call('EXISTS', period) == 1 then
                redis.call('HINCRBY', period, 'reserved', int(-freed))
              end
            end
            """;

    // KEYS: period, holds, hold, settled
    // ARGV: period name, request id, estimate, limit, now, hold expiry, hold key ttl, period ttl
    static final LuaScript RESERVE = LuaScript.of("reserve", PRELUDE + """
            if not seeded(KEYS[1]) then
              return {'SEED'}
            end
            prune(KEYS[1], KEYS[2], ARGV[5])
            local state = redis.call('HGET', KEYS[3], 'state')
            local granted
            if state then
              granted = state ~= 'refused'
            elseif redis.call('EXISTS', KEYS[4]) == 1 then
              granted = true
            else
              local used, reserved = counters(KEYS[1])
              granted = used + reserved + tonumber(ARGV[3]) <= tonumber(ARGV[4])
              if granted then
                redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[3])
                redis.call('ZADD', KEYS[2], ARGV[6], ARGV[3] .. ':' .. ARGV[2])
                keep(KEYS[1], KEYS[2], ARGV[8])
              end
              -- A refusal is remembered too: a retried reserve returns the first decision.
              redis.call('HSET', KEYS[3], 'period', ARGV[1], 'estimate', ARGV[3],
                'state', granted and 'held' or 'refused')
              redis.call('PEXPIRE', KEYS[3], ARGV[7])
            end
            local used, reserved = counters(KEYS[1])
            return {'OK', granted and 1 or 0, used, reserved}
            """);

    // KEYS: current period, its holds, other period, its holds, hold, settled
    // ARGV: current name, other name, request id, actual, now, current ttl, other ttl, settled ttl
    static final LuaScript SETTLE = LuaScript.of("settle", PRELUDE + """
            prune(KEYS[1], KEYS[2], ARGV[5])
            prune(KEYS[3], KEYS[4], ARGV[5])
            local function index(name)
              if name == ARGV[1] then
                return 1
              elseif name == ARGV[2] then
                return 3
              end
              return nil
            end
            local function answer(outcome, name)
              local i = index(name)
              if not seeded(KEYS[i]) then
                return {'SEED', name}
              end
              local used, reserved = counters(KEYS[i])
              return {outcome, name, used, reserved}
            end
            local done = redis.call('GET', KEYS[6])
            if done then
              if not index(done) then
                return {'PERIOD', done}
              end
              return answer('DONE', done)
            end
            local hold = redis.call('HMGET', KEYS[5], 'period', 'estimate', 'state')
            local member = hold[2] and (hold[2] .. ':' .. ARGV[3])
            local charged = ARGV[1]
            local live
            if hold[3] == 'held' then
              live = index(hold[1])
              if not live then
                return {'PERIOD', hold[1]}
              end
              -- Pruned above, so still in the live set means live; absent means expired and the tokens go to the
              -- current month.
              if redis.call('ZSCORE', KEYS[live + 1], member) then
                charged = hold[1]
              else
                live = nil
              end
            end
            local i = index(charged)
            -- Nothing is written while the month to charge has no counter: the caller seeds it from the ledger and
            -- settles again, and the winning seed has marked this request settled exactly when it counted it.
            if not seeded(KEYS[i]) then
              return {'SEED', charged}
            end
            if live then
              redis.call('ZREM', KEYS[live + 1], member)
              redis.call('HINCRBY', KEYS[live], 'reserved', '-' .. hold[2])
            end
            redis.call('DEL', KEYS[5])
            redis.call('SET', KEYS[6], charged, 'PX', ARGV[8])
            redis.call('HINCRBY', KEYS[i], 'used', ARGV[4])
            if i == 1 then
              keep(KEYS[1], KEYS[2], ARGV[6])
            else
              keep(KEYS[3], KEYS[4], ARGV[7])
            end
            return answer('OK', charged)
            """);

    // KEYS: current period, its holds, other period, its holds, hold
    // ARGV: current name, other name, request id, now
    static final LuaScript RELEASE = LuaScript.of("release", PRELUDE + """
            prune(KEYS[1], KEYS[2], ARGV[4])
            prune(KEYS[3], KEYS[4], ARGV[4])
            local hold = redis.call('HMGET', KEYS[5], 'period', 'estimate', 'state')
            if hold[3] ~= 'held' then
              return {'OK', 0}
            end
            local i
            if hold[1] == ARGV[1] then
              i = 1
            elseif hold[1] == ARGV[2] then
              i = 3
            else
              return {'PERIOD', hold[1]}
            end
            local freed = redis.call('ZREM', KEYS[i + 1], hold[2] .. ':' .. ARGV[3])
            if freed == 1 and seeded(KEYS[i]) then
              redis.call('HINCRBY', KEYS[i], 'reserved', '-' .. hold[2])
            end
            -- Kept (not deleted) so that a late retry of the reserve does not hold again.
            redis.call('HSET', KEYS[5], 'state', 'released')
            return {'OK', freed}
            """);

    // KEYS: period, holds
    // ARGV: now
    static final LuaScript STATUS = LuaScript.of("status", PRELUDE + """
            if not seeded(KEYS[1]) then
              return {'SEED'}
            end
            prune(KEYS[1], KEYS[2], ARGV[1])
            local used, reserved = counters(KEYS[1])
            return {'OK', used, reserved}
            """);

    // KEYS: period, holds, then for each counted request: its hold, its settled marker
    // ARGV: used, now, period ttl, period name, settled ttl, then the counted request ids
    static final LuaScript SEED = LuaScript.of("seed", PRELUDE + """
            if seeded(KEYS[1]) then
              return {'OK', 0}
            end
            prune(KEYS[1], KEYS[2], ARGV[2])
            -- The used total counts these requests: their settles, still in flight, must find them settled, and
            -- their holds must stop reserving.
            for n = 1, #ARGV - 5 do
              local id = ARGV[5 + n]
              local hold = redis.call('HMGET', KEYS[1 + 2 * n], 'period', 'estimate', 'state')
              if hold[3] == 'held' and hold[1] == ARGV[4] then
                redis.call('ZREM', KEYS[2], hold[2] .. ':' .. id)
                redis.call('DEL', KEYS[1 + 2 * n])
              end
              redis.call('SET', KEYS[2 + 2 * n], ARGV[4], 'NX', 'PX', ARGV[5])
            end
            -- Holds outlive a FORGET: recount them so that reserved stays the sum of the live holds.
            local reserved = 0
            for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
              reserved = reserved + estimate_of(member)
            end
            redis.call('HSET', KEYS[1], 'used', ARGV[1], 'reserved', int(reserved), 'seeded', '1')
            keep(KEYS[1], KEYS[2], ARGV[3])
            return {'OK', 1}
            """);

    private final Supplier<RedisCalls> connection;
    private final Clock clock;
    private final Duration holdTtl;

    RedisQuotaMeter(Supplier<RedisCalls> connection, Clock clock, Duration holdTtl) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(holdTtl, "holdTtl");
        if (holdTtl.toMillis() < 1 || holdTtl.compareTo(MAX_HOLD_TTL) > 0) {
            throw new IllegalArgumentException("holdTtl must be between 1 ms and " + MAX_HOLD_TTL.toDays() + " days");
        }
        this.holdTtl = holdTtl;
    }

    @Override
    public Reservation reserve(TenantId tenant, String requestId, long estimatedTokens, long limit) {
        return reserve(new QuotaKeys(tenant), requestId, estimatedTokens, limit);
    }

    /** {@link #reserve(TenantId, String, long, long)} of any counter: a tenant's quota or a budget. */
    Reservation reserve(QuotaKeys keys, String requestId, long estimatedTokens, long limit) {
        requireRequestId(requestId);
        requireNotNegative(estimatedTokens, "estimatedTokens");
        requireNotNegative(limit, "limit");
        Instant now = clock.instant();
        YearMonth period = periodOf(now);
        List<Object> reply = run(RESERVE,
                new String[] {keys.period(period), keys.holds(period), keys.hold(requestId), keys.settled(requestId)},
                period.toString(), requestId, Long.toString(estimatedTokens), Long.toString(limit),
                millis(now), millis(now.plus(holdTtl)), Long.toString(holdTtl.plus(HOLD_GRACE).toMillis()),
                Long.toString(periodTtlMillis(period, now)));
        if ("SEED".equals(reply.get(0))) {
            throw new NeedsSeedException(period);
        }
        return new Reservation(number(reply, 1) == 1,
                status(period, limit, number(reply, 2), number(reply, 3)));
    }

    @Override
    public Settlement settle(TenantId tenant, String requestId, long actualTokens, long limit) {
        return settle(new QuotaKeys(tenant), requestId, actualTokens, limit);
    }

    Settlement settle(QuotaKeys keys, String requestId, long actualTokens, long limit) {
        requireRequestId(requestId);
        requireNotNegative(actualTokens, "actualTokens");
        requireNotNegative(limit, "limit");
        Instant now = clock.instant();
        YearMonth current = periodOf(now);
        YearMonth other = current.minusMonths(1);
        for (int attempt = 1; attempt <= MAX_PERIOD_ATTEMPTS; attempt++) {
            List<Object> reply = run(SETTLE,
                    new String[] {keys.period(current), keys.holds(current), keys.period(other), keys.holds(other),
                        keys.hold(requestId), keys.settled(requestId)},
                    current.toString(), other.toString(), requestId, Long.toString(actualTokens), millis(now),
                    Long.toString(periodTtlMillis(current, now)), Long.toString(periodTtlMillis(other, now)),
                    Long.toString(SETTLED_TTL.toMillis()));
            // Every outcome names a month: the hold's (PERIOD), the unseeded one (SEED) or the one charged.
            String outcome = (String) reply.get(0);
            switch (outcome) {
                case "PERIOD" -> other = month(reply);
                case "SEED" -> throw new NeedsSeedException(month(reply));
                case "OK", "DONE" -> {
                    return new Settlement("DONE".equals(outcome),
                            status(month(reply), limit, number(reply, 2), number(reply, 3)));
                }
                default -> throw unexpected(SETTLE, reply);
            }
        }
        throw movingHold(requestId);
    }

    @Override
    public boolean release(TenantId tenant, String requestId) {
        return release(new QuotaKeys(tenant), requestId);
    }

    boolean release(QuotaKeys keys, String requestId) {
        requireRequestId(requestId);
        Instant now = clock.instant();
        YearMonth current = periodOf(now);
        YearMonth other = current.minusMonths(1);
        for (int attempt = 1; attempt <= MAX_PERIOD_ATTEMPTS; attempt++) {
            List<Object> reply = run(RELEASE,
                    new String[] {keys.period(current), keys.holds(current), keys.period(other), keys.holds(other),
                        keys.hold(requestId)},
                    current.toString(), other.toString(), requestId, millis(now));
            if (!"PERIOD".equals(reply.get(0))) {
                return number(reply, 1) == 1;
            }
            other = month(reply);
        }
        throw movingHold(requestId);
    }

    @Override
    public QuotaStatus status(TenantId tenant, long limit) {
        return status(new QuotaKeys(tenant), limit);
    }

    QuotaStatus status(QuotaKeys keys, long limit) {
        requireNotNegative(limit, "limit");
        Instant now = clock.instant();
        YearMonth period = periodOf(now);
        List<Object> reply = run(STATUS, new String[] {keys.period(period), keys.holds(period)}, millis(now));
        if ("SEED".equals(reply.get(0))) {
            throw new NeedsSeedException(period);
        }
        return status(period, limit, number(reply, 1), number(reply, 2));
    }

    @Override
    public boolean seed(TenantId tenant, YearMonth period, long usedTokens, Collection<String> countedRequestIds) {
        return seed(new QuotaKeys(tenant), period, usedTokens, countedRequestIds);
    }

    boolean seed(QuotaKeys keys, YearMonth period, long usedTokens, Collection<String> countedRequestIds) {
        Objects.requireNonNull(period, "period");
        requireNotNegative(usedTokens, "usedTokens");
        List<String> counted = List.copyOf(new LinkedHashSet<>(countedRequestIds));
        counted.forEach(RedisQuotaMeter::requireRequestId);
        Instant now = clock.instant();
        // Every key, the counted requests' too, goes in KEYS: they share the tenant's slot, so Cluster runs it on one node.
        List<String> names = new ArrayList<>(2 + 2 * counted.size());
        names.add(keys.period(period));
        names.add(keys.holds(period));
        List<String> args = new ArrayList<>(5 + counted.size());
        args.addAll(List.of(Long.toString(usedTokens), millis(now), Long.toString(periodTtlMillis(period, now)),
                period.toString(), Long.toString(SETTLED_TTL.toMillis())));
        for (String requestId : counted) {
            names.add(keys.hold(requestId));
            names.add(keys.settled(requestId));
            args.add(requestId);
        }
        List<Object> reply = run(SEED, names.toArray(String[]::new), args.toArray(String[]::new));
        return number(reply, 1) == 1;
    }

    @Override
    public void forget(TenantId tenant, YearMonth period) {
        QuotaKeys keys = new QuotaKeys(tenant);
        Objects.requireNonNull(period, "period");
        // Only the counters: live holds stay in their set and are counted again by the next seed.
        guarded(() -> connection.get().keys().del(keys.period(period)));
    }

    @Override
    public Duration holdTtl() {
        return holdTtl;
    }

    /** The month of {@code instant} in UTC, the unit every counter is kept in. */
    static YearMonth periodOf(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    /** The first instant of the month after {@code period}, in UTC. */
    static Instant resetsAt(YearMonth period) {
        return period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static QuotaStatus status(YearMonth period, long limit, long used, long reserved) {
        return new QuotaStatus(period, limit, used, reserved, resetsAt(period));
    }

    static long periodTtlMillis(YearMonth period, Instant now) {
        Duration ttl = Duration.between(now, resetsAt(period).plus(PERIOD_RETENTION));
        return Math.max(ttl.toMillis(), MIN_PERIOD_TTL.toMillis());
    }

    private List<Object> run(LuaScript script, String[] keys, String... args) {
        return guarded(() -> connection.get().run(script, keys, args));
    }

    static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw new QuotaUnavailableException("quota store unavailable: " + e.getMessage(), e);
        }
    }

    private static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    private static YearMonth month(List<Object> reply) {
        return YearMonth.parse((String) reply.get(1));
    }

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static IllegalStateException unexpected(LuaScript script, List<Object> reply) {
        return new IllegalStateException("unexpected reply of the " + script.name() + " script: " + reply);
    }

    private static QuotaUnavailableException movingHold(String requestId) {
        return new QuotaUnavailableException(
                "the hold of request " + requestId + " kept changing period; try again", null);
    }

    private static void requireRequestId(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
