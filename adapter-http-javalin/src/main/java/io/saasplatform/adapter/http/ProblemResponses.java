package io.saasplatform.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Serialises problems; the one place that decides what an error response looks like on the wire. */
final class ProblemResponses {
    private final ObjectMapper mapper;

    ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A problem for this request: instance and request id are filled in from the context. */
    Problem problem(Context ctx, ProblemType type, String detail) {
        return Problem.of(type, detail, ctx.path(), RequestIds.of(ctx));
    }

    Problem problem(Context ctx, int status, String detail) {
        return Problem.ofStatus(status, detail, ctx.path(), RequestIds.of(ctx));
    }

    void write(Context ctx, Problem problem) {
        ctx.status(problem.status());
        ctx.header(RequestIds.HEADER, problem.requestId());
        // Errors describe one moment of one request; a cache replaying them would mislead.
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(Problem.MEDIA_TYPE);
        ctx.result(bytes(problem));
    }

    byte[] bytes(Problem problem) {
        try {
            return mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // Unreachable with a plain record of strings, but an error path must never fail itself.
            return ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
