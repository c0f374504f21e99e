package io.saasplatform.adapter.redis.planted;

import redis.clients.jedis.planted.StandInJedis;
import redis.embedded.RedisServer;

/** Planted violation (test code, never production): a second Redis client and a test server in an adapter. */
public class RedisUsingJedisAndEmbeddedRedis {
    StandInJedis jedis;
    RedisServer server;
}
