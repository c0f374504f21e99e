package io.saasplatform.adapter.redis.planted;

import io.saasplatform.adapter.http.planted.PlantedHttpHandler;

/** Planted violation (test code, never production): one adapter depending on another. */
public class RedisAdapterCallingHttp {
    PlantedHttpHandler handler;
}
