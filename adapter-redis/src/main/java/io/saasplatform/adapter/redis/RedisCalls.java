package io.saasplatform.adapter.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisKeyCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.util.List;

/**
 * What the adapter's ports send to Redis, the same over one node and over a Redis Cluster (where Lettuce routes each
 * script by the slot of its keys).
 */
interface RedisCalls {
    RedisScriptingCommands<String, String> scripting();

    RedisKeyCommands<String, String> keys();

    RedisFuture<String> ping();

    /**
     * Runs {@code script} by SHA and, on {@code NOSCRIPT} (a restart, a failover to a replica that never saw it,
     * {@code SCRIPT FLUSH}), once in full with {@code EVAL}, which also caches it again on the node that owns the
     * keys' slot. NOSCRIPT means it did not run, so the second attempt cannot apply it twice.
     */
    default List<Object> run(LuaScript script, String[] keys, String... args) {
        RedisScriptingCommands<String, String> commands = scripting();
        try {
            return commands.evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
        } catch (RedisNoScriptException e) {
            return commands.eval(script.text(), ScriptOutputType.MULTI, keys, args);
        }
    }
}
