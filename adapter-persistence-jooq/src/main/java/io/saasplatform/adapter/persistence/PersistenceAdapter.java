package io.saasplatform.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.application.port.out.IdempotencyStore;
import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.application.port.out.MediaRepository;
import io.saasplatform.application.port.out.StorefrontConfigRepository;
import io.saasplatform.application.port.out.UserTenantDirectory;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.application.port.out.VisitRepository;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DefaultConfiguration;

/**
 * Driven adapter: PostgreSQL through jOOQ and a HikariCP pool of the <em>serving</em> role, providing the
 * {@link UnitOfWork}, {@link TenantContext}, repositories and {@link HealthCheck} ports.
 *
 * <p>Bootstrap order: {@link DatabaseProvisioner#provision} (admin, once) → {@link Migrations#migrate} (owner) →
 * {@code new PersistenceAdapter(…serving role…)} → {@link RlsSelfCheck#verify RlsSelfCheck.verify(adapter.dataSource())}
 * → serve → {@link #close()}.
 */
public final class PersistenceAdapter implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    /** System property naming the read path of {@code readInTenant}; see {@link #readPathFromSystemProperty()}. */
    public static final String READ_PATH_PROPERTY = "saas.persistence.readPath";

    private final HikariDataSource dataSource;
    private final JooqUnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final InvitationRepository invitations;
    private final RefreshTokenStore refreshTokens;
    private final CatalogRepository catalog;
    private final TenantReads tenantReads;
    private final AiUsageLedger aiUsageLedger;
    private final Outbox outbox;
    private final JobRepository jobs;
    private final VisitRepository visits;
    private final MediaRepository media;
    private final StorefrontConfigRepository storefrontConfigs;
    private final IdempotencyStore idempotencyKeys;
    private final UserTenantDirectory userTenants;
    private final HealthCheck healthCheck;
    private final HealthCheck rlsHealthCheck;

    /**
     * Opens a pool of {@code poolSize} connections as the serving role; fails fast when PostgreSQL is unreachable.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?sslmode=…]}
     */
    public PersistenceAdapter(String jdbcUrl, String user, String password, int poolSize) {
        this(jdbcUrl, user, password, poolSize, DEFAULT_POOL_TIMEOUT);
    }

    /** How long a unit of work waits for a pooled connection before it fails as the database being unavailable. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Like {@link #PersistenceAdapter(String, String, String, int)}, with {@code poolTimeout}: the longest a unit of
     * work waits for a free connection (at least 250 ms, HikariCP's floor) before it fails with
     * {@link io.saasplatform.application.port.out.DatabaseUnavailableException}.
     */
    public PersistenceAdapter(String jdbcUrl, String user, String password, int poolSize, Duration poolTimeout) {
        this(jdbcUrl, user, password, poolSize, poolTimeout, readPathFromSystemProperty());
    }

    PersistenceAdapter(String jdbcUrl, String user, String password, int poolSize, JooqUnitOfWork.ReadPath readPath) {
        this(jdbcUrl, user, password, poolSize, DEFAULT_POOL_TIMEOUT, readPath);
    }

    PersistenceAdapter(String jdbcUrl, String user, String password, int poolSize, Duration poolTimeout,
            JooqUnitOfWork.ReadPath readPath) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        if (poolTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("poolTimeout must be at least 250 ms");
        }
        Objects.requireNonNull(user, "user");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("postgres-" + POOLS.incrementAndGet());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        // Every unit of work is a transaction; pgjdbc then sends BEGIN together with its first statement.
        config.setAutoCommit(false);
        config.setConnectionTimeout(poolTimeout.toMillis());
        config.addDataSourceProperty("ApplicationName", "saas-platform");
        this.dataSource = new HikariDataSource(config);

        Configuration jooq = new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(new Settings().withExecuteLogging(false))
                .set(new SqlErrorTranslator());
        this.unitOfWork = new JooqUnitOfWork(dataSource, jooq, readPath);
        this.tenants = new JooqTenantRepository(unitOfWork);
        this.users = new JooqUserRepository(unitOfWork);
        this.memberships = new JooqMembershipRepository(unitOfWork);
        this.invitations = new JooqInvitationRepository(unitOfWork);
        this.refreshTokens = new JooqRefreshTokenStore(unitOfWork);
        JooqCatalogRepository jooqCatalog = new JooqCatalogRepository(unitOfWork);
        this.catalog = jooqCatalog;
        this.tenantReads = new JooqTenantReads(unitOfWork, jooqCatalog.pages());
        this.aiUsageLedger = new JooqAiUsageLedger(unitOfWork);
        this.outbox = new JooqOutbox(unitOfWork);
        this.jobs = new JooqJobRepository(unitOfWork);
        this.visits = new JooqVisitRepository(unitOfWork);
        this.media = new JooqMediaRepository(unitOfWork, java.time.Clock.systemUTC());
        this.storefrontConfigs = new JooqStorefrontConfigRepository(unitOfWork);
        this.idempotencyKeys = new JooqIdempotencyStore(unitOfWork);
        this.userTenants = new JooqUserTenantDirectory(unitOfWork);
        this.healthCheck = new PostgresHealthCheck(dataSource);
        this.rlsHealthCheck = new RlsHealthCheck(dataSource);
    }

    /**
     * {@code -Dsaas.persistence.readPath=transaction} serves {@code readInTenant} as {@code inTenant} (BEGIN, binding,
     * statements, COMMIT) and plans as PostgreSQL chooses, as the platform did before ADR 0009: the benchmark's A/B of
     * the old read path against the default one-round-trip path, in one run on one build. Not a setting to tune: the
     * default is the faster path with the same guarantees.
     */
    static JooqUnitOfWork.ReadPath readPathFromSystemProperty() {
        String value = System.getProperty(READ_PATH_PROPERTY, "single-shot");
        return switch (value) {
            case "single-shot" -> JooqUnitOfWork.ReadPath.SINGLE_SHOT;
            case "transaction" -> JooqUnitOfWork.ReadPath.TRANSACTION;
            default -> throw new IllegalArgumentException(
                    READ_PATH_PROPERTY + " must be single-shot or transaction, not " + value);
        };
    }

    public UnitOfWork unitOfWork() {
        return unitOfWork;
    }

    public TenantContext tenantContext() {
        return unitOfWork;
    }

    public TenantRepository tenants() {
        return tenants;
    }

    public UserRepository users() {
        return users;
    }

    public MembershipRepository memberships() {
        return memberships;
    }

    /** Invitations of the bound tenant (row-level security, like memberships). */
    public InvitationRepository invitations() {
        return invitations;
    }

    /** Refresh-token families and tokens: user-owned, outside row-level security, reached by token hash only. */
    public RefreshTokenStore refreshTokens() {
        return refreshTokens;
    }

    /** Categories, products and slug redirects of the bound tenant (row-level security); keyset product listings. */
    public CatalogRepository catalog() {
        return catalog;
    }

    /**
     * A tenant request's context (tenant row, the acting member's membership) and its read, in one execution: one
     * round trip in a read-only unit of work (ADR 0009).
     */
    public TenantReads tenantReads() {
        return tenantReads;
    }

    /** Settled AI calls and the monthly token limit override of the bound tenant (row-level security). */
    public AiUsageLedger aiUsageLedger() {
        return aiUsageLedger;
    }

    /** The bound tenant's email outbox; enqueueing also schedules delivery, in the caller's transaction (V11). */
    public Outbox outbox() {
        return outbox;
    }

    /** Media assets and product images of the bound tenant (row-level security, V14); schedules background work. */
    public MediaRepository media() {
        return media;
    }

    /** The bound tenant's storefront configuration (row-level security, V14). */
    public StorefrontConfigRepository storefrontConfigs() {
        return storefrontConfigs;
    }

    /** Tracked jobs and their items of the bound tenant (row-level security, V12). */
    public JobRepository jobs() {
        return jobs;
    }

    /** Tagged storefront visits of the bound tenant (row-level security, V15). */
    public VisitRepository visits() {
        return visits;
    }

    /** Idempotency keys and stored responses: a tenant's under row-level security, a user's in a platform table (V13). */
    public IdempotencyStore idempotencyKeys() {
        return idempotencyKeys;
    }

    /** A user's tenants with role and joined date, read as that user ({@code UnitOfWork.asUser}). */
    public UserTenantDirectory userTenants() {
        return userTenants;
    }

    /** Component {@code postgres}; never throws, gives up after the timeout it is asked for. */
    /**
     * Publishes the pool's meters ({@code hikaricp_connections_active}, {@code _idle}, {@code _pending},
     * {@code _timeout_total}, acquire and usage timers) and the background work queue's depth and oldest age per task
     * ({@code worker_queue_depth}, {@code worker_queue_oldest_age_seconds}) to {@code registry}; at most once.
     */
    public void bindMetrics(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        WorkQueueMeters.bind(dataSource, registry);
    }

    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /**
     * Component {@code rls}: the row-level security self-check again (at most once a minute), so that a serving role
     * altered at run time takes the node out of rotation.
     */
    public HealthCheck rlsHealthCheck() {
        return rlsHealthCheck;
    }

    /**
     * The serving pool itself, for {@link RlsSelfCheck#verify}. Statements run on it outside a unit of work have no
     * tenant bound and so see no tenant-owned rows.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Closes the pool, waiting for borrowed connections to come back. */
    @Override
    public void close() {
        dataSource.close();
    }
}
