package io.saasplatform.adapter.http.planted;

import io.github.resilience4j.planted.StandInCircuitBreaker;
import io.lettuce.core.RedisClient;
import org.postgresql.util.PSQLException;

/** Planted violation (test code, never production): the HTTP adapter doing other adapters' work. */
public class HttpUsingDriverLettuceAndResilience4j {
    PSQLException sqlError;
    RedisClient redis;
    StandInCircuitBreaker breaker;
}
