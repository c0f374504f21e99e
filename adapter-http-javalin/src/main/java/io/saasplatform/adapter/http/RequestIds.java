package io.saasplatform.adapter.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Correlates a request across client, access log and error log. */
final class RequestIds {
    static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "saasplatform.requestId";
    // Anything wider would let a client inject separators or control characters into our logs.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private RequestIds() {}

    /** The request's id, chosen once: the client's if sane, else a fresh UUID; also set as a response header. */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = acceptOrGenerate(ctx.header(HEADER));
            ctx.attribute(ATTRIBUTE, id);
            ctx.header(HEADER, id);
        }
        return id;
    }

    static String acceptOrGenerate(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches() ? candidate : generate();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: an id that correlates, not a secret, so it needs no
     * cryptographic source. {@link UUID#randomUUID()} draws from the process's one {@code SecureRandom} under its lock
     * on every request.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xc000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }
}
