package io.saasplatform.adapter.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Cuts a request whose body is still arriving {@code limit} after the request was dispatched. The idle timeout alone
 * never fires for a client that trickles a byte now and then (slowloris), and a request thread blocks in the body read
 * for as long as the client keeps it up; with this guard the read fails at the first byte past the limit, the handler
 * answers 408 (see {@link ProblemMapper}) and the connection closes. Headers need no guard: no request thread exists
 * until they are complete.
 */
final class SlowBodyGuard extends Handler.Wrapper {
    /** The read failure a request sees once its body is late; {@link ProblemMapper} answers it with 408. */
    static final class SlowBodyException extends TimeoutException {
        SlowBodyException(Duration limit) {
            super("the request body was not complete within " + limit.toSeconds() + " s");
        }
    }

    private final Duration limit;

    SlowBodyGuard(Duration limit) {
        this.limit = limit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!mayHaveBody(request)) {
            // Nothing to read, nothing to guard: unwrapped, every header and URI lookup of the request goes direct.
            return super.handle(request, response, callback);
        }
        long deadline = NanoTime.now() + limit.toNanos();
        return super.handle(new Request.Wrapper(request) {
            @Override
            public Content.Chunk read() {
                Content.Chunk chunk = super.read();
                if (chunk == null || chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                    return chunk;
                }
                if (NanoTime.since(deadline) > 0) {
                    chunk.release();
                    return Content.Chunk.from(new SlowBodyException(limit), true);
                }
                return chunk;
            }
        }, response, callback);
    }

    /**
     * Whether a body may follow the headers: HTTP/1.x frames one only by Content-Length or Transfer-Encoding
     * (RFC 9112 section 6.3), so a request with neither (every GET) has none. Other versions are always guarded.
     */
    static boolean mayHaveBody(Request request) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            return true;
        }
        HttpFields headers = request.getHeaders();
        // getLongField: -1 when absent; a malformed length never gets this far (the parser answers 400).
        return headers.contains(HttpHeader.TRANSFER_ENCODING) || headers.getLongField(HttpHeader.CONTENT_LENGTH) > 0;
    }

    /** Whether {@code failure} or one of its causes is a late body. */
    static boolean causedBySlowBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SlowBodyException) {
                return true;
            }
        }
        return false;
    }
}
