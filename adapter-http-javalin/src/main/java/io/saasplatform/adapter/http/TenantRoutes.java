package io.saasplatform.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.config.RoutesConfig;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CreateTenantUseCase;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.InvitationsUseCase;
import io.saasplatform.application.port.in.ManageTenantUseCase;
import io.saasplatform.application.port.in.MembersUseCase;
import io.saasplatform.domain.Member;
import io.saasplatform.application.port.in.MyTenantsUseCase;
import io.saasplatform.domain.MyTenant;
import io.saasplatform.domain.Invitation;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tenants, their members and invitations. Every {@code /tenants/me...} route acts in the tenant of the access token
 * and nowhere else: no route takes a tenant id from the client, so another tenant's members are simply not found.
 */
final class TenantRoutes implements RouteGroup {
    record CreateTenantRequest(
            @JsonProperty(required = true) String slug,
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String defaultCurrency) {}

    record UpdateTenantRequest(String name, String defaultCurrency) {}

    record ChangeRoleRequest(@JsonProperty(required = true) String role) {}

    record InviteRequest(@JsonProperty(required = true) String email, @JsonProperty(required = true) String role) {}

    record AcceptInvitationRequest(@JsonProperty(required = true) String token) {}

    record TenantJson(String id, String slug, String name, String defaultCurrency, Instant createdAt,
            Instant updatedAt) {
        static TenantJson of(Tenant tenant) {
            return new TenantJson(tenant.id().toString(), tenant.slug().value(), tenant.name(),
                    tenant.defaultCurrency().value(), tenant.createdAt(), tenant.updatedAt());
        }
    }

    /** One of the caller's tenants: what it is, the caller's role in it, and since when. */
    record MyTenantJson(String id, String slug, String name, String role, Instant joinedAt) {
        static MyTenantJson of(MyTenant tenant) {
            return new MyTenantJson(tenant.id().toString(), tenant.slug().value(), tenant.name(),
                    tenant.role().wireName(), tenant.joinedAt());
        }
    }

    record MembershipJson(String tenantId, String userId, String role) {
        static MembershipJson of(Membership membership) {
            return new MembershipJson(membership.tenantId().toString(), membership.userId().toString(),
                    membership.role().wireName());
        }
    }

    /**
     * A member as the list shows it: by email, with role and join time ({@code createdAt} is the same instant, under
     * the name every resource uses; {@code updatedAt} moves when the role changes).
     */
    record MemberJson(String tenantId, String userId, String email, String role, Instant joinedAt, Instant createdAt,
            Instant updatedAt) {
        static MemberJson of(Member member) {
            Membership membership = member.membership();
            return new MemberJson(membership.tenantId().toString(), membership.userId().toString(),
                    member.email().value(), membership.role().wireName(), member.joinedAt(), member.joinedAt(),
                    member.updatedAt());
        }
    }

    /** The one list shape; every member fits one answer, so there is never a next page. */
    record MembersJson(List<MemberJson> items, String nextCursor) {}

    /** Never carries the invitation's secret token: that goes to the invitee by email only. */
    /** A pending invitation never changes (accepting or revoking ends it): its {@code updatedAt} is its creation. */
    record InvitationJson(String id, String email, String role, String invitedBy, Instant createdAt, Instant updatedAt,
            Instant expiresAt) {
        static InvitationJson of(Invitation invitation) {
            return new InvitationJson(invitation.id().toString(), invitation.email().value(),
                    invitation.role().wireName(), invitation.invitedBy().toString(), invitation.createdAt(),
                    invitation.createdAt(), invitation.expiresAt());
        }
    }

    /** The one list shape; every pending invitation fits one answer, so there is never a next page. */
    record InvitationsJson(List<InvitationJson> items, String nextCursor) {}

    private final BearerAuth bearer;
    private final IdempotentPosts idempotent;
    private final CreateTenantUseCase createTenant;
    private final ManageTenantUseCase manageTenant;
    private final MembersUseCase members;
    private final InvitationsUseCase invitations;
    private final MyTenantsUseCase myTenants;

    TenantRoutes(
            BearerAuth bearer,
            IdempotentPosts idempotent,
            CreateTenantUseCase createTenant,
            ManageTenantUseCase manageTenant,
            MembersUseCase members,
            InvitationsUseCase invitations,
            MyTenantsUseCase myTenants) {
        this.bearer = bearer;
        this.idempotent = idempotent;
        this.createTenant = createTenant;
        this.manageTenant = manageTenant;
        this.members = members;
        this.invitations = invitations;
        this.myTenants = myTenants;
    }

    private static UUID invitationId(String text) {
        try {
            if (text.length() == 36) {
                UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ProblemException(ProblemType.VALIDATION_FAILED, "invitationId", "invitationId must be a UUID");
    }

    @Override
    public void register(RoutesConfig routes, JsonBodies bodies) {
        routes.post("/tenants", idempotent.forUser(ctx -> {
            UserId creator = bearer.authenticate(ctx).user();
            CreateTenantRequest request = bodies.read(ctx, CreateTenantRequest.class);
            Tenant tenant = createTenant.createTenant(
                    new CreateTenantCommand(creator, request.slug(), request.name(), request.defaultCurrency()),
                    RateLimitHeaders.of(ctx));
            // A tenant is addressed as /tenants/me, read with a token scoped to it (after switch-tenant).
            ctx.status(201).header("Location", "/tenants/me").header("Cache-Control", "no-store")
                    .json(TenantJson.of(tenant));
        }));
        routes.get("/tenants", ctx -> {
            // Any signed-in user, with or without a tenant in the token: this is how a client finds the shops it
            // may switch to.
            UserId user = bearer.authenticate(ctx).user();
            var page = myTenants.listMyTenants(user, Optional.ofNullable(ctx.queryParam("cursor")),
                    ProductListQuery.integer(ctx, "limit"));
            KeysetLinks.next(ctx, page.nextCursor());
            CatalogRoutes.noStore(ctx).json(CatalogJson.PageJson.of(page, MyTenantJson::of));
        });
        routes.get("/tenants/me", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ctx.json(TenantJson.of(manageTenant.getTenant(actor)));
        });
        routes.patch("/tenants/me", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            UpdateTenantRequest request = bodies.read(ctx, UpdateTenantRequest.class);
            if (request.name() == null && request.defaultCurrency() == null) {
                throw new ProblemException(ProblemType.VALIDATION_FAILED,
                        "Send at least one of name, defaultCurrency");
            }
            // One use case, one transaction: a 409 on the currency must not leave the rename committed.
            Tenant tenant = manageTenant.update(actor, Optional.ofNullable(request.name()),
                    Optional.ofNullable(request.defaultCurrency()));
            ctx.json(TenantJson.of(tenant));
        });
        routes.get("/tenants/me/members", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            ctx.json(new MembersJson(
                    members.listMembersWithEmails(actor).stream().map(MemberJson::of).toList(), null));
        });
        routes.patch("/tenants/me/members/{userId}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            UserId member = UserId.parse(ctx.pathParam("userId"));
            ChangeRoleRequest request = bodies.read(ctx, ChangeRoleRequest.class);
            ctx.json(MemberJson.of(members.changeRole(actor, member, Role.parse(request.role()))));
        });
        routes.delete("/tenants/me/members/{userId}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            members.removeMember(actor, UserId.parse(ctx.pathParam("userId")));
            ctx.status(204);
        });
        routes.post("/tenants/me/invitations", idempotent.inTenant(ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            InviteRequest request = bodies.read(ctx, InviteRequest.class);
            Invitation invitation = invitations.invite(actor, request.email(), request.role(), RateLimitHeaders.of(ctx));
            ctx.status(201).header("Location", "/tenants/me/invitations/" + invitation.id());
            ctx.header("Cache-Control", "no-store").json(InvitationJson.of(invitation));
        }));
        routes.get("/tenants/me/invitations", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            List<InvitationJson> pending = invitations.listPending(actor).stream().map(InvitationJson::of).toList();
            ctx.header("Cache-Control", "no-store").json(new InvitationsJson(pending, null));
        });
        routes.get("/tenants/me/invitations/{invitationId}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            Invitation invitation = invitations.getPending(actor, invitationId(ctx.pathParam("invitationId")));
            ctx.header("Cache-Control", "no-store").json(InvitationJson.of(invitation));
        });
        routes.delete("/tenants/me/invitations/{invitationId}", ctx -> {
            Actor actor = bearer.authenticate(ctx).actor();
            invitations.revoke(actor, invitationId(ctx.pathParam("invitationId")));
            ctx.status(204);
        });
        routes.post("/invitations/accept", ctx -> {
            UserId user = bearer.authenticate(ctx).user();
            AcceptInvitationRequest request = bodies.read(ctx, AcceptInvitationRequest.class);
            String token = RequestBounds.atMost("token", request.token(), RequestBounds.MAX_INVITATION_TOKEN_LENGTH);
            ctx.json(MembershipJson.of(invitations.accept(user, token)));
        });
    }
}
