package io.saasplatform.adapter.http;

import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the routes a Javalin app serves with the operations the OpenAPI document describes. Routes are compared as
 * keys such as {@code PATCH /tenants/me/members/{}}: method and path, with parameter names erased (they are not part
 * of the wire contract) and Javalin's {@code <name>} parameters read like {@code {name}}.
 */
final class RouteCoverage {
    /** Not routes of the API: HEAD and OPTIONS are answered by Javalin itself wherever GET (or anything) exists. */
    private static final Set<HandlerType> IGNORED_METHODS = Set.of(HandlerType.HEAD, HandlerType.OPTIONS);
    /** Swagger UI's files, served from the webjar by Javalin's static file handler. */
    private static final String WEBJARS = "/webjars/";
    /** HTML for people, not operations of the API: the storefront pages and their assets (StorefrontPagesTest). */
    private static final List<String> PAGES = List.of("/shops/", "/assets/");

    /**
     * What is wrong: served routes the document lacks, documented routes not served (other than pending ones),
     * pending routes that are served by now (remove them from the pending set), and pending routes the document does
     * not even describe.
     */
    record Report(
            Set<String> undocumented, Set<String> notServed, Set<String> pendingButServed,
            Set<String> pendingButUndocumented) {
        boolean clean() {
            return undocumented.isEmpty() && notServed.isEmpty() && pendingButServed.isEmpty()
                    && pendingButUndocumented.isEmpty();
        }

        String describe() {
            return "served but not in openapi.json: " + undocumented
                    + "\nin openapi.json but not served: " + notServed
                    + "\npending but served now (remove from PENDING_ROUTES): " + pendingButServed
                    + "\npending but not in openapi.json: " + pendingButUndocumented;
        }
    }

    private RouteCoverage() {}

    /**
     * Every HTTP route the app serves, read from Javalin's router the way its own route-overview plugin reads it
     * ({@code internalRouter.allHttpHandlers()}); before/after filters are not endpoints and are left out. The app
     * need not be started: routes are registered when it is created.
     */
    static Set<String> served(Javalin app) {
        Set<String> keys = new TreeSet<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.endpoint;
            if (endpoint.method.isHttpMethod() && !IGNORED_METHODS.contains(endpoint.method)
                    && !endpoint.path.startsWith(WEBJARS)
                    && PAGES.stream().noneMatch(endpoint.path::startsWith)) {
                keys.add(key(endpoint.method.name(), endpoint.path));
            }
        }
        return keys;
    }

    /** The comparison key of a Javalin route or an OpenAPI path template. */
    static String key(String method, String path) {
        String braces = path.replaceAll("<([^>/]+)>", "{$1}");
        return OpenApiDocument.Operation.key(method, braces);
    }

    static Report compare(Collection<String> served, Collection<String> documented, Collection<String> pending) {
        Set<String> undocumented = minus(served, documented);
        Set<String> notServed = minus(minus(documented, served), pending);
        Set<String> pendingButServed = new TreeSet<>(pending);
        pendingButServed.retainAll(served);
        Set<String> pendingButUndocumented = minus(pending, documented);
        return new Report(undocumented, notServed, pendingButServed, pendingButUndocumented);
    }

    private static Set<String> minus(Collection<String> from, Collection<String> remove) {
        Set<String> result = new TreeSet<>(from);
        result.removeAll(remove);
        return result;
    }
}
