package io.saasplatform.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.HealthCheck;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.application.port.out.JobRepository;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.Outbox;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;
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

    private final HikariDataSource dataSource;
    private final JooqUnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final InvitationRepository invitations;
    private final RefreshTokenStore refreshTokens;
    private final CatalogRepository catalog;
    private final AiUsageLedger aiUsageLedger;
    private final Outbox outbox;
    private final JobRepository jobs;
    private final HealthCheck healthCheck;

    /**
     * Opens a pool of {@code poolSize} connections as the serving role; fails fast when PostgreSQL is unreachable.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database[?sslmode=…]}
     */
    public PersistenceAdapter(String jdbcUrl, String user, String password, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
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
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "saas-platform");
        this.dataSource = new HikariDataSource(config);

        Configuration jooq = new DefaultConfiguration()
                .set(SQLDialect.POSTGRES)
                .set(new Settings().withExecuteLogging(false))
                .set(new SqlErrorTranslator());
        this.unitOfWork = new JooqUnitOfWork(dataSource, jooq);
        this.tenants = new JooqTenantRepository(unitOfWork);
        this.users = new JooqUserRepository(unitOfWork);
        this.memberships = new JooqMembershipRepository(unitOfWork);
        this.invitations = new JooqInvitationRepository(unitOfWork);
        this.refreshTokens = new JooqRefreshTokenStore(unitOfWork);
        this.catalog = new JooqCatalogRepository(unitOfWork);
        this.aiUsageLedger = new JooqAiUsageLedger(unitOfWork);
        this.outbox = new JooqOutbox(unitOfWork);
        this.jobs = new JooqJobRepository(unitOfWork);
        this.healthCheck = new PostgresHealthCheck(dataSource);
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

    /** Settled AI calls and the monthly token limit override of the bound tenant (row-level security). */
    public AiUsageLedger aiUsageLedger() {
        return aiUsageLedger;
    }

    /** The bound tenant's email outbox; enqueueing also schedules delivery, in the caller's transaction (V11). */
    public Outbox outbox() {
        return outbox;
    }

    /** Tracked jobs and their items of the bound tenant (row-level security, V12). */
    public JobRepository jobs() {
        return jobs;
    }

    /** Component {@code postgres}; never throws, gives up after the timeout it is asked for. */
    public HealthCheck healthCheck() {
        return healthCheck;
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
