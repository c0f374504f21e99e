package io.saasplatform.adapter.http;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
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
