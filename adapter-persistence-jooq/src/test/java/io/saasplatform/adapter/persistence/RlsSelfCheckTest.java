package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.adapter.persistence.RlsSelfCheck.UnsafeDatabaseException;
import io.saasplatform.testsupport.TestPostgres;
import io.saasplatform.application.port.out.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The self-check passes on the real schema and refuses each deliberately broken one. Every test breaks its own
 * isolated database; roles are cluster-wide, so role attributes are broken on a role made for the test alone.
 */
class RlsSelfCheckTest {
    private static final AtomicInteger ROLES = new AtomicInteger();
    private static final String ROLE_PASSWORD = "self-check-test";
    private static final String NOT_ISOLATING = "tenant_id = (SELECT current_setting('app.current_tenant', true)::uuid)";

    private MigratedDatabase database;
    private final List<String> rolesToDrop = new ArrayList<>();

    @BeforeEach
    void isolatedDatabase() {
        database = MigratedDatabase.create();
    }

    @AfterEach
    void dropDatabaseAndRoles() {
        database.database().drop();
        for (String role : rolesToDrop) {
            TestPostgres.executeOnServer("DROP ROLE IF EXISTS " + role);
        }
    }

    @Test
    void given_the_migrated_schema_and_the_serving_role_when_checking_then_it_passes() {
        assertThat(RlsSelfCheck.problems(database.serving())).isEmpty();
        assertThatCode(() -> RlsSelfCheck.verify(database.serving())).doesNotThrowAnyException();
    }

    @Test
    void given_the_adapter_pool_when_checking_then_it_passes() {
        try (PersistenceAdapter adapter = database.adapter(1)) {
            assertThatCode(() -> RlsSelfCheck.verify(adapter.dataSource())).doesNotThrowAnyException();
        }
    }

    @Test
    void given_a_tenant_table_without_force_when_checking_then_refused_naming_the_table() {
        database.executeAsAdmin("ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY");

        assertThatThrownBy(() -> RlsSelfCheck.verify(database.serving()))
                .isInstanceOf(UnsafeDatabaseException.class)
                .hasMessageContaining("public.memberships does not FORCE ROW LEVEL SECURITY");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"outbox_messages", "jobs", "job_items", "media_assets",
        "product_images", "storefront_config", "idempotency_keys", "visits"})
    void given_a_tenant_owned_table_added_since_the_seed_without_force_when_checking_then_refused_naming_it(String table) {
        database.executeAsAdmin("ALTER TABLE " + table + " NO FORCE ROW LEVEL SECURITY");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .singleElement().asString().contains("public." + table + " does not FORCE ROW LEVEL SECURITY");
    }

    @Test
    void given_a_tenant_table_without_enable_when_checking_then_refused_naming_the_table() {
        database.executeAsAdmin("ALTER TABLE memberships DISABLE ROW LEVEL SECURITY");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .containsExactly("tenant table public.memberships does not ENABLE ROW LEVEL SECURITY");
    }

    @Test
    void given_a_new_tenant_table_with_no_security_at_all_when_checking_then_refused_for_each_missing_piece() {
        database.executeAsAdmin("SET ROLE " + MigratedDatabase.OWNER, "CREATE TABLE invoices (tenant_id uuid NOT NULL, id uuid)");

        assertThat(RlsSelfCheck.problems(database.serving())).containsExactly(
                "tenant table public.invoices does not ENABLE ROW LEVEL SECURITY",
                "tenant table public.invoices does not FORCE ROW LEVEL SECURITY",
                "tenant table public.invoices has no row-level security policy");
    }

    @Test
    void given_a_policy_without_nullif_when_checking_then_refused_naming_the_policy() {
        database.executeAsAdmin(
                "DROP POLICY memberships_tenant_isolation ON memberships",
                "CREATE POLICY memberships_tenant_isolation ON memberships USING (" + NOT_ISOLATING + ") WITH CHECK ("
                        + NOT_ISOLATING + ")");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .hasSize(2)
                .allSatisfy(problem -> assertThat(problem)
                        .startsWith("policy memberships_tenant_isolation on public.memberships")
                        .contains("without NULLIF"))
                .anySatisfy(problem -> assertThat(problem).contains(" USING "))
                .anySatisfy(problem -> assertThat(problem).contains(" WITH CHECK "));
    }

    @Test
    void given_a_policy_with_nullif_only_in_using_when_checking_then_the_with_check_is_refused() {
        database.executeAsAdmin(
                "DROP POLICY memberships_tenant_isolation ON memberships",
                "CREATE POLICY memberships_tenant_isolation ON memberships"
                        + " USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))"
                        + " WITH CHECK (" + NOT_ISOLATING + ")");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .singleElement()
                .asString()
                .contains("WITH CHECK reads current_setting('app.current_tenant') without NULLIF");
    }

    @Test
    void given_a_permissive_policy_that_ignores_the_tenant_when_checking_then_refused() {
        database.executeAsAdmin("CREATE POLICY memberships_open ON memberships USING (true)");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .containsExactly("policy memberships_open on public.memberships reads no app.* setting such as"
                        + " app.current_tenant, so it does not isolate tenants");
    }

    @Test
    void given_a_policy_reading_another_request_setting_without_nullif_when_checking_then_refused() {
        database.executeAsAdmin("CREATE POLICY memberships_own ON memberships FOR SELECT"
                + " USING (user_id = current_setting('app.current_user', true)::uuid)");

        assertThat(RlsSelfCheck.problems(database.serving()))
                .singleElement()
                .asString()
                .startsWith("policy memberships_own on public.memberships USING reads current_setting('app.current_user')"
                        + " without NULLIF");
    }

    @Test
    void given_a_serving_role_with_bypassrls_when_checking_then_refused() {
        String role = servingLikeRole("BYPASSRLS");

        assertThatThrownBy(() -> RlsSelfCheck.verify(connectAs(role)))
                .isInstanceOf(UnsafeDatabaseException.class)
                .hasMessageContaining("serving role " + role + " has BYPASSRLS");
    }

    @Test
    void given_a_serving_role_granted_bypassrls_at_run_time_when_readiness_rechecks_then_rls_is_down() {
        String role = servingLikeRole("");
        long[] now = {0};
        RlsHealthCheck check = new RlsHealthCheck(connectAs(role), () -> now[0]);
        assertThat(check.check(Duration.ofSeconds(2)).up()).isTrue();

        database.executeAsAdmin("ALTER ROLE " + role + " BYPASSRLS");
        boolean upWithinTheMinute = check.check(Duration.ofSeconds(2)).up();
        now[0] += RlsHealthCheck.RECHECK_EVERY.toNanos();
        HealthCheck.Result after = check.check(Duration.ofSeconds(2));

        assertThat(upWithinTheMinute).as("the last verdict stands between rechecks").isTrue();
        assertThat(after.up()).isFalse();
        assertThat(after.detail()).contains("has BYPASSRLS");
        assertThat(check.required()).isTrue();
    }

    @Test
    void given_a_superuser_serving_role_when_checking_then_refused() {
        String role = servingLikeRole("SUPERUSER");

        assertThat(RlsSelfCheck.problems(connectAs(role)))
                .contains("serving role " + role + " is a superuser (superusers bypass row-level security)");
    }

    @Test
    void given_a_serving_role_that_owns_a_table_when_checking_then_refused() {
        String role = servingLikeRole("");
        database.executeAsAdmin("ALTER TABLE memberships OWNER TO " + role);

        assertThat(RlsSelfCheck.problems(connectAs(role)))
                .containsExactly("serving role owns (or is a member of owner " + role + " of) table public.memberships");
    }

    @Test
    void given_a_serving_role_that_is_a_member_of_the_owner_when_checking_then_refused_for_every_table() {
        String role = servingLikeRole("");
        database.executeAsAdmin("GRANT " + MigratedDatabase.OWNER + " TO " + role);

        assertThat(RlsSelfCheck.problems(connectAs(role)))
                .contains(
                        "serving role owns (or is a member of owner " + MigratedDatabase.OWNER + " of) table public.memberships",
                        "serving role owns (or is a member of owner " + MigratedDatabase.OWNER + " of) table public.tenants",
                        "serving role owns (or is a member of owner " + MigratedDatabase.OWNER + " of) schema public");
    }

    @Test
    void given_several_problems_when_verifying_then_the_message_names_every_one() {
        String role = servingLikeRole("BYPASSRLS");
        database.executeAsAdmin(
                "ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY",
                "CREATE POLICY memberships_open ON memberships USING (true)");

        assertThatThrownBy(() -> RlsSelfCheck.verify(connectAs(role)))
                .isInstanceOfSatisfying(UnsafeDatabaseException.class, e -> assertThat(e.problems()).hasSize(3))
                .hasMessageContaining("has BYPASSRLS")
                .hasMessageContaining("does not FORCE ROW LEVEL SECURITY")
                .hasMessageContaining("memberships_open");
    }

    /** A login role like the serving one (same grants in this database) plus the given attribute. */
    private String servingLikeRole(String attribute) {
        String role = "selfcheck_" + ROLES.incrementAndGet() + "_" + ProcessHandle.current().pid();
        rolesToDrop.add(role);
        database.executeAsAdmin(
                "CREATE ROLE " + role + " LOGIN PASSWORD '" + ROLE_PASSWORD + "' " + attribute,
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
        return role;
    }

    private DataSource connectAs(String role) {
        return database.database().dataSource(role, ROLE_PASSWORD);
    }
}
