package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.testsupport.TestPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The driver and server behaviour that read-only units of work rest on (ADR 0009), pinned on plain pgjdbc connections
 * of the serving role through the wire-protocol proxy: one multi-statement execution in autocommit mode is one Sync
 * and one implicit transaction, which an error anywhere in it rolls back whole; with autocommit off the same execution
 * opens a transaction that outlives it, which is why the adapter switches autocommit on for the unit.
 */
class ImplicitTransactionFactsTest {
    private static final String PROBE = "select coalesce(current_setting('app.current_tenant', true), '')";

    private static PostgresWireProxy proxy;
    private static PGSimpleDataSource serving;
    private static Tenant shop;

    @BeforeAll
    static void start() throws IOException {
        MigratedDatabase database = MigratedDatabase.create();
        proxy = new PostgresWireProxy(TestPostgres.host(), TestPostgres.port());
        serving = new PGSimpleDataSource();
        serving.setURL(proxy.jdbcUrl(database.database().name()));
        serving.setUser(MigratedDatabase.SERVING);
        serving.setPassword(MigratedDatabase.SERVING_PASSWORD);
        shop = Tenant.open(Slug.of("implicit-facts"), "Facts", CurrencyCode.of("KWD"));
        try (PersistenceAdapter adapter = database.adapter(1)) {
            adapter.unitOfWork().runInTenant(shop.id(), () -> adapter.tenants().insert(shop));
        }
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void given_autocommit_when_the_binding_and_two_reads_run_as_one_execution_then_one_sync_and_the_binding_ends_with_it()
            throws SQLException {
        try (Connection connection = serving.getConnection()) {
            connection.setAutoCommit(true);
            proxy.reset();
            List<String> seen = executeAll(connection, TenantBoundConnection.BIND_TENANT_READ_ONLY + "; " + PROBE
                    + "; select current_setting('transaction_read_only')", shop.id().value().toString());
            List<PostgresWireProxy.RoundTrip> trips = proxy.roundTrips();

            assertThat(trips).singleElement().satisfies(trip -> {
                assertThat(trip.syncs()).isEqualTo(1);
                assertThat(trip.statements()).hasSize(3).doesNotContain("BEGIN");
            });
            assertThat(seen).containsExactly(shop.id().value().toString(), "on");
            assertThat(executeAll(connection, PROBE)).as("the next execution").containsExactly("");
        }
    }

    @Test
    void given_autocommit_when_a_statement_in_the_middle_fails_then_what_came_before_it_is_rolled_back()
            throws SQLException {
        String insert = "insert into categories (id, tenant_id, name, slug, created_at, updated_at)"
                + " values (gen_random_uuid(), cast(? as uuid), 'Facts', ?, now(), now())";
        try (Connection connection = serving.getConnection()) {
            connection.setAutoCommit(true);
            String tenant = shop.id().value().toString();
            proxy.reset();

            assertThatThrownBy(() -> executeAll(connection,
                    JooqUnitOfWork.BIND_TENANT + "; " + insert + "; select 1 / 0; " + insert,
                    tenant, tenant, "before-the-error", tenant, "after-the-error"))
                    .hasMessageContaining("division by zero");

            assertThat(proxy.roundTrips()).singleElement()
                    .satisfies(trip -> assertThat(trip.syncs()).isEqualTo(1));
            assertThat(executeAll(connection, JooqUnitOfWork.BIND_TENANT
                    + "; select count(*) from categories where slug like '%-the-error'", tenant))
                    .containsExactly("0");
            assertThat(executeAll(connection, PROBE)).containsExactly("");
        }
    }

    @Test
    void given_autocommit_off_when_the_same_execution_runs_then_begin_goes_with_it_and_the_binding_outlives_it()
            throws SQLException {
        try (Connection connection = serving.getConnection()) {
            connection.setAutoCommit(false);
            proxy.reset();
            executeAll(connection, TenantBoundConnection.BIND_TENANT_READ_ONLY + "; " + PROBE,
                    shop.id().value().toString());

            assertThat(proxy.roundTrips()).singleElement()
                    .satisfies(trip -> assertThat(trip.statements()).first().isEqualTo("BEGIN"));
            assertThat(executeAll(connection, PROBE))
                    .as("an open transaction keeps the binding for whatever runs next on the connection")
                    .containsExactly(shop.id().value().toString());
            connection.rollback();
            assertThat(executeAll(connection, PROBE)).containsExactly("");
            connection.rollback();
        }
    }

    /**
     * Runs {@code sql} as one prepared execution with {@code values} bound in order, and returns the first column of
     * the first row of every result after the first (the binding's).
     */
    private static List<String> executeAll(Connection connection, String sql, String... values) throws SQLException {
        List<String> firsts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            boolean isResultSet = statement.execute();
            boolean first = sql.startsWith("select set_config");
            while (true) {
                if (isResultSet) {
                    try (ResultSet rows = statement.getResultSet()) {
                        if (!first && rows.next()) {
                            firsts.add(rows.getString(1));
                        }
                    }
                } else if (statement.getUpdateCount() == -1) {
                    return firsts;
                }
                first = false;
                isResultSet = statement.getMoreResults();
            }
        }
    }
}
