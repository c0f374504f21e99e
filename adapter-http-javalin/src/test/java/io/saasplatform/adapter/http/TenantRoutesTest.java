package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.saasplatform.adapter.http.RunningApi.Reply;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.AuthUseCase.TenantGrant;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantRoutesTest {
    private static final String BOB = FakeUseCases.BOB.toString();
    private static AuthFixture fx;

    @BeforeAll
    static void start() {
        fx = AuthFixture.cognitoMode();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @BeforeEach
    void reset() {
        fx.fakes.calls.clear();
        fx.fakes.actors.clear();
    }

    // --- create

    @Test
    void given_tenantless_token_when_creating_a_tenant_then_201_with_location_and_the_caller_as_creator() {
        Reply reply = fx.sendJson("POST", "/tenants", fx.aliceWithoutTenant(),
                "{\"slug\":\"globex\",\"name\":\"Globex\",\"defaultCurrency\":\"USD\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode tenant = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/tenants/me");
        assertThat(tenant.get("slug").asText()).isEqualTo("globex");
        assertThat(tenant.get("name").asText()).isEqualTo("Globex");
        assertThat(tenant.get("defaultCurrency").asText()).isEqualTo("USD");
        assertThat(tenant.get("createdAt").asText()).isEqualTo(FakeUseCases.NOW.toString());
        assertThat(tenant.get("updatedAt").asText()).isEqualTo(FakeUseCases.NOW.toString());
        assertThat(fx.fakes.calls).containsExactly("createTenant:" + FakeUseCases.ALICE.id() + ":globex");
    }

    @Test
    void given_a_tenant_when_reading_and_renaming_it_then_created_at_stays_and_updated_at_is_the_stores() {
        JsonNode read = fx.getWithBearer("/tenants/me", fx.aliceInAcme()).json();
        Reply renamed = fx.sendJson("PATCH", "/tenants/me", fx.aliceInAcme(), "{\"name\":\"Acme Ltd\"}");

        assertThat(read.get("createdAt").asText()).isEqualTo(FakeUseCases.ACME.createdAt().toString());
        assertThat(read.get("updatedAt").asText()).isEqualTo(FakeUseCases.ACME.updatedAt().toString());
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().get("createdAt").asText()).isEqualTo(FakeUseCases.ACME.createdAt().toString());
        assertThat(renamed.json().get("updatedAt").asText()).isEqualTo(FakeUseCases.NOW.toString());
    }

    @Test
    void given_taken_slug_when_creating_a_tenant_then_409_naming_the_slug() {
        Reply reply = fx.sendJson("POST", "/tenants", fx.aliceInAcme(),
                "{\"slug\":\"acme\",\"name\":\"Acme 2\",\"defaultCurrency\":\"USD\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("field").asText()).isEqualTo("slug");
    }

    @Test
    void given_invalid_currency_when_creating_a_tenant_then_400_naming_the_field() {
        Reply reply = fx.sendJson("POST", "/tenants", fx.aliceWithoutTenant(),
                "{\"slug\":\"globex\",\"name\":\"Globex\",\"defaultCurrency\":\"usd\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("currency");
    }

    @Test
    void given_no_token_when_creating_a_tenant_then_401() {
        Reply reply = fx.sendJson("POST", "/tenants", null,
                "{\"slug\":\"globex\",\"name\":\"Globex\",\"defaultCurrency\":\"USD\"}");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(fx.fakes.calls).isEmpty();
    }

    // --- the caller's tenant

    @Test
    void given_token_in_acme_when_reading_tenants_me_then_acme_and_the_actor_comes_from_the_token() {
        Reply reply = fx.getWithBearer("/tenants/me", fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("slug").asText()).isEqualTo("acme");
        assertThat(fx.fakes.actors).containsExactly(new Actor(FakeUseCases.ALICE.id(), FakeUseCases.ACME.id()));
    }

    @Test
    void given_tenantless_token_when_reading_tenants_me_then_403_saying_how_to_get_a_tenant() {
        Reply reply = fx.getWithBearer("/tenants/me", fx.aliceWithoutTenant());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().get("detail").asText()).isEqualTo(BearerAuth.NO_TENANT_DETAIL);
        assertThat(fx.fakes.calls).isEmpty();
    }

    @Test
    void given_token_of_tenant_b_when_reading_tenants_me_then_404_from_inside_tenant_b() {
        Reply reply = fx.getWithBearer("/tenants/me", tokenForOtherTenant());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(fx.fakes.actors.getFirst().tenant()).isEqualTo(FakeUseCases.OTHER_TENANT);
    }

    @Test
    void given_new_name_and_currency_when_patching_tenants_me_then_both_apply() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me", fx.aliceInAcme(),
                "{\"name\":\"Acme Ltd\",\"defaultCurrency\":\"KWD\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        // One use case call, so one transaction: both apply or neither does.
        assertThat(fx.fakes.calls).containsExactly("update:Acme Ltd:KWD");
    }

    @Test
    void given_only_a_name_when_patching_tenants_me_then_only_the_name_changes() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me", fx.aliceInAcme(), "{\"name\":\"Acme Ltd\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("name").asText()).isEqualTo("Acme Ltd");
        assertThat(fx.fakes.calls).containsExactly("update:Acme Ltd:-");
    }

    @Test
    void given_empty_patch_when_patching_tenants_me_then_400() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me", fx.aliceInAcme(), "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(fx.fakes.calls).isEmpty();
    }

    @Test
    void given_forbidden_role_when_patching_tenants_me_then_403() {
        fx.fakes.failNextWith(new io.saasplatform.application.port.in.ForbiddenException(Role.ADMIN, "renaming"));

        Reply reply = fx.sendJson("PATCH", "/tenants/me", fx.aliceInAcme(), "{\"name\":\"x\"}");

        assertThat(reply.status()).isEqualTo(403);
    }

    // --- members

    @Test
    void given_token_in_acme_when_listing_members_then_items_with_email_role_and_join_time_and_no_next_page() {
        Reply reply = fx.getWithBearer("/tenants/me/members", fx.aliceInAcme());

        assertThat(reply.status()).isEqualTo(200);
        JsonNode members = reply.json().get("items");
        assertThat(members).hasSize(2);
        assertThat(members.get(0).get("email").asText()).isEqualTo(FakeUseCases.ALICE.email().value());
        assertThat(members.get(1).get("userId").asText()).isEqualTo(BOB);
        assertThat(members.get(1).get("email").asText()).isEqualTo("bob@example.com");
        assertThat(members.get(1).get("role").asText()).isEqualTo("staff");
        assertThat(members.get(1).get("joinedAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(members.get(1).get("createdAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(members.get(1).get("updatedAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(reply.json().has("nextCursor")).isTrue();
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
    }

    @Test
    void given_token_of_tenant_b_when_listing_members_then_404() {
        assertThat(fx.getWithBearer("/tenants/me/members", tokenForOtherTenant()).status()).isEqualTo(404);
    }

    @Test
    void given_member_when_changing_the_role_then_200_with_the_member_as_the_list_shows_it() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me/members/" + BOB, fx.aliceInAcme(), "{\"role\":\"admin\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("role").asText()).isEqualTo("admin");
        assertThat(reply.json().get("email").asText()).isEqualTo("bob@example.com");
        assertThat(reply.json().get("createdAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(reply.json().get("updatedAt").asText()).isEqualTo("2026-01-03T00:00:00Z");
        assertThat(fx.fakes.calls).containsExactly("changeRole:" + BOB + ":admin");
    }

    @Test
    void given_unknown_role_when_changing_the_role_then_400() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me/members/" + BOB, fx.aliceInAcme(), "{\"role\":\"god\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("role");
    }

    @Test
    void given_last_owner_when_demoting_then_409() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me/members/" + FakeUseCases.ALICE.id(), fx.aliceInAcme(),
                "{\"role\":\"staff\"}");

        assertThat(reply.status()).isEqualTo(409);
    }

    @Test
    void given_malformed_user_id_when_changing_the_role_then_400() {
        Reply reply = fx.sendJson("PATCH", "/tenants/me/members/not-a-uuid", fx.aliceInAcme(), "{\"role\":\"staff\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("field").asText()).isEqualTo("userId");
    }

    @Test
    void given_member_when_removing_then_204() {
        Reply reply = fx.api.send(fx.withBearer("/tenants/me/members/" + BOB, fx.aliceInAcme()).DELETE());

        assertThat(reply.status()).isEqualTo(204);
        assertThat(fx.fakes.calls).containsExactly("removeMember:" + BOB);
    }

    @Test
    void given_unknown_member_when_removing_then_404() {
        Reply reply = fx.api.send(fx.withBearer(
                "/tenants/me/members/99999999-9999-4999-8999-999999999999", fx.aliceInAcme()).DELETE());

        assertThat(reply.status()).isEqualTo(404);
    }

    // --- invitations

    @Test
    void given_admin_when_inviting_then_201_without_the_secret_token() {
        Reply reply = fx.sendJson("POST", "/tenants/me/invitations", fx.aliceInAcme(),
                "{\"email\":\"carol@example.com\",\"role\":\"staff\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode invitation = reply.json();
        assertThat(invitation.get("email").asText()).isEqualTo("carol@example.com");
        assertThat(invitation.get("role").asText()).isEqualTo("staff");
        assertThat(invitation.get("expiresAt").asText()).isEqualTo("2026-06-08T12:00:00Z");
        assertThat(invitation.get("id").asText()).isNotBlank();
        assertThat(invitation.has("token")).isFalse();
        assertThat(invitation.size()).isEqualTo(7);
        assertThat(invitation.get("updatedAt").asText()).isEqualTo(invitation.get("createdAt").asText());
        assertThat(reply.header("Location")).isEqualTo("/tenants/me/invitations/" + invitation.get("id").asText());
    }

    @Test
    void given_a_pending_invitation_when_reading_it_by_id_then_200_and_an_unknown_id_404() {
        Reply found = fx.getWithBearer("/tenants/me/invitations/" + FakeUseCases.INVITATION_ID, fx.aliceInAcme());
        Reply unknown = fx.getWithBearer("/tenants/me/invitations/" + java.util.UUID.randomUUID(), fx.aliceInAcme());

        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("id").asText()).isEqualTo(FakeUseCases.INVITATION_ID.toString());
        assertThat(found.json().has("token")).isFalse();
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void given_admin_inviting_an_owner_when_inviting_then_403() {
        Reply reply = fx.sendJson("POST", "/tenants/me/invitations", fx.aliceInAcme(),
                "{\"email\":\"carol@example.com\",\"role\":\"owner\"}");

        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void given_valid_invitation_token_when_accepting_then_200_membership() {
        Reply reply = fx.sendJson("POST", "/invitations/accept", fx.aliceWithoutTenant(),
                "{\"token\":\"" + FakeUseCases.INVITATION_TOKEN + "\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("tenantId").asText()).isEqualTo(FakeUseCases.ACME.id().toString());
        assertThat(reply.json().get("role").asText()).isEqualTo("staff");
    }

    @Test
    void given_unknown_invitation_token_when_accepting_then_404() {
        Reply reply = fx.sendJson("POST", "/invitations/accept", fx.aliceInAcme(), "{\"token\":\"nope\"}");

        assertThat(reply.status()).isEqualTo(404);
    }

    @Test
    void given_no_token_when_accepting_then_401() {
        assertThat(fx.sendJson("POST", "/invitations/accept", null, "{\"token\":\"x\"}").status()).isEqualTo(401);
    }

    private static String tokenForOtherTenant() {
        return fx.aliceIn(new TenantGrant(FakeUseCases.OTHER_TENANT, Slug.of("other"), "Other", Role.OWNER));
    }

    @Test
    void given_nul_in_a_json_text_field_when_creating_a_tenant_or_inviting_then_400_naming_it_and_no_call() {
        Reply tenant = fx.sendJson("POST", "/tenants", fx.aliceWithoutTenant(),
                "{\"slug\":\"globex\",\"name\":\"Glo\\u0000bex\",\"defaultCurrency\":\"USD\"}");
        Reply invitation = fx.sendJson("POST", "/tenants/me/invitations", fx.aliceInAcme(),
                "{\"email\":\"bob\\u0000@example.com\",\"role\":\"staff\"}");

        assertThat(tenant.status()).as(tenant.body()).isEqualTo(400);
        assertThat(tenant.json().get("field").asText()).isEqualTo("name");
        assertThat(invitation.status()).as(invitation.body()).isEqualTo(400);
        assertThat(invitation.json().get("field").asText()).isEqualTo("email");
        assertThat(fx.fakes.calls).isEmpty();
    }

    @Test
    void given_admin_token_when_listing_invitations_then_pending_ones_with_inviter_and_expiry_never_a_token() {
        Reply reply = fx.getWithBearer("/tenants/me/invitations", fx.aliceInAcme());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().get("nextCursor").isNull()).isTrue();
        JsonNode invitation = reply.json().get("items").get(0);
        assertThat(invitation.get("id").asText()).isEqualTo(FakeUseCases.INVITATION_ID.toString());
        assertThat(invitation.get("invitedBy").asText()).isEqualTo(FakeUseCases.ALICE.id().toString());
        assertThat(invitation.get("expiresAt").asText()).isEqualTo("2026-06-08T12:00:00Z");
        assertThat(invitation.has("token")).isFalse();
        assertThat(fx.fakes.calls).containsExactly("listInvitations");
    }

    @Test
    void given_an_invitation_id_when_revoking_then_204_and_a_malformed_id_is_400_without_a_call() {
        Reply revoked = fx.api.send(fx.withBearer(
                "/tenants/me/invitations/" + FakeUseCases.INVITATION_ID, fx.aliceInAcme()).DELETE());
        Reply malformed = fx.api.send(fx.withBearer("/tenants/me/invitations/not-a-uuid", fx.aliceInAcme()).DELETE());

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("field").asText()).isEqualTo("invitationId");
        assertThat(fx.fakes.calls).containsExactly("revoke:" + FakeUseCases.INVITATION_ID);
    }
}
