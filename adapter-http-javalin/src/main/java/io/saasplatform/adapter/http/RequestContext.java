package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The request's logging context: {@code requestId}, {@code traceId} and, once the caller is authenticated,
 * {@code userId} and {@code tenantId}, in the SLF4J MDC of the thread that handles the request, so that every log line
 * of that request carries them, from the use case and the adapters it calls as well as from this adapter.
 *
 * <p>Each request runs on a virtual thread of its own, and the use case and the driven adapters run on that thread
 * (a unit of work's {@code ScopedValue} binding included), so the MDC reaches them. Work handed to another thread
 * must take a copy along ({@link MDC#getCopyOfContextMap()}).
 *
 * <p>W3C Trace Context: a valid {@code traceparent} request header is continued (its trace id logged and answered
 * with a span id of ours); otherwise a new trace starts. Either way the response carries {@code traceparent}.
 */
final class RequestContext {
    static final String TRACEPARENT = "traceparent";
    static final String REQUEST_ID = "requestId";
    static final String TRACE_ID = "traceId";
    static final String USER_ID = "userId";
    static final String TENANT_ID = "tenantId";

    // version 00: exactly four fields; a future version may append fields after the flags (W3C Trace Context §4.3).
    private static final Pattern HEADER = Pattern.compile(
            "([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final HexFormat HEX = HexFormat.of();

    private RequestContext() {}

    /** Opens the request's context: a fresh MDC with its request id and trace id; answers its traceparent. */
    static void begin(Context ctx) {
        MDC.clear();
        MDC.put(REQUEST_ID, RequestIds.of(ctx));
        Trace trace = Trace.continueOrStart(ctx.req().getHeader(TRACEPARENT));
        MDC.put(TRACE_ID, trace.traceId());
        ctx.header(TRACEPARENT, trace.header());
    }

    /** Adds the verified caller. */
    static void authenticated(UserId user, Optional<TenantId> tenant) {
        MDC.put(USER_ID, user.value().toString());
        tenant.ifPresentOrElse(t -> MDC.put(TENANT_ID, t.value().toString()), () -> MDC.remove(TENANT_ID));
    }

    /** Closes the request's context once its last line (the access log) is written. */
    static void end() {
        MDC.clear();
    }

    /** Our span of a W3C trace. */
    record Trace(String traceId, String spanId, String flags) {
        static Trace continueOrStart(String traceparent) {
            if (traceparent != null) {
                Matcher m = HEADER.matcher(traceparent.strip());
                if (m.matches() && valid(m)) {
                    return new Trace(m.group(2), newSpanId(), m.group(4));
                }
            }
            return new Trace(randomHex(16, ZERO_TRACE), newSpanId(), "00");
        }

        private static boolean valid(Matcher m) {
            String version = m.group(1);
            return !version.equals("ff")
                    && (!version.equals("00") || m.group(5) == null)
                    && !m.group(2).equals(ZERO_TRACE)
                    && !m.group(3).equals(ZERO_SPAN);
        }

        String header() {
            return "00-" + traceId + "-" + spanId + "-" + flags;
        }

        private static String newSpanId() {
            return randomHex(8, ZERO_SPAN);
        }

        /**
         * Random ids, as W3C Trace Context asks (§3.2.2.3, §3.2.2.4), from {@link ThreadLocalRandom}: they identify a
         * trace, they guard nothing, and OpenTelemetry's own id generator draws them the same way.
         */
        private static String randomHex(int bytes, String zero) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String hex;
            do {
                byte[] drawn = new byte[bytes];
                random.nextBytes(drawn);
                hex = HEX.formatHex(drawn);
            } while (hex.equals(zero));
            return hex;
        }
    }
}
