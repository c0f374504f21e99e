package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import io.javalin.validation.ValidationException;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.InvalidCredentialsException;
import io.saasplatform.application.port.in.MediaRejectedException;
import io.saasplatform.application.port.in.AiFeaturesUseCase.QuotaView;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.PreconditionFailedException;
import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.RateLimitedException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.DatabaseUnavailableException;
import io.saasplatform.domain.InvalidValueException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every exception that reaches Javalin into a problem response; nothing else answers with an error. */
final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    /** The code of a 403 whose caller lacks the role; the problem names it in {@code requiredRole}. */
    static final String INSUFFICIENT_ROLE = "insufficient-role";
    static final String GENERIC_500_DETAIL =
            "The server could not complete the request. Quote the request id when reporting this.";

    private final ProblemResponses responses;
    private final long maxRequestBodyBytes;

    ProblemMapper(ProblemResponses responses, long maxRequestBodyBytes) {
        this.responses = responses;
        this.maxRequestBodyBytes = maxRequestBodyBytes;
    }

    void register(RoutesConfig routes) {
        routes.exception(ProblemException.class, (e, ctx) -> {
            e.headers.forEach(ctx::header);
            Problem problem = responses.problem(ctx, e.type, e.getMessage()).withCode(e.code);
            if (!e.errors.isEmpty()) {
                problem = problem.withErrors(e.errors.stream().map(error -> located(ctx, error)).toList());
                responses.write(ctx, e.field == null ? problem : problem.withField(e.field));
            } else {
                responses.write(ctx, e.field == null ? problem : withFieldError(ctx, problem, e.field, e.getMessage()));
            }
        });
        routes.exception(InvalidValueException.class, (e, ctx) -> {
            Problem problem = responses.problem(ctx, ProblemType.VALIDATION_FAILED, e.getMessage());
            responses.write(ctx, withFieldError(ctx, problem, e.field(), e.getMessage()));
        });
        routes.exception(NotFoundException.class, (e, ctx) ->
                responses.write(ctx, responses.problem(ctx, ProblemType.NOT_FOUND, e.getMessage())));
        routes.exception(ForbiddenException.class, (e, ctx) ->
                responses.write(ctx, responses.problem(ctx, ProblemType.FORBIDDEN, e.getMessage())
                        .withCode(INSUFFICIENT_ROLE)
                        .withMembers(Map.of("requiredRole", e.required().wireName()))));
        routes.exception(ConflictException.class, (e, ctx) -> {
            Problem problem = responses.problem(ctx, ProblemType.CONFLICT, e.getMessage()).withCode(e.code());
            responses.write(ctx, e.field() == null ? problem : problem.withField(e.field()));
        });
        routes.exception(MediaRejectedException.class, (e, ctx) -> {
            ProblemType type = switch (e.reason()) {
                case UNSUPPORTED_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                case TOO_LARGE -> ProblemType.CONTENT_TOO_LARGE;
                case CONTENT_MISMATCH -> ProblemType.UNPROCESSABLE_CONTENT;
                case UPLOAD_REFUSED -> ProblemType.FORBIDDEN;
            };
            Problem problem = responses.problem(ctx, type, e.getMessage());
            responses.write(ctx, e.field() == null ? problem : withFieldError(ctx, problem, e.field(), e.getMessage()));
        });
        routes.exception(InvalidCredentialsException.class, (e, ctx) ->
                responses.write(ctx, responses.problem(ctx, ProblemType.UNAUTHORIZED, e.getMessage())));
        routes.exception(RateLimitedException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
            // IETF draft-ietf-httpapi-ratelimit-headers. The use case normally reported every limit it counted
            // (RateLimitHeaders); otherwise name the policy that refused, and that none of it is left.
            e.policy().filter(policy -> ctx.res().getHeader(RateLimitHeaders.STATUS) == null).ifPresent(policy -> {
                ctx.header("RateLimit-Policy", "\"" + policy.name() + "\";q=" + policy.limit() + ";w="
                        + Math.max(1, policy.window().toSeconds()));
                ctx.header("RateLimit", "\"" + policy.name() + "\";r=0;t=" + retryAfterSeconds(e.retryAfter()));
            });
            responses.write(ctx, responses.problem(ctx, ProblemType.TOO_MANY_REQUESTS, e.getMessage()));
        });
        routes.exception(PreconditionFailedException.class, (e, ctx) ->
                responses.write(ctx, responses.problem(ctx, ProblemType.PRECONDITION_FAILED, e.getMessage())));
        routes.exception(QuotaExceededException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
            Problem problem = responses.problem(ctx, ProblemType.QUOTA_EXCEEDED, e.getMessage());
            responses.write(ctx, problem.withMembers(quotaMembers(e.budget(), e.quota())));
        });
        routes.exception(ServiceUnavailableException.class, (e, ctx) -> {
            // The cause names hosts and libraries: for the log only, the client gets the use case's words.
            LOG.warn("Dependency unavailable on {} {} [requestId={}]: {}",
                    ctx.method(), ctx.path(), RequestIds.of(ctx), e.getMessage(), e.getCause());
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
            responses.write(ctx, responses.problem(ctx, ProblemType.SERVICE_UNAVAILABLE, e.getMessage()));
        });
        routes.exception(DatabaseUnavailableException.class, (e, ctx) -> {
            // Not the request's fault and nothing was committed: 503 with a retry hint, never 500. The cause names
            // hosts and pools: for the log only.
            LOG.warn("Database unavailable on {} {} [requestId={}]: {}",
                    ctx.method(), ctx.path(), RequestIds.of(ctx), e.getMessage(), e.getCause());
            ctx.header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())));
            responses.write(ctx, responses.problem(ctx, ProblemType.SERVICE_UNAVAILABLE,
                    "The database is unavailable; retry shortly."));
        });
        routes.exception(ValidationException.class, this::javalinValidation);
        // Replaces Javalin's own mapper, which answers in text/plain or in its own JSON shape.
        routes.exception(HttpResponseException.class, this::httpResponse);
        routes.exception(Exception.class, (e, ctx) -> unexpected(ctx, e));
    }

    /** For {@link io.javalin.config.RouterConfig#javaLangErrorHandler}: an Error leaves no Context behind. */
    void javaLangError(HttpServletResponse res, Error error) {
        String requestId = RequestIds.acceptOrGenerate(res.getHeader(RequestIds.HEADER));
        LOG.error("Unhandled error [requestId={}]", requestId, error);
        if (res.isCommitted()) {
            return;
        }
        Problem problem = Problem.of(ProblemType.INTERNAL_ERROR, GENERIC_500_DETAIL, null, requestId);
        try {
            res.resetBuffer();
            res.setStatus(problem.status());
            res.setHeader(RequestIds.HEADER, requestId);
            res.setHeader("Cache-Control", "no-store");
            res.setContentType(Problem.MEDIA_TYPE);
            res.getOutputStream().write(responses.bytes(problem));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write the error response [requestId={}]", requestId, e);
        }
    }

    private void unexpected(Context ctx, Exception e) {
        String requestId = RequestIds.of(ctx);
        if (SlowBodyGuard.causedBySlowBody(e)) {
            // A slow (or slowloris) client, not a fault of ours: answered, and the connection is not kept.
            LOG.info("Request body too slow on {} {} [requestId={}]", ctx.method(), ctx.path(), requestId);
            ctx.header("Connection", "close");
            responses.write(ctx, responses.problem(ctx, 408, "The request body did not arrive in time; send it again"));
            return;
        }
        LOG.error("Unhandled exception on {} {} [requestId={}]", ctx.method(), ctx.path(), requestId, e);
        responses.write(ctx, responses.problem(ctx, ProblemType.INTERNAL_ERROR, GENERIC_500_DETAIL));
    }

    private void httpResponse(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (e instanceof EndpointNotFound) {
            responses.write(ctx, responses.problem(ctx, ProblemType.NOT_FOUND,
                    "No resource at " + ctx.method() + " " + ctx.path()));
        } else if (e instanceof MethodNotAllowedResponse) {
            Set<String> allowed = allowedMethods(e.getDetails());
            ctx.header("Allow", String.join(", ", allowed));
            responses.write(ctx, responses.problem(ctx, ProblemType.METHOD_NOT_ALLOWED,
                    ctx.method() + " is not allowed on " + ctx.path() + "; use " + String.join(", ", allowed)));
        } else if (status == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
            responses.write(ctx, responses.problem(ctx, ProblemType.CONTENT_TOO_LARGE,
                    ProblemException.contentTooLarge(maxRequestBodyBytes).getMessage()));
        } else if (status >= 500) {
            unexpected(ctx, e);
        } else {
            // Javalin writes 4xx messages for clients (e.g. from its validators); nothing internal in them.
            String detail = e.getMessage() == null || e.getMessage().isBlank()
                    ? Problem.reasonPhrase(status)
                    : e.getMessage();
            responses.write(ctx, responses.problem(ctx, status, detail));
        }
    }

    private void javalinValidation(ValidationException e, Context ctx) {
        List<Problem.FieldError> errors = new ArrayList<>();
        e.getErrors().forEach((field, list) ->
                list.forEach(error -> errors.add(new Problem.FieldError(field, error.getMessage()))));
        String detail = errors.isEmpty() ? "The request is invalid" : errors.getFirst().field() + ": "
                + errors.getFirst().message();
        Problem problem = responses.problem(ctx, ProblemType.VALIDATION_FAILED, detail).withErrors(errors);
        responses.write(ctx, errors.size() == 1 ? problem.withField(errors.getFirst().field()) : problem);
    }

    /** Whole seconds, rounded up and at least 1: a client told "0" would retry at once. */
    static long retryAfterSeconds(Duration retryAfter) {
        long millis = Math.max(0, retryAfter.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }

    /**
     * Which budget ran out and its figures as problem extension members, so a client can tell how much is left and
     * when it resets; the platform's budget only says when it resets (its figures are nobody's business but the
     * operator's).
     */
    private static Map<String, Object> quotaMembers(QuotaExceededException.Budget budget, QuotaView quota) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("budget", budget.name().toLowerCase(java.util.Locale.ROOT));
        if (budget == QuotaExceededException.Budget.GLOBAL) {
            if (quota.resetsAt() != null) {
                members.put("resetsAt", quota.resetsAt().toString());
            }
            return members;
        }
        members.put("limit", quota.limit());
        members.put("used", quota.used());
        members.put("remaining", quota.remaining());
        if (quota.resetsAt() != null) {
            members.put("resetsAt", quota.resetsAt().toString());
        }
        return members;
    }

    private static Problem withFieldError(Context ctx, Problem problem, String field, String message) {
        return problem.withField(field).withErrors(List.of(located(ctx, new Problem.FieldError(field, message))));
    }

    /**
     * The error with a JSON Pointer when its input is in the request body: not a query, path or header parameter
     * of that name, and the request has a body.
     */
    private static Problem.FieldError located(Context ctx, Problem.FieldError error) {
        String field = error.field();
        boolean parameter = ctx.queryParamMap().containsKey(field) || ctx.pathParamMap().containsKey(field)
                || ctx.req().getHeader(field) != null;
        boolean hasBody = ctx.req().getContentLengthLong() > 0
                || (ctx.req().getContentLengthLong() < 0 && ctx.header("Transfer-Encoding") != null);
        return parameter || !hasBody ? error : error.inBody();
    }

    private static Set<String> allowedMethods(Map<String, String> details) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String joined : details.values()) {
            for (String method : joined.split(",")) {
                if (!method.isBlank()) {
                    allowed.add(method.strip());
                }
            }
        }
        // Javalin answers HEAD wherever there is a GET route, so clients may use it too.
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return allowed;
    }
}
