package io.saasplatform.bootstrap;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Configuration value: a PostgreSQL location split into a JDBC URL and credentials. */
record DatabaseUrl(String jdbcUrl, String user, String password) {

    /**
     * Accepts {@code postgres://user:pass@host:5432/db?sslmode=require} (the form RDS tooling and Heroku-style
     * platforms hand out) or {@code jdbc:postgresql://host:5432/db?user=u&password=p}.
     */
    static DatabaseUrl parse(String name, String text) {
        if (text.startsWith("jdbc:postgresql:")) {
            URI uri = URI.create(text.substring("jdbc:".length()));
            String user = queryParam(uri, "user");
            String password = queryParam(uri, "password");
            return new DatabaseUrl(text, user, password);
        }
        if (!text.startsWith("postgres://") && !text.startsWith("postgresql://")) {
            throw new ConfigException(name + " must start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        URI uri = URI.create(text);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new ConfigException(name + " must name a host and a database, e.g. postgres://app:pw@db:5432/saas");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password);
    }

    private static String queryParam(URI uri, String key) {
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(key)) {
                return kv.length > 1 ? decode(kv[1]) : "";
            }
        }
        return null;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // Never print the password.
        return jdbcUrl.replaceAll("password=[^&]*", "password=***") + " as " + user;
    }
}
