package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import io.saasplatform.application.port.in.RateLimitObserver;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers, structured-field form) of one request:
 * {@code RateLimit-Policy: "sign-in-address";q=10;w=60} names each limit the request was counted against, and
 * {@code RateLimit: "sign-in-address";r=9;t=42} says how many attempts remain and in how many seconds the window
 * resets. A use case reports each limit as it counts it, so the headers are written before it returns or throws and
 * reach the client on every answer of the route: the 2xx, the 4xx of a refused credential and the 429 alike. Limits
 * counted by one request (sign-in counts two) appear as members of one list, in the order counted; a limit counted
 * again (a retried transaction) replaces its earlier member.
 */
final class RateLimitHeaders implements RateLimitObserver {
    static final String POLICY = "RateLimit-Policy";
    static final String STATUS = "RateLimit";

    private final Context ctx;
    private final Map<String, Status> counted = new LinkedHashMap<>();

    private RateLimitHeaders(Context ctx) {
        this.ctx = ctx;
    }

    /** An observer that writes the headers of {@code ctx} as limits are counted. */
    static RateLimitHeaders of(Context ctx) {
        return new RateLimitHeaders(ctx);
    }

    @Override
    public synchronized void counted(Status status) {
        counted.put(status.policy(), status);
        ctx.header(POLICY, counted.values().stream().map(RateLimitHeaders::policy).collect(Collectors.joining(", ")));
        ctx.header(STATUS, counted.values().stream().map(RateLimitHeaders::status).collect(Collectors.joining(", ")));
    }

    static String policy(Status status) {
        return "\"" + status.policy() + "\";q=" + status.limit() + ";w=" + ceilSeconds(status.window());
    }

    static String status(Status status) {
        return "\"" + status.policy() + "\";r=" + Math.max(0, status.remaining()) + ";t="
                + ceilSeconds(status.resetAfter());
    }

    /** Whole seconds, rounded up: a client waiting t seconds must find the window reset. */
    private static long ceilSeconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return (millis + 999) / 1000;
    }
}
