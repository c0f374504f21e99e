package io.saasplatform.adapter.persistence;

import static io.saasplatform.adapter.persistence.schema.Tables.INVITATIONS;
import static io.saasplatform.adapter.persistence.schema.Tables.MEDIA_ASSETS;
import static io.saasplatform.adapter.persistence.schema.Tables.MEMBERSHIPS;
import static io.saasplatform.adapter.persistence.schema.Tables.STOREFRONT_CONFIG;
import static io.saasplatform.adapter.persistence.schema.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation enforced by PostgreSQL itself: these statements carry no {@code tenant_id} predicate of their own
 * (unlike the repositories), so only row-level security stands between tenants.
 */
class RowLevelSecurityIsolationTest {
    private static final JooqFixture FIXTURE = new JooqFixture();
    private static PersistenceAdapter adapter;
    private static TenantId a;
    private static TenantId b;
    /** Member of both tenants (one of the two members of each). */
    private static UserId traveller;

    @BeforeAll
    static void seed() {
        adapter = FIXTURE.adapter();
        a = openTenant("isolation-a");
        b = openTenant("isolation-b");
        traveller = newUser().id();
        for (TenantId tenant : List.of(a, b)) {
            UserId other = newUser().id();
            for (UserId user : List.of(traveller, other)) {
                adapter.unitOfWork().runInTenant(
                        tenant, () -> adapter.memberships().save(new Membership(tenant, user, Role.STAFF)));
            }
            Instant now = Instant.now();
            Invitation invitation = new Invitation(UUID.randomUUID(), tenant, EmailAddress.of("invitee-" + UUID.randomUUID()
                    + "@example.com"), Role.STAFF, other, now, now.plus(7, ChronoUnit.DAYS), Optional.empty());
            adapter.unitOfWork().runInTenant(tenant, () -> adapter.invitations().insert(invitation, randomHash()));
        }
    }

    @AfterAll
    static void close() {
        FIXTURE.close();
    }

    @Test
    void given_tenant_a_bound_when_reading_memberships_without_predicate_then_only_a_rows() {
        List<UUID> tenants = inTenant(a, dsl -> dsl.select(MEMBERSHIPS.TENANT_ID).from(MEMBERSHIPS).fetch(MEMBERSHIPS.TENANT_ID));

        assertThat(tenants).hasSize(2).containsOnly(a.value());
    }

    @Test
    void given_tenant_a_bound_when_updating_every_membership_without_predicate_then_b_rows_are_untouched() {
        int updated = inTenant(a, dsl -> dsl.update(MEMBERSHIPS).set(MEMBERSHIPS.ROLE, "staff").execute());

        assertThat(updated).isEqualTo(2);
        assertThat(visibleMemberships(b)).isEqualTo(2);
    }

    @Test
    void given_tenant_a_bound_when_deleting_every_membership_without_predicate_then_b_rows_survive() {
        List<UUID> deletedTenants = rolledBack(a, dsl -> dsl.deleteFrom(MEMBERSHIPS)
                .returning(MEMBERSHIPS.TENANT_ID)
                .fetch(MEMBERSHIPS.TENANT_ID));

        assertThat(deletedTenants).hasSize(2).containsOnly(a.value());
        assertThat(visibleMemberships(b)).isEqualTo(2);
    }

    @Test
    void given_tenant_a_bound_when_inserting_a_row_with_tenant_b_id_then_row_level_security_refuses_it() {
        UUID someone = anyUserOf(b);

        assertThatThrownBy(() -> inTenant(a, dsl -> dsl.insertInto(MEMBERSHIPS)
                        .set(MEMBERSHIPS.TENANT_ID, b.value())
                        .set(MEMBERSHIPS.USER_ID, someone)
                        .set(MEMBERSHIPS.ROLE, "owner")
                        .onConflictDoNothing()
                        .execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class)
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("row-level security policy")
                .hasMessageContaining("memberships");
    }

    @Test
    void given_tenant_a_bound_when_moving_an_a_row_to_tenant_b_then_row_level_security_refuses_it() {
        assertThatThrownBy(() -> inTenant(a, dsl -> dsl.update(MEMBERSHIPS).set(MEMBERSHIPS.TENANT_ID, b.value()).execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class);
        assertThat(visibleMemberships(a)).isEqualTo(2);
    }

    @Test
    void given_no_tenant_bound_when_reading_memberships_then_zero_rows_and_no_error() {
        int visible = RowLevelSecurityIsolationTest.<Integer>withoutTenant(dsl -> dsl.fetchCount(MEMBERSHIPS));

        assertThat(visible).isZero();
    }

    @Test
    void given_no_tenant_bound_when_inserting_a_membership_then_row_level_security_refuses_it() {
        UUID someone = anyUserOf(a);

        assertThatThrownBy(() -> withoutTenant(dsl -> dsl.insertInto(MEMBERSHIPS)
                        .set(MEMBERSHIPS.TENANT_ID, a.value())
                        .set(MEMBERSHIPS.USER_ID, someone)
                        .set(MEMBERSHIPS.ROLE, "owner")
                        .execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class);
    }

    @Test
    void given_no_tenant_bound_when_updating_or_deleting_memberships_then_zero_rows_change() {
        int updated = withoutTenant(dsl -> dsl.update(MEMBERSHIPS).set(MEMBERSHIPS.ROLE, "owner").execute());
        int deleted = withoutTenant(dsl -> dsl.deleteFrom(MEMBERSHIPS).execute());

        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        assertThat(visibleMemberships(a)).isEqualTo(2);
    }

    @Test
    void given_tenant_a_bound_when_updating_or_deleting_tenant_b_row_then_zero_rows_change() {
        int updated = inTenant(a, dsl -> dsl.update(TENANTS).set(TENANTS.NAME, "Hijacked").where(TENANTS.ID.eq(b.value())).execute());
        int deleted = inTenant(a, dsl -> dsl.deleteFrom(TENANTS).where(TENANTS.ID.eq(b.value())).execute());

        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        String nameOfB = withoutTenant(dsl -> dsl.fetchValue(TENANTS.NAME, TENANTS.ID.eq(b.value())));
        assertThat(nameOfB).isEqualTo("Shop isolation-b");
    }

    @Test
    void given_a_pool_of_one_connection_when_alternating_tenants_a_b_a_then_no_binding_carries_over() throws Exception {
        try (PersistenceAdapter single = FIXTURE.database().adapter(1)) {
            List<List<UUID>> seen = new ArrayList<>();
            List<String> settingsBetween = new ArrayList<>();
            for (TenantId tenant : List.of(a, b, a)) {
                seen.add(single.unitOfWork().inTenant(tenant, () -> dsl(single)
                        .selectDistinct(MEMBERSHIPS.TENANT_ID)
                        .from(MEMBERSHIPS)
                        .fetch(MEMBERSHIPS.TENANT_ID)));
                settingsBetween.add(single.unitOfWork().withoutTenant(() -> dsl(single)
                        .fetchValue(DSL.field("current_setting('app.current_tenant', true)", String.class))));
            }

            assertThat(seen).containsExactly(List.of(a.value()), List.of(b.value()), List.of(a.value()));
            assertThat(settingsBetween)
                    .as("transaction-local binding reads '' afterwards on the same connection, which NULLIF turns into no tenant")
                    .containsOnly("");
            int visibleWithoutTenant = single.unitOfWork().withoutTenant(() -> dsl(single).fetchCount(MEMBERSHIPS));
            assertThat(visibleWithoutTenant).isZero();
        }
    }

    @Test
    void given_the_serving_role_then_it_is_no_superuser_has_no_bypassrls_and_owns_no_table() throws SQLException {
        try (Connection connection = FIXTURE.database().serving().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        SELECT current_user, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                               (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                 WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
                        FROM pg_roles r WHERE r.rolname = current_user""")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(MigratedDatabase.SERVING);
            assertThat(row.getBoolean("rolsuper")).isFalse();
            assertThat(row.getBoolean("rolbypassrls")).isFalse();
            assertThat(row.getBoolean("rolcreaterole")).isFalse();
            assertThat(row.getBoolean("rolcreatedb")).isFalse();
            assertThat(row.getLong("owned")).isZero();
        }
    }

    @Test
    void given_a_direct_jdbc_connection_as_the_serving_role_without_set_config_then_zero_rows() throws SQLException {
        try (Connection connection = FIXTURE.database().serving().getConnection()) {
            assertThat(countMemberships(connection)).as("fresh connection: setting is NULL").isZero();

            connection.setAutoCommit(false);
            try (PreparedStatement bind = connection.prepareStatement(JooqUnitOfWork.BIND_TENANT)) {
                bind.setString(1, a.value().toString());
                bind.execute();
            }
            assertThat(countMemberships(connection)).as("bound inside the transaction").isEqualTo(2);
            connection.commit();
            connection.setAutoCommit(true);

            assertThat(countMemberships(connection)).as("after commit: setting is '' and reads as no tenant").isZero();
        }
    }

    @Test
    void given_the_serving_role_when_switching_row_level_security_off_then_it_is_not_allowed() throws SQLException {
        try (Connection connection = FIXTURE.database().serving().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("ALTER TABLE memberships DISABLE ROW LEVEL SECURITY"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.execute("DROP POLICY memberships_tenant_isolation ON memberships"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE sneaky (id int)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void given_the_serving_role_when_touching_the_migration_history_then_permission_denied() throws SQLException {
        try (Connection connection = FIXTURE.database().serving().getConnection();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM " + Migrations.HISTORY_TABLE))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void given_the_serving_role_then_it_holds_exactly_dml_privileges_on_each_table() throws SQLException {
        try (Connection connection = FIXTURE.database().serving().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT t.relname,
                               has_table_privilege(t.oid, 'SELECT') AND has_table_privilege(t.oid, 'INSERT')
                                 AND has_table_privilege(t.oid, 'UPDATE') AND has_table_privilege(t.oid, 'DELETE'),
                               has_table_privilege(t.oid, 'TRUNCATE') OR has_table_privilege(t.oid, 'REFERENCES')
                                 OR has_table_privilege(t.oid, 'TRIGGER')
                        FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                        WHERE n.nspname = 'public' AND t.relkind = 'r' AND t.relname <> 'flyway_schema_history'
                        ORDER BY 1""")) {
            List<String> tables = new ArrayList<>();
            while (rows.next()) {
                tables.add(rows.getString(1));
                assertThat(rows.getBoolean(2)).as("DML on " + rows.getString(1)).isTrue();
                assertThat(rows.getBoolean(3)).as("TRUNCATE/REFERENCES/TRIGGER on " + rows.getString(1)).isFalse();
            }
            assertThat(tables)
                    .containsExactly("ai_quota_overrides", "ai_usage", "categories", "category_slug_redirects",
                            "idempotency_keys", "invitations", "job_items", "jobs", "media_assets", "memberships",
                            "outbox_messages", "product_images", "product_slug_redirects", "products",
                            "refresh_families", "refresh_tokens", "scheduled_tasks", "storefront_config", "tenants",
                            "user_idempotency_keys", "users", "visits");
        }
    }

    @Test
    void given_tenant_a_bound_when_reading_invitations_without_predicate_then_only_a_rows() {
        List<UUID> tenants = inTenant(a, dsl -> dsl.select(INVITATIONS.TENANT_ID).from(INVITATIONS).fetch(INVITATIONS.TENANT_ID));

        assertThat(tenants).containsExactly(a.value());
    }

    @Test
    void given_tenant_a_bound_when_accepting_or_deleting_every_invitation_without_predicate_then_b_rows_are_untouched() {
        List<UUID> changed = rolledBack(a, dsl -> {
            List<UUID> accepted = dsl.update(INVITATIONS)
                    .set(INVITATIONS.ACCEPTED_AT, OffsetDateTime.now())
                    .set(INVITATIONS.ACCEPTED_BY, traveller.value())
                    .returning(INVITATIONS.TENANT_ID)
                    .fetch(INVITATIONS.TENANT_ID);
            List<UUID> deleted = dsl.deleteFrom(INVITATIONS).returning(INVITATIONS.TENANT_ID).fetch(INVITATIONS.TENANT_ID);
            List<UUID> both = new ArrayList<>(accepted);
            both.addAll(deleted);
            return both;
        });

        assertThat(changed).hasSize(2).containsOnly(a.value());
        int openInB = inTenant(b, dsl -> dsl.fetchCount(INVITATIONS, INVITATIONS.ACCEPTED_AT.isNull()));
        assertThat(openInB).isEqualTo(1);
    }

    @Test
    void given_tenant_a_bound_when_inserting_an_invitation_with_tenant_b_id_then_row_level_security_refuses_it() {
        assertThatThrownBy(() -> inTenant(a, dsl -> insertInvitation(dsl, b)))
                .isInstanceOf(RowLevelSecurityViolationException.class)
                .hasMessageContaining("invitations");
    }

    @Test
    void given_tenant_a_bound_when_moving_an_invitation_to_tenant_b_then_row_level_security_refuses_it() {
        assertThatThrownBy(() -> inTenant(a, dsl -> dsl.update(INVITATIONS).set(INVITATIONS.TENANT_ID, b.value()).execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class);
    }

    @Test
    void given_no_tenant_bound_when_reading_or_changing_invitations_then_zero_rows_and_inserts_are_refused() {
        int visible = RowLevelSecurityIsolationTest.<Integer>withoutTenant(dsl -> dsl.fetchCount(INVITATIONS));
        int deleted = RowLevelSecurityIsolationTest.<Integer>withoutTenant(dsl -> dsl.deleteFrom(INVITATIONS).execute());

        assertThat(visible).isZero();
        assertThat(deleted).isZero();
        assertThatThrownBy(() -> withoutTenant(dsl -> insertInvitation(dsl, a)))
                .isInstanceOf(RowLevelSecurityViolationException.class);
    }

    @Test
    void given_a_user_bound_when_reading_memberships_without_predicate_then_only_their_own_rows_in_every_tenant() {
        List<org.jooq.Record2<UUID, UUID>> rows = asUser(traveller, dsl -> dsl
                .select(MEMBERSHIPS.TENANT_ID, MEMBERSHIPS.USER_ID)
                .from(MEMBERSHIPS)
                .fetch());

        assertThat(rows).extracting(row -> row.value2()).containsOnly(traveller.value());
        assertThat(rows).extracting(row -> row.value1()).containsExactlyInAnyOrder(a.value(), b.value());
    }

    @Test
    void given_a_user_bound_when_updating_or_deleting_memberships_without_predicate_then_zero_rows_change() {
        int updated = asUser(traveller, dsl -> dsl.update(MEMBERSHIPS).set(MEMBERSHIPS.ROLE, "owner").execute());
        int ownUpdated = asUser(traveller, dsl -> dsl.update(MEMBERSHIPS)
                .set(MEMBERSHIPS.ROLE, "owner")
                .where(MEMBERSHIPS.USER_ID.eq(traveller.value()))
                .execute());
        int deleted = asUser(traveller, dsl -> dsl.deleteFrom(MEMBERSHIPS).execute());

        assertThat(updated).isZero();
        assertThat(ownUpdated).as("reading one's own rows does not make them writable").isZero();
        assertThat(deleted).isZero();
        assertThat(visibleMemberships(a)).isEqualTo(2);
    }

    @Test
    void given_a_user_bound_when_inserting_a_membership_for_themselves_then_row_level_security_refuses_it() {
        Tenant other = Tenant.open(Slug.of("isolation-" + UUID.randomUUID().toString().substring(0, 8)), "Other",
                CurrencyCode.of("KWD"));
        adapter.unitOfWork().runInTenant(other.id(), () -> adapter.tenants().insert(other));

        assertThatThrownBy(() -> asUser(traveller, dsl -> dsl.insertInto(MEMBERSHIPS)
                        .set(MEMBERSHIPS.TENANT_ID, other.id().value())
                        .set(MEMBERSHIPS.USER_ID, traveller.value())
                        .set(MEMBERSHIPS.ROLE, "owner")
                        .execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class);
    }

    @Test
    void given_a_user_bound_when_reading_invitations_then_zero_rows() {
        int visible = asUser(traveller, dsl -> dsl.fetchCount(INVITATIONS));

        assertThat(visible).isZero();
    }

    @Test
    void given_a_pool_of_one_connection_when_a_user_unit_of_work_ends_then_the_user_binding_does_not_carry_over() {
        try (PersistenceAdapter single = FIXTURE.database().adapter(1)) {
            int asTraveller = single.unitOfWork().asUser(traveller, () -> dsl(single).fetchCount(MEMBERSHIPS));
            String settingAfter = single.unitOfWork().withoutTenant(() -> dsl(single)
                    .fetchValue(DSL.field("current_setting('app.current_user', true)", String.class)));
            int withoutTenant = single.unitOfWork().withoutTenant(() -> dsl(single).fetchCount(MEMBERSHIPS));

            assertThat(asTraveller).isEqualTo(2);
            assertThat(settingAfter).isEmpty();
            assertThat(withoutTenant).isZero();
        }
    }

    private static int insertInvitation(DSLContext dsl, TenantId tenant) {
        return dsl.insertInto(INVITATIONS)
                .set(INVITATIONS.ID, UUID.randomUUID())
                .set(INVITATIONS.TENANT_ID, tenant.value())
                .set(INVITATIONS.EMAIL, "sneaky-" + UUID.randomUUID() + "@example.com")
                .set(INVITATIONS.ROLE, "owner")
                .set(INVITATIONS.TOKEN_HASH, randomHash())
                .set(INVITATIONS.INVITED_BY, traveller.value())
                .set(INVITATIONS.CREATED_AT, OffsetDateTime.now())
                .set(INVITATIONS.EXPIRES_AT, OffsetDateTime.now().plusDays(1))
                .execute();
    }

    private static byte[] randomHash() {
        byte[] hash = new byte[32];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(hash);
        return hash;
    }

    private static User newUser() {
        return adapter.unitOfWork().withoutTenant(() -> adapter.users()
                .insertOrGet(User.register(EmailAddress.of("member-" + UUID.randomUUID() + "@example.com"))));
    }

    private static <T> T asUser(UserId user, java.util.function.Function<DSLContext, T> work) {
        return adapter.unitOfWork().asUser(user, () -> work.apply(dsl(adapter)));
    }

    private static int visibleMemberships(TenantId tenant) {
        return inTenant(tenant, dsl -> dsl.fetchCount(MEMBERSHIPS));
    }

    private static int countMemberships(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM memberships")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static TenantId openTenant(String slug) {
        Tenant tenant = Tenant.open(Slug.of(slug), "Shop " + slug, CurrencyCode.of("KWD"));
        adapter.unitOfWork().runInTenant(tenant.id(), () -> adapter.tenants().insert(tenant));
        return tenant.id();
    }

    private static UUID anyUserOf(TenantId tenant) {
        return inTenant(tenant, dsl -> dsl.select(MEMBERSHIPS.USER_ID).from(MEMBERSHIPS).limit(1).fetchOne(MEMBERSHIPS.USER_ID));
    }

    @Test
    void given_media_of_both_tenants_when_tenant_a_reads_without_predicate_or_finds_b_id_then_only_a_rows() {
        io.saasplatform.domain.MediaAsset ofA = pendingMedia(a);
        io.saasplatform.domain.MediaAsset ofB = pendingMedia(b);

        List<UUID> visible = inTenant(a, dsl -> dsl.select(MEDIA_ASSETS.TENANT_ID).from(MEDIA_ASSETS)
                .fetch(MEDIA_ASSETS.TENANT_ID));

        assertThat(visible).isNotEmpty().containsOnly(a.value());
        assertThat(adapter.unitOfWork().inTenant(a, () -> adapter.media().find(ofB.id()))).isEmpty();
        assertThat(adapter.unitOfWork().inTenant(a, () -> adapter.media().find(ofA.id()))).isPresent();
        assertThat(adapter.unitOfWork().inTenant(a, () -> adapter.media().delete(ofB.id()))).isFalse();
        assertThat(adapter.unitOfWork().inTenant(b, () -> adapter.media().find(ofB.id()))).isPresent();
    }

    @Test
    void given_tenant_a_bound_when_inserting_media_or_storefront_config_for_tenant_b_then_refused() {
        assertThatThrownBy(() -> inTenant(a, dsl -> dsl.insertInto(STOREFRONT_CONFIG)
                        .set(STOREFRONT_CONFIG.TENANT_ID, b.value())
                        .set(STOREFRONT_CONFIG.TITLE, "hijacked")
                        .set(STOREFRONT_CONFIG.UPDATED_AT, OffsetDateTime.now())
                        .execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class)
                .hasMessageContaining("storefront_config");
        assertThatThrownBy(() -> inTenant(a, dsl -> dsl.insertInto(MEDIA_ASSETS)
                        .set(MEDIA_ASSETS.TENANT_ID, b.value())
                        .set(MEDIA_ASSETS.ID, UUID.randomUUID())
                        .set(MEDIA_ASSETS.FILENAME, "x.png")
                        .set(MEDIA_ASSETS.CONTENT_TYPE, "image/png")
                        .set(MEDIA_ASSETS.BYTE_SIZE, 1L)
                        .set(MEDIA_ASSETS.CREATED_BY, UUID.randomUUID())
                        .set(MEDIA_ASSETS.CREATED_AT, OffsetDateTime.now())
                        .set(MEDIA_ASSETS.UPLOAD_EXPIRES_AT, OffsetDateTime.now())
                        .execute()))
                .isInstanceOf(RowLevelSecurityViolationException.class)
                .hasMessageContaining("media_assets");
    }

    private static io.saasplatform.domain.MediaAsset pendingMedia(TenantId tenant) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        io.saasplatform.domain.MediaAsset asset = io.saasplatform.domain.MediaAsset.pending("a.png",
                io.saasplatform.domain.ImageType.PNG, 10, UserId.random(), now, now.plusSeconds(600));
        adapter.unitOfWork().runInTenant(tenant, () -> adapter.media().insert(asset, now.plus(1, ChronoUnit.DAYS)));
        return asset;
    }

    private static DSLContext dsl(PersistenceAdapter persistence) {
        return ((JooqUnitOfWork) persistence.unitOfWork()).transaction().dsl();
    }

    private static <T> T inTenant(TenantId tenant, java.util.function.Function<DSLContext, T> work) {
        return adapter.unitOfWork().inTenant(tenant, () -> work.apply(dsl(adapter)));
    }

    private static <T> T withoutTenant(java.util.function.Function<DSLContext, T> work) {
        return adapter.unitOfWork().withoutTenant(() -> work.apply(dsl(adapter)));
    }

    /** Runs the work as the tenant and rolls it back, so that destructive statements leave the seed intact. */
    private static <T> T rolledBack(TenantId tenant, java.util.function.Function<DSLContext, T> work) {
        List<T> result = new ArrayList<>();
        assertThatThrownBy(() -> adapter.unitOfWork().inTenant(tenant, () -> {
                    result.add(work.apply(dsl(adapter)));
                    throw new RollbackRequested();
                }))
                .isInstanceOf(RollbackRequested.class);
        return result.getFirst();
    }

    private static final class RollbackRequested extends RuntimeException {}
}
