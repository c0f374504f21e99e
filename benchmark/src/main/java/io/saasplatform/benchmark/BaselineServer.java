package io.saasplatform.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bare baseline: plain Javalin and JDBC answering {@code GET /storefront/{slug}/products} with the same SQL the
 * platform runs (the tenant row, one keyset page and the page's images), in the same kind of tenant transaction (BEGIN
 * + set_config, then the three statements as one execution, then COMMIT: three round trips), and the same JSON. No
 * ports, no jOOQ, no problem+json, no ETag, no access log: what the abstractions cost is the difference.
 *
 * <p>{@code GET /one-trip/storefront/{slug}/products} answers the same in one round trip, as the platform's read-only
 * units of work do (ADR 0009): on an autocommit pool, the binding, the tenant row and the page as one execution.
 *
 * <p>Keyset position: {@code ?afterCreatedAt=<ISO instant>&afterId=<uuid>} instead of the platform's opaque cursor.
 *
 * <p>Usage: {@code BaselineServer <port> <jdbcUrl> <user> <password> <poolSize>}
 */
public final class BaselineServer {
    // Same statements as the platform's jOOQ adapter emits (see JooqTenantRepository, JooqCatalogRepository).
    // The three-trip path binds as the platform did before ADR 0009 (its old path in the A/B); the one-trip path as it
    // does now, generic plans included (decision 6): each runs the statements of the platform path it stands beside.
    static final String GENERIC_PLANS = "set_config('plan_cache_mode', 'force_generic_plan', true)";
    static final String BIND_TENANT = "select set_config('app.current_tenant', ?, true)";
    static final String FIND_TENANT_BY_SLUG = "select id from tenants where slug = ?";
    static final String FIND_TENANT = "select * from tenants where id = ?";
    static final String PAGE_FIRST = "select * from products where tenant_id = ? and status = ?"
            + " order by created_at desc, id desc limit ?";
    static final String PAGE_AFTER = "select * from products where tenant_id = ? and status = ?"
            + " and (created_at, id) < (?, ?) order by created_at desc, id desc limit ?";

    // The images of the page's products: the platform's statement (JooqMediaRepository.imagesQuery), the page's ids
    // chosen by the page statement again as a subquery, so that nothing waits for the page's answer.
    static final String IMAGES_OF = "select i.product_id, i.alt, m.* from product_images i"
            + " join media_assets m on m.tenant_id = i.tenant_id and m.id = i.media_id"
            + " where i.tenant_id = ? and i.product_id in (select listed.id from (%s) as listed)"
            + " and m.status = 'ready' order by i.product_id, i.position";

    // The old path's middle trip: the tenant row, the page and its images as one execution.
    static final String THREE_TRIP_FIRST =
            FIND_TENANT + ";" + PAGE_FIRST + ";" + IMAGES_OF.formatted(PAGE_FIRST);
    static final String THREE_TRIP_AFTER =
            FIND_TENANT + ";" + PAGE_AFTER + ";" + IMAGES_OF.formatted(PAGE_AFTER);

    // The platform's read-only binding (TenantBoundConnection) in front of the same: one Sync, one transaction.
    static final String BIND_TENANT_READ_ONLY =
            "select set_config('app.current_tenant', ?, true), set_config('transaction_read_only', 'on', true), "
                    + GENERIC_PLANS;
    static final String ONE_TRIP_FIRST = BIND_TENANT_READ_ONLY + ";" + THREE_TRIP_FIRST;
    static final String ONE_TRIP_AFTER = BIND_TENANT_READ_ONLY + ";" + THREE_TRIP_AFTER;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HikariDataSource dataSource;
    private final HikariDataSource autocommitDataSource;
    private final Map<String, UUID> tenantBySlug = new ConcurrentHashMap<>();

    private BaselineServer(HikariDataSource dataSource, HikariDataSource autocommitDataSource) {
        this.dataSource = dataSource;
        this.autocommitDataSource = autocommitDataSource;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername(args[2]);
        config.setPassword(args[3]);
        config.setMaximumPoolSize(Integer.parseInt(args[4]));
        config.setAutoCommit(false);
        HikariConfig autocommit = new HikariConfig();
        config.copyStateTo(autocommit);
        autocommit.setAutoCommit(true);
        BaselineServer server = new BaselineServer(new HikariDataSource(config), new HikariDataSource(autocommit));
        Javalin.create(cfg -> {
                    cfg.concurrency.useVirtualThreads = true;
                    cfg.startup.showJavalinBanner = false;
                    cfg.routes.get("/health", ctx -> ctx.result("ok"));
                    cfg.routes.get("/storefront/{slug}/products", ctx -> server.serve(ctx, false));
                    cfg.routes.get("/one-trip/storefront/{slug}/products", ctx -> server.serve(ctx, true));
                })
                .start("127.0.0.1", port);
    }

    /**
     * One storefront page: in three round trips (BEGIN and the binding, then the tenant row, the page and its images as
     * one execution, then COMMIT) as the platform's old path, or in one (all of it as one execution on an autocommit
     * connection) as its read-only units of work.
     */
    private void serve(Context ctx, boolean oneTrip) throws SQLException {
        String slug = ctx.pathParam("slug");
        int limit = ctx.queryParam("limit") == null ? 20 : Integer.parseInt(ctx.queryParam("limit"));
        String afterCreatedAt = ctx.queryParam("afterCreatedAt");
        String afterId = ctx.queryParam("afterId");
        UUID tenant = tenantBySlug.get(slug);
        if (tenant == null) {
            tenant = lookupTenant(slug);
            if (tenant == null) {
                ctx.status(404);
                return;
            }
            tenantBySlug.put(slug, tenant);
        }
        Listed listed;
        if (oneTrip) {
            try (Connection connection = autocommitDataSource.getConnection()) {
                listed = read(connection, true, tenant, limit, afterCreatedAt, afterId);
            }
        } else {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    try (PreparedStatement bind = connection.prepareStatement(BIND_TENANT)) {
                        bind.setString(1, tenant.toString());
                        bind.execute();
                    }
                    listed = read(connection, false, tenant, limit, afterCreatedAt, afterId);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }
        for (Map<String, Object> item : listed.items()) {
            item.remove("createdAt");
            item.put("images", listed.images().getOrDefault((String) item.get("id"), List.of()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", listed.items());
        body.put("nextCursor", listed.next());
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page's items (with {@code createdAt} for the next position), its next position and its images by product id. */
    private record Listed(List<Map<String, Object>> items, String next, Map<String, List<Map<String, Object>>> images) {}

    /** The tenant row, the page and its images as one execution, with the read-only binding in front when one-trip. */
    private static Listed read(Connection connection, boolean oneTrip, UUID tenant, int limit, String afterCreatedAt,
            String afterId) throws SQLException {
        String sql = oneTrip
                ? (afterId == null ? ONE_TRIP_FIRST : ONE_TRIP_AFTER)
                : (afterId == null ? THREE_TRIP_FIRST : THREE_TRIP_AFTER);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            if (oneTrip) {
                select.setString(i++, tenant.toString());
            }
            select.setObject(i++, tenant);
            // The page's parameters twice: the page, then the images statement's tenant and the page again.
            i = pageParameters(select, i, tenant, limit, afterCreatedAt, afterId);
            select.setObject(i++, tenant);
            pageParameters(select, i, tenant, limit, afterCreatedAt, afterId);
            select.execute();
            if (oneTrip) {
                select.getMoreResults();
            }
            String defaultCurrency;
            try (ResultSet rows = select.getResultSet()) {
                rows.next();
                defaultCurrency = rows.getString("default_currency");
            }
            select.getMoreResults();
            List<Map<String, Object>> items = new ArrayList<>();
            String next = null;
            try (ResultSet rows = select.getResultSet()) {
                while (rows.next()) {
                    if (items.size() == limit) {
                        Map<String, Object> last = items.getLast();
                        next = last.get("createdAt") + "," + last.get("id");
                        break;
                    }
                    items.add(item(rows, defaultCurrency));
                }
            }
            select.getMoreResults();
            Map<String, List<Map<String, Object>>> images = new HashMap<>();
            try (ResultSet rows = select.getResultSet()) {
                while (rows.next()) {
                    Map<String, Object> image = new LinkedHashMap<>();
                    String id = rows.getObject("id").toString();
                    image.put("id", id);
                    image.put("url", "/media/" + id);
                    image.put("width", rows.getInt("width"));
                    image.put("height", rows.getInt("height"));
                    image.put("alt", rows.getString("alt"));
                    images.computeIfAbsent(rows.getObject("product_id").toString(), k -> new ArrayList<>()).add(image);
                }
            }
            return new Listed(items, next, images);
        }
    }

    private static int pageParameters(PreparedStatement select, int first, UUID tenant, int limit,
            String afterCreatedAt, String afterId) throws SQLException {
        int i = first;
        select.setObject(i++, tenant);
        select.setString(i++, "published");
        if (afterId != null) {
            // A timestamptz, as the platform binds it (cast(? as timestamp with time zone)): a timestamp without zone
            // would be converted against the column's type on every row the keyset compares.
            select.setObject(i++, OffsetDateTime.ofInstant(Instant.parse(afterCreatedAt), ZoneOffset.UTC));
            select.setObject(i++, UUID.fromString(afterId));
        }
        select.setInt(i++, limit + 1);
        return i;
    }

    private static Map<String, Object> item(ResultSet rows, String defaultCurrency) throws SQLException {
        String currency = rows.getString("currency");
        String effective = currency == null ? defaultCurrency : currency;
        BigDecimal price = rows.getBigDecimal("price")
                .setScale(Currency.getInstance(effective).getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
        Object category = rows.getObject("category_id");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", rows.getObject("id").toString());
        item.put("name", rows.getString("name"));
        item.put("slug", rows.getString("slug"));
        item.put("description", rows.getString("description"));
        item.put("categoryId", category == null ? null : category.toString());
        item.put("price", price.toPlainString());
        item.put("currency", effective);
        item.put("createdAt", rows.getTimestamp("created_at").toInstant().toString());
        return item;
    }

    private UUID lookupTenant(String slug) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(FIND_TENANT_BY_SLUG)) {
            select.setString(1, slug);
            try (ResultSet rows = select.executeQuery()) {
                UUID id = rows.next() ? (UUID) rows.getObject(1) : null;
                connection.commit();
                return id;
            }
        }
    }
}
