package redis.clients.jedis.planted;

/** Test stand-in for a Jedis type (excluded from bootstrap's classpath); rules match by package. */
public class StandInJedis {}
