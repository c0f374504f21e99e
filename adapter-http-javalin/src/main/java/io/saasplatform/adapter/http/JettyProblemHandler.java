package io.saasplatform.adapter.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the errors Jetty raises before Javalin sees the request (unparsable URI, oversized headers, …) with the
 * same problem+json as the rest of the API instead of Jetty's HTML page.
 */
final class JettyProblemHandler extends ErrorHandler {
    private static final Logger ACCESS = LoggerFactory.getLogger(HttpApi.ACCESS_LOGGER);
    static final String SHUTTING_DOWN_DETAIL = "The server is shutting down and takes no new requests; retry them.";

    private final ProblemResponses responses;

    JettyProblemHandler(ProblemResponses responses) {
        this.responses = responses;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        // Jetty skips the body for methods other than GET/POST/HEAD; clients of PUT and DELETE need it just as much.
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String requestId = RequestIds.acceptOrGenerate(request.getHeaders().get(RequestIds.HEADER));
        Problem problem = Problem.ofStatus(code, detail(code, message), null, requestId);
        ACCESS.info("{} {} {} jetty requestId={}", request.getMethod(), safePath(request), code, requestId);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (code >= 400 && code < 500) {
            // A request Jetty refuses before routing (an ambiguous or NUL escape in the path, …) ends its connection
            // after the answer, but Jetty does not say so: a pooling client would reuse it and meet a dead socket on
            // its next, possibly non-idempotent, request.
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.write(true, ByteBuffer.wrap(responses.bytes(problem)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        // The request could not even be parsed, so there is no client request id to honour.
        String requestId = RequestIds.acceptOrGenerate(null);
        ACCESS.info("- - {} jetty-bad-message requestId={}", status, requestId);
        fields.put(RequestIds.HEADER, requestId);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return ByteBuffer.wrap(responses.bytes(Problem.ofStatus(status, detail(status, reason), null, requestId)));
    }

    private static String detail(int status, String message) {
        if (status == HttpStatus.SERVICE_UNAVAILABLE_503) {
            // Jetty answers 503 itself only around its own lifecycle: GracefulHandler while draining, a context while stopped.
            return SHUTTING_DOWN_DETAIL;
        }
        if (status >= 500) {
            return ProblemMapper.GENERIC_500_DETAIL;
        }
        // Jetty's 4xx reasons name protocol faults ("Ambiguous URI path separator"): useful and nothing internal.
        return message == null || message.isBlank() ? Problem.reasonPhrase(status) : message;
    }

    private static String safePath(Request request) {
        try {
            return request.getHttpURI().getPath();
        } catch (RuntimeException e) {
            return "-";
        }
    }
}
