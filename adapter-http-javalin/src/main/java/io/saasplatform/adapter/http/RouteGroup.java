package io.saasplatform.adapter.http;

import io.javalin.config.RoutesConfig;

/** A cohesive set of endpoints (health, tenants, …) that {@link HttpApi} mounts; one per feature. */
interface RouteGroup {
    void register(RoutesConfig routes, JsonBodies bodies);
}
