package io.saasplatform.adapter.redis.planted;

import java.net.http.HttpClient;

/** Planted violation (test code, never production): an adapter other than ai opening its own HTTP client. */
public class RedisCallingOutOverHttp {
    HttpClient client = HttpClient.newHttpClient();
}
