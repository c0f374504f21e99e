package io.saasplatform.adapter.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.saasplatform.application.port.out.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driven adapter for the {@link RateLimiter} port: a fixed window per key, counted atomically by one Lua script so
 * that every node shares it.
 *
 * <p>The script increments {@code rl:{key}}, sets the window's expiry on the first hit only and returns the count with
 * the remaining time to live, from which the {@link Decision} tells the remaining attempts (never below zero, although
 * refused attempts are counted) and when the window resets. It is sent by SHA ({@code EVALSHA}); after a restart or {@code SCRIPT FLUSH} Redis
 * answers {@code NOSCRIPT} and the script is sent once in full ({@code EVAL}, which also caches it again). The user key
 * sits inside a hash tag so that a Redis Cluster keeps all of a key's data in one slot. Refused attempts are counted
 * too but never extend the window.
 *
 * <p><b>Fails open.</b> When Redis cannot answer (down, disconnected, slower than the command timeout) the attempt is
 * allowed (reported as the full quota, since nothing could be counted) and a warning is logged. This limiter guards sign-in, where failing closed would turn a Redis outage into
 * nobody being able to log in; the password check still runs, so an outage only lifts the brute-force brake for its
 * duration. Limits that protect money, such as AI token quotas, must fail closed instead and will get their own
 * adapter rather than a flag here.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);

    static final String KEY_PREFIX = "rl:";

    // The self-heal branch (PTTL < 0) repairs a counter that lost its expiry, which would otherwise refuse forever.
    static final String SCRIPT = """
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {count, ttl}
            """;
    static final String SCRIPT_SHA = sha1(SCRIPT);

    /** During an outage every sign-in would log; one warning per this interval is enough to page someone. */
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final Supplier<RedisCalls> connection;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    RedisRateLimiter(Supplier<RedisCalls> connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    @Override
    public Decision tryAcquire(String key, int limit, Duration window) {
        Objects.requireNonNull(key, "key");
        if (key.isBlank()) {
            throw new IllegalArgumentException("key must not be blank");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms");
        }
        List<Object> reply;
        try {
            reply = count(redisKey(key), window.toMillis());
        } catch (RedisException e) {
            warnFailingOpen(e);
            return Decision.uncounted(limit, window);
        }
        long count = (Long) reply.get(0);
        long ttlMillis = (Long) reply.get(1);
        // PTTL may round down to 0 in the window's last millisecond; "retry after 0" would invite a busy loop.
        return Decision.counted(count, limit, Duration.ofMillis(Math.clamp(ttlMillis, 1, window.toMillis())));
    }

    static String redisKey(String key) {
        // Braces inside the user key only move the hash tag (so the slot), never merge two keys' counters.
        return KEY_PREFIX + "{" + key + "}";
    }

    private List<Object> count(String redisKey, long windowMillis) {
        RedisScriptingCommands<String, String> commands = connection.get().scripting();
        String[] keys = {redisKey};
        String arg = Long.toString(windowMillis);
        try {
            return commands.evalsha(SCRIPT_SHA, ScriptOutputType.MULTI, keys, arg);
        } catch (RedisNoScriptException e) {
            return commands.eval(SCRIPT, ScriptOutputType.MULTI, keys, arg);
        }
    }

    private void warnFailingOpen(RedisException e) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("Rate limiter cannot reach Redis; allowing attempts until it answers again (fail open): {}",
                    e.getMessage());
        } else {
            LOG.debug("Rate limiter failing open: {}", e.getMessage());
        }
    }

    private static String sha1(String script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
