package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Role;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Endpoints that exist only in tests, to drive each error mapping without real use cases. */
final class TestRoutes implements RouteGroup {
    static final String SECRET = "password=hunter2";

    record Item(@JsonProperty(required = true) String sku, int quantity) {}

    /** A request record that validates in its constructor, as a thin wrapper around a domain rule. */
    record Rename(String name) {
        Rename {
            if (name == null || name.isBlank()) {
                throw new InvalidValueException("name", "name must not be blank");
            }
        }
    }

    record Order(@JsonProperty(required = true) String name, BigDecimal price, Instant at, List<Item> items) {}

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.post("/test/orders", ctx -> ctx.status(201).json(bodies.read(ctx, Order.class)));
        routes.post("/test/rename", ctx -> ctx.json(bodies.read(ctx, Rename.class)));
        routes.get("/test/invalid", ctx -> {
            throw new InvalidValueException("price", "price must not be negative");
        });
        routes.get("/test/not-found", ctx -> {
            throw new NotFoundException("tenant");
        });
        routes.get("/test/forbidden", ctx -> {
            throw new ForbiddenException(Role.ADMIN, "renaming the tenant");
        });
        routes.get("/test/conflict", ctx -> {
            throw new ConflictException("slug-taken", "slug", "slug acme is already taken");
        });
        routes.get("/test/boom", ctx -> {
            throw new IllegalStateException("connection to db failed, " + SECRET);
        });
        routes.get("/test/error", ctx -> {
            throw new AssertionError("invariant broken, " + SECRET);
        });
    }
}
