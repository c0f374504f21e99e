package io.saasplatform.adapter.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.saasplatform.application.port.out.QuotaMeter;
import io.saasplatform.domain.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Manual benchmark (a main class, not a test: surefire does not pick it up): the cost of one AI call's quota work,
 * reserve + settle, through {@link RedisQuotaMeter} against raw {@code EVALSHA} on the same Lettuce connection.
 *
 * <ul>
 *   <li><b>meter</b>: {@code reserve} then {@code settle} through the adapter (2 round trips, argument checks, key
 *       building, reply mapping, exception translation);
 *   <li><b>raw 2x EVALSHA</b>: the adapter's own two scripts called directly with the same keys and arguments
 *       (2 round trips, no adapter code) — isolates the adapter's Java overhead;
 *   <li><b>raw 1x EVALSHA</b>: one script doing the same hold-then-settle writes in a single round trip — the floor.
 * </ul>
 *
 * <p>One caller thread with the sync API, so each pair's latency is end to end and ops/s is its inverse. Redis runs
 * embedded on the same machine; figures in reports were taken on a 2-core machine where Redis, Lettuce's I/O thread
 * and the caller share both cores.
 *
 * <pre>
 * ./mvnw -q -pl adapter-redis -Pquota-benchmark test-compile exec:java [-Dexec.args="pairsPerRound rounds warmupPairs"]
 * </pre>
 */
public final class QuotaMeterBenchmark {
    private static final long LIMIT = 1_000_000_000_000L;
    private static final long ESTIMATE = 100;
    private static final long ACTUAL = 80;
    private static final Duration HOLD_TTL = Duration.ofMinutes(10);
    private static final int CHUNK = 500;

    // KEYS: period, holds, hold, settled
    // ARGV: period name, request id, estimate, limit, now, hold expiry, hold key ttl, period ttl, actual, settled ttl
    static final LuaScript RESERVE_THEN_SETTLE = LuaScript.of("reserve-then-settle", RedisQuotaMeter.PRELUDE + """
            if not seeded(KEYS[1]) then
              return {'SEED'}
            end
            prune(KEYS[1], KEYS[2], ARGV[5])
            local granted = false
            if not redis.call('HGET', KEYS[3], 'state') and redis.call('EXISTS', KEYS[4]) == 0 then
              local used, reserved = counters(KEYS[1])
              granted = used + reserved + tonumber(ARGV[3]) <= tonumber(ARGV[4])
              if granted then
                redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[3])
                redis.call('ZADD', KEYS[2], ARGV[6], ARGV[3] .. ':' .. ARGV[2])
                keep(KEYS[1], KEYS[2], ARGV[8])
              end
              redis.call('HSET', KEYS[3], 'period', ARGV[1], 'estimate', ARGV[3],
                'state', granted and 'held' or 'refused')
              redis.call('PEXPIRE', KEYS[3], ARGV[7])
            end
            if redis.call('GET', KEYS[4]) then
              return {'DONE'}
            end
            local hold = redis.call('HMGET', KEYS[3], 'period', 'estimate', 'state')
            if hold[3] == 'held' and redis.call('ZREM', KEYS[2], hold[2] .. ':' .. ARGV[2]) == 1 then
              redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. hold[2])
            end
            redis.call('DEL', KEYS[3])
            redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[10])
            redis.call('HINCRBY', KEYS[1], 'used', ARGV[9])
            keep(KEYS[1], KEYS[2], ARGV[8])
            local used, reserved = counters(KEYS[1])
            return {'OK', granted and 1 or 0, used, reserved}
            """);

    private QuotaMeterBenchmark() {}

    /** One way of doing a reserve + settle pair for request {@code id}. */
    private interface Pair {
        void run(String id);
    }

    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        System.out.printf(Locale.ROOT, "QuotaMeterBenchmark: %d reserve+settle pairs x %d rounds (warm-up %d) per"
                + " variant, 1 caller thread, sync API, embedded Redis 6.2 on this host; %d CPU cores visible to the"
                + " JVM, Java %s%n", pairs, rounds, warmup, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.println("(reported figures were taken on a 2-core machine: Redis, Lettuce's I/O thread and the"
                + " caller share the cores, so absolute numbers are a floor, the ratios are the point)");

        try (EmbeddedRedis redis = new EmbeddedRedis();
                RedisAdapter adapter = new RedisAdapter(redis.url(), RedisAdapter.Settings.defaults())) {
            Clock clock = Clock.systemUTC();
            QuotaMeter meter = adapter.quotaMeter(clock, HOLD_TTL);
            RedisCommands<String, String> commands = adapter.connection().sync();

            TenantId meterTenant = TenantId.random();
            TenantId twoScriptsTenant = TenantId.random();
            TenantId oneScriptTenant = TenantId.random();
            YearMonth period = RedisQuotaMeter.periodOf(clock.instant());
            for (TenantId tenant : List.of(meterTenant, twoScriptsTenant, oneScriptTenant)) {
                meter.seed(tenant, period, 0, List.of());
            }
            commands.scriptLoad(RESERVE_THEN_SETTLE.text());

            Map<String, Pair> variants = new LinkedHashMap<>();
            variants.put("meter (reserve+settle)", id -> {
                if (!meter.reserve(meterTenant, id, ESTIMATE, LIMIT).granted()) {
                    throw new IllegalStateException("refused");
                }
                meter.settle(meterTenant, id, ACTUAL, LIMIT);
            });
            variants.put("raw 2x EVALSHA", id -> rawTwoScripts(commands, clock, twoScriptsTenant, id));
            variants.put("raw 1x EVALSHA", id -> rawOneScript(commands, clock, oneScriptTenant, id));

            Map<String, Histogram> histograms = new LinkedHashMap<>();
            Map<String, Long> nanos = new LinkedHashMap<>();
            for (Map.Entry<String, Pair> variant : variants.entrySet()) {
                histograms.put(variant.getKey(), new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
                nanos.put(variant.getKey(), 0L);
                measure(variant.getValue(), "warm", warmup, null);
            }

            for (int round = 1; round <= rounds; round++) {
                Map<String, Histogram> roundHistograms = new LinkedHashMap<>();
                Map<String, Long> roundNanos = new LinkedHashMap<>();
                List<String> order = new ArrayList<>(variants.keySet());
                // Variants take turns in small chunks, in a rotating order, so background load and drift (GC,
                // Redis memory growth, other processes on a shared box) hit all of them alike.
                for (int done = 0, chunk = 0; done < pairs; done += CHUNK, chunk++) {
                    int count = Math.min(CHUNK, pairs - done);
                    Collections.rotate(order, 1);
                    for (String name : order) {
                        Histogram h = roundHistograms.computeIfAbsent(name,
                                n -> new Histogram(TimeUnit.SECONDS.toNanos(10), 3));
                        long took = measure(variants.get(name), "r" + round + "-" + done, count, h);
                        roundNanos.merge(name, took, Long::sum);
                    }
                }
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (String name : variants.keySet()) {
                    Histogram h = roundHistograms.get(name);
                    histograms.get(name).add(h);
                    nanos.merge(name, roundNanos.get(name), Long::sum);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f pairs/s p50 %.0f p99 %.0f us;", name,
                            pairs / (roundNanos.get(name) / 1e9), h.getValueAtPercentile(50) / 1e3,
                            h.getValueAtPercentile(99) / 1e3));
                }
                System.out.println(line);
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "%-24s %12s %12s %10s %10s %10s%n",
                    "variant", "pairs/s", "Redis ops/s", "p50 us", "p99 us", "p99.9 us");
            Map<String, Double> throughput = new LinkedHashMap<>();
            for (String name : variants.keySet()) {
                Histogram h = histograms.get(name);
                double perSecond = (double) pairs * rounds / (nanos.get(name) / 1e9);
                throughput.put(name, perSecond);
                int roundTrips = name.startsWith("raw 1x") ? 1 : 2;
                System.out.printf(Locale.ROOT, "%-24s %,12.0f %,12.0f %10.1f %10.1f %10.1f%n", name, perSecond,
                        perSecond * roundTrips, h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                        h.getValueAtPercentile(99.9) / 1e3);
            }
            List<String> names = new ArrayList<>(variants.keySet());
            double meterRate = throughput.get(names.get(0));
            Histogram meterHistogram = histograms.get(names.get(0));
            for (String baseline : names.subList(1, names.size())) {
                Histogram h = histograms.get(baseline);
                System.out.printf(Locale.ROOT,
                        "meter vs %-15s throughput %.2fx, p50 latency %.2fx, p99 latency %.2fx%n", baseline,
                        meterRate / throughput.get(baseline),
                        (double) meterHistogram.getValueAtPercentile(50) / h.getValueAtPercentile(50),
                        (double) meterHistogram.getValueAtPercentile(99) / h.getValueAtPercentile(99));
            }

            // Sanity: every variant charged exactly what it settled and holds nothing.
            long expectedUsed = ACTUAL * ((long) pairs * rounds + warmup);
            for (TenantId tenant : List.of(meterTenant, twoScriptsTenant, oneScriptTenant)) {
                QuotaMeter.QuotaStatus status = meter.status(tenant, LIMIT);
                if (status.used() != expectedUsed || status.reserved() != 0) {
                    throw new IllegalStateException("counters off for " + tenant + ": " + status);
                }
            }
            System.out.println("check: every variant charged " + expectedUsed + " tokens and holds none");
        }
    }

    private static long measure(Pair pair, String prefix, int count, Histogram histogram) {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long before = System.nanoTime();
            pair.run(prefix + "-" + i);
            if (histogram != null) {
                histogram.recordValue(System.nanoTime() - before);
            }
        }
        return System.nanoTime() - started;
    }

    private static void rawTwoScripts(RedisCommands<String, String> commands, Clock clock, TenantId tenant, String id) {
        QuotaKeys keys = new QuotaKeys(tenant);
        Instant now = clock.instant();
        YearMonth period = RedisQuotaMeter.periodOf(now);
        YearMonth previous = period.minusMonths(1);
        String periodTtl = Long.toString(RedisQuotaMeter.periodTtlMillis(period, now));
        List<Object> reserved = commands.evalsha(RedisQuotaMeter.RESERVE.sha(), ScriptOutputType.MULTI,
                new String[] {keys.period(period), keys.holds(period), keys.hold(id), keys.settled(id)},
                period.toString(), id, Long.toString(ESTIMATE), Long.toString(LIMIT), Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(HOLD_TTL).toEpochMilli()),
                Long.toString(HOLD_TTL.plus(RedisQuotaMeter.HOLD_GRACE).toMillis()), periodTtl);
        if (!Long.valueOf(1).equals(reserved.get(1))) {
            throw new IllegalStateException("refused: " + reserved);
        }
        commands.evalsha(RedisQuotaMeter.SETTLE.sha(), ScriptOutputType.MULTI,
                new String[] {keys.period(period), keys.holds(period), keys.period(previous), keys.holds(previous),
                    keys.hold(id), keys.settled(id)},
                period.toString(), previous.toString(), id, Long.toString(ACTUAL), Long.toString(now.toEpochMilli()),
                periodTtl, Long.toString(RedisQuotaMeter.periodTtlMillis(previous, now)),
                Long.toString(RedisQuotaMeter.SETTLED_TTL.toMillis()));
    }

    private static void rawOneScript(RedisCommands<String, String> commands, Clock clock, TenantId tenant, String id) {
        QuotaKeys keys = new QuotaKeys(tenant);
        Instant now = clock.instant();
        YearMonth period = RedisQuotaMeter.periodOf(now);
        List<Object> reply = commands.evalsha(RESERVE_THEN_SETTLE.sha(), ScriptOutputType.MULTI,
                new String[] {keys.period(period), keys.holds(period), keys.hold(id), keys.settled(id)},
                period.toString(), id, Long.toString(ESTIMATE), Long.toString(LIMIT), Long.toString(now.toEpochMilli()),
                Long.toString(now.plus(HOLD_TTL).toEpochMilli()),
                Long.toString(HOLD_TTL.plus(RedisQuotaMeter.HOLD_GRACE).toMillis()),
                Long.toString(RedisQuotaMeter.periodTtlMillis(period, now)), Long.toString(ACTUAL),
                Long.toString(RedisQuotaMeter.SETTLED_TTL.toMillis()));
        if (!Long.valueOf(1).equals(reply.get(1))) {
            throw new IllegalStateException("refused: " + reply);
        }
    }
}
