package io.saasplatform.clients;

import io.saasplatform.bootstrap.Platform;
import io.saasplatform.bootstrap.PlatformConfig;
import io.saasplatform.testsupport.TestDatabase;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.testsupport.TestRedis;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Test plumbing: the real platform, started as {@code Main} starts it, on port 0 over a database of its own. */
final class LocalPlatform implements AutoCloseable {
    private final TestDatabase database;
    private final Platform platform;

    private LocalPlatform(TestDatabase database, Platform platform) {
        this.database = database;
        this.platform = platform;
    }

    static LocalPlatform start(Path dataDir) {
        TestDatabase database = TestPostgres.newEmptyDatabase();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("HOST", "127.0.0.1");
        // mock sign-in is asked for explicitly, as in every end-to-end test
        env.put("AUTH_MODE", "mock");
        env.put("DATABASE_URL", database.jdbcUrl() + "?user=client_e2e_app&password=client-e2e-app-password");
        env.put("DATABASE_ADMIN_URL", database.jdbcUrl() + "?user=" + database.adminUser() + "&password="
                + database.adminPassword());
        env.put("DB_OWNER_ROLE", "client_e2e_owner");
        env.put("DB_OWNER_PASSWORD", "client-e2e-owner-password");
        env.put("REDIS_URL", TestRedis.url());
        env.put("DATA_DIR", dataDir.toString());
        try {
            return new LocalPlatform(database, Platform.start(PlatformConfig.from(env)));
        } catch (RuntimeException e) {
            database.drop();
            throw e;
        }
    }

    /** The base URI without a trailing slash, as generated clients want it. */
    String baseUri() {
        return platform.baseUri().toString().replaceAll("/$", "");
    }

    URI uri(String path) {
        return platform.baseUri().resolve(path);
    }

    @Override
    public void close() {
        try {
            platform.close();
        } finally {
            database.drop();
        }
    }
}
