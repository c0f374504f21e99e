package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.application.port.out.TenantContext;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;

/**
 * The persistence ports as one implementation provides them, for the port contracts. Uses only port and domain types
 * so that the contracts can move to application's test sources when the in-memory fakes arrive.
 */
public record PersistencePorts(
        UnitOfWork unitOfWork,
        TenantContext tenantContext,
        TenantRepository tenants,
        UserRepository users,
        MembershipRepository memberships,
        InvitationRepository invitations,
        RefreshTokenStore refreshTokens,
        CatalogRepository catalog,
        AiUsageLedger aiUsageLedger) {}
