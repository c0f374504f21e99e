package io.saasplatform.bootstrap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root entry point: {@code java -jar saas-platform.jar}, configured by environment variables. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        PlatformConfig config;
        Platform platform;
        try {
            config = PlatformConfig.fromEnvironment();
            Logging.install(config.logFormat(), config.logLevel(), System.out);
            if (config.secretKeyGenerated()) {
                LOG.warn("SECRET_KEY is not set: using a random key for this run; tokens will not survive a restart");
            }
            platform = Platform.start(config);
        } catch (ConfigException e) {
            System.err.println("saas-platform: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("saas-platform failed to start", e);
            System.err.println("saas-platform: refusing to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM (docker stop, ECS task stop) runs shutdown hooks: drain, then close pools and embedded servers.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(platform::close));
        System.out.println("SaaS Platform (" + config.appEnv().name().toLowerCase() + ") serving on "
                + platform.baseUri());
        System.out.println("  PostgreSQL: " + platform.databaseDescription());
        System.out.println("  Redis:      " + platform.redisDescription());
        System.out.println("  Dashboard:  " + platform.baseUri().resolve("/app/"));
        System.out.println("  Shops:      " + platform.baseUri().resolve("/shops/") + "{slug}");
        System.out.println("  Health:     " + platform.baseUri().resolve("/health/ready"));
        if (platform.managementPort() > 0) {
            System.out.println("  Metrics:    http://localhost:" + platform.managementPort() + "/metrics");
        }
    }
}
