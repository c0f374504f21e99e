package io.saasplatform.application.service;

import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.ManageTenantUseCase;
import io.saasplatform.application.port.in.MembersUseCase;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.application.port.in.RateLimitObserver;
import io.saasplatform.application.port.out.CatalogRepository;
import io.saasplatform.application.port.out.InvitationRepository;
import io.saasplatform.application.port.out.RateLimiter;
import io.saasplatform.application.port.out.MembershipRepository;
import io.saasplatform.application.port.out.TenantReads;
import io.saasplatform.application.port.out.TenantReads.Read;
import io.saasplatform.application.port.out.TenantRepository;
import io.saasplatform.application.port.out.UnitOfWork;
import io.saasplatform.application.port.out.UserRepository;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.UserId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Application service: tenants and their members; every operation runs as the caller's tenant. */
public final class TenantService implements CreateTenantUseCase, ManageTenantUseCase, MembersUseCase {
    private final UnitOfWork unitOfWork;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final MembershipRepository memberships;
    private final CatalogRepository catalog;
    private final InvitationRepository invitations;
    private final RateLimiter rateLimiter;
    private final TenantLimits limits;
    private final TenantReads reads;

    /**
     * Limits on opening tenants, per user: each new tenant brings its own AI quota, so unlimited tenants would multiply
     * it.
     *
     * @param maxOwnedTenants how many tenants one user may own (0: no cap)
     * @param creationsPerHour how many tenants one user may open per hour
     */
    public record TenantLimits(int maxOwnedTenants, int creationsPerHour) {
        public static final int DEFAULT_MAX_OWNED_TENANTS = 10;
        public static final int DEFAULT_CREATIONS_PER_HOUR = 5;

        public TenantLimits {
            if (maxOwnedTenants < 0 || creationsPerHour < 1) {
                throw new IllegalArgumentException("maxOwnedTenants must be >= 0 and creationsPerHour >= 1");
            }
        }

        public static TenantLimits defaults() {
            return new TenantLimits(DEFAULT_MAX_OWNED_TENANTS, DEFAULT_CREATIONS_PER_HOUR);
        }
    }

    /** Without limits on opening tenants: for tests and tools only; the platform wires the limited constructor. */
    public TenantService(
            UnitOfWork unitOfWork,
            TenantRepository tenants,
            UserRepository users,
            MembershipRepository memberships,
            CatalogRepository catalog,
            InvitationRepository invitations) {
        this(unitOfWork, tenants, users, memberships, catalog, invitations,
                (key, limit, window) -> RateLimiter.Decision.uncounted(limit, window), new TenantLimits(0, Integer.MAX_VALUE));
    }

    public TenantService(
            UnitOfWork unitOfWork,
            TenantRepository tenants,
            UserRepository users,
            MembershipRepository memberships,
            CatalogRepository catalog,
            InvitationRepository invitations,
            RateLimiter rateLimiter,
            TenantLimits limits) {
        this(unitOfWork, tenants, users, memberships, catalog, invitations, rateLimiter, limits,
                TenantReads.sequential(tenants, memberships, catalog));
    }

    /**
     * @param reads how a read-only request reads its role check and tenant row with what it reads (one round trip
     *     where the adapter fuses them, ADR 0009)
     */
    public TenantService(
            UnitOfWork unitOfWork,
            TenantRepository tenants,
            UserRepository users,
            MembershipRepository memberships,
            CatalogRepository catalog,
            InvitationRepository invitations,
            RateLimiter rateLimiter,
            TenantLimits limits,
            TenantReads reads) {
        this.reads = Objects.requireNonNull(reads);
        this.rateLimiter = Objects.requireNonNull(rateLimiter);
        this.limits = Objects.requireNonNull(limits);
        this.unitOfWork = Objects.requireNonNull(unitOfWork);
        this.tenants = Objects.requireNonNull(tenants);
        this.users = Objects.requireNonNull(users);
        this.memberships = Objects.requireNonNull(memberships);
        this.catalog = Objects.requireNonNull(catalog);
        this.invitations = Objects.requireNonNull(invitations);
    }

    @Override
    public Tenant createTenant(CreateTenantCommand command, RateLimitObserver rateLimits) {
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(command.creator(), "creator");
        Tenant tenant = Tenant.open(Slug.of(command.slug()), command.name(), defaultCurrency(command.defaultCurrency()));
        requireMayOpenAnother(command.creator(), rateLimits);
        // One transaction: the tenant row and its owner membership exist together or not at all.
        return unitOfWork.inTenant(tenant.id(), () -> {
            users.findById(command.creator()).orElseThrow(() -> new NotFoundException("user"));
            try {
                tenants.insert(tenant);
            } catch (TenantRepository.SlugTakenException e) {
                throw new ConflictException("slug-taken", "slug", e.getMessage());
            }
            memberships.save(new Membership(tenant.id(), command.creator(), Role.OWNER));
            // Read back for the store's timestamps.
            return tenants.findById(tenant.id()).orElse(tenant);
        });
    }

    /** The cap (409) first, then the rate (429): only attempts that could succeed use up the hourly allowance. */
    private void requireMayOpenAnother(UserId creator, RateLimitObserver rateLimits) {
        if (limits.maxOwnedTenants() > 0) {
            long owned = unitOfWork.asUser(creator, () -> memberships.ofUser(creator)).stream()
                    .filter(membership -> membership.role() == Role.OWNER)
                    .count();
            if (owned >= limits.maxOwnedTenants()) {
                throw new ConflictException("tenant-limit-reached", null, "you already own " + owned + " tenants, the most one user may own;"
                        + " ask the platform operator to raise the limit");
            }
        }
        RateLimits.count(rateLimiter, "tenants:created-by:" + creator, "tenant-creations", limits.creationsPerHour(),
                Duration.ofHours(1), rateLimits);
    }

    @Override
    public Tenant getTenant(Actor actor) {
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            TenantReads.Fused<Void> read = reads.read(actor.tenant(), Optional.of(actor.user()), new Read.ContextOnly());
            Access.requireRole(read.membership(), Role.STAFF, "reading the tenant");
            return read.tenant().orElseThrow(() -> new NotFoundException("tenant"));
        });
    }

    @Override
    public Tenant rename(Actor actor, String newName) {
        return update(actor, Optional.of(newName), Optional.empty());
    }

    @Override
    public Tenant changeDefaultCurrency(Actor actor, String currency) {
        return update(actor, Optional.empty(), Optional.of(currency));
    }

    @Override
    public Tenant update(Actor actor, Optional<String> newName, Optional<String> currency) {
        Objects.requireNonNull(newName, "newName");
        Objects.requireNonNull(currency, "currency");
        // One unit of work: a refused currency change rolls the rename back with it.
        return unitOfWork.inTenant(actor.tenant(), () -> {
            if (currency.isPresent()) {
                // The currency prices every product that inherits it: an owner's decision.
                requireRole(actor, Role.OWNER, "changing the default currency");
            }
            if (newName.isPresent()) {
                requireRole(actor, Role.ADMIN, "renaming the tenant");
            }
            if (newName.isEmpty() && currency.isEmpty()) {
                requireRole(actor, Role.STAFF, "reading the tenant");
                return currentTenant(actor);
            }
            Tenant current;
            if (currency.isPresent()) {
                CurrencyCode code = defaultCurrency(currency.get());
                // Lock first, count second: product writes validated against the old default hold a shared lock on
                // the tenant, so once this lock is granted every such write is committed and counted below.
                current = tenants.findByIdForUpdate(actor.tenant()).orElseThrow(() -> new NotFoundException("tenant"));
                requireInheritedPricesFit(code);
                current = current.withDefaultCurrency(code);
            } else {
                current = currentTenant(actor);
            }
            Tenant changed = newName.isPresent() ? current.renamed(newName.get()) : current;
            tenants.update(changed);
            return tenants.findById(changed.id()).orElse(changed);
        });
    }

    @Override
    public Membership addMember(Actor actor, UserId user, Role role) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        return unitOfWork.inTenant(actor.tenant(), () -> {
            Role callerRole = requireRole(actor, Role.ADMIN, "adding members");
            if (role == Role.OWNER && callerRole != Role.OWNER) {
                throw new ForbiddenException(Role.OWNER, "granting the owner role");
            }
            users.findById(user).orElseThrow(() -> new NotFoundException("user"));
            if (memberships.find(user).isPresent()) {
                throw new ConflictException("already-member", "userId", "user is already a member of this tenant");
            }
            Membership membership = new Membership(actor.tenant(), user, role);
            memberships.save(membership);
            return membership;
        });
    }

    @Override
    public List<Membership> listMembers(Actor actor) {
        return listing(actor, new Read.Members());
    }

    @Override
    public List<Member> listMembersWithEmails(Actor actor) {
        return listing(actor, new Read.MembersWithEmails());
    }

    /** The members as {@code read} reads them, for staff and above: one read with the role check (ADR 0009). */
    private <T> T listing(Actor actor, Read<T> read) {
        return unitOfWork.readInTenant(actor.tenant(), () -> {
            TenantReads.Fused<T> members = reads.read(actor.tenant(), Optional.of(actor.user()), read);
            Access.requireRole(members.membership(), Role.STAFF, "listing members");
            return members.value();
        });
    }

    /** Parses a tenant's default currency, reporting errors under the field clients sent: {@code defaultCurrency}. */
    private static CurrencyCode defaultCurrency(String code) {
        try {
            return CurrencyCode.of(code);
        } catch (InvalidValueException e) {
            throw new InvalidValueException("defaultCurrency", e.getMessage().replaceFirst("^currency", "defaultCurrency"));
        }
    }

    @Override
    public Member changeRole(Actor actor, UserId member, Role role) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(role, "role");
        return unitOfWork.inTenant(actor.tenant(), () -> {
            requireRole(actor, Role.OWNER, "changing roles");
            Membership current = memberships.find(member).orElseThrow(() -> new NotFoundException("member"));
            if (current.role() == Role.OWNER && role != Role.OWNER) {
                requireAnotherOwner("demoted");
            }
            Membership changed = current.withRole(role);
            memberships.save(changed);
            // What they sent for roles they may no longer grant goes with the role (acceptance re-checks too).
            invitations.deletePendingBeyond(member, Optional.of(role));
            // Answered as the member list shows it, with the times the change gave it.
            return memberships.findWithEmail(member).orElseThrow(() -> new NotFoundException("member"));
        });
    }

    @Override
    public void removeMember(Actor actor, UserId member) {
        Objects.requireNonNull(member, "member");
        unitOfWork.runInTenant(actor.tenant(), () -> {
            requireRole(actor, Role.OWNER, "removing members");
            Membership current = memberships.find(member).orElseThrow(() -> new NotFoundException("member"));
            if (current.role() == Role.OWNER) {
                requireAnotherOwner("removed");
            }
            memberships.remove(member);
            invitations.deletePendingBeyond(member, Optional.empty());
        });
    }

    /**
     * Products without their own currency are priced in the default one: a new default with fewer minor units would
     * leave prices that cannot be paid (12.50 in JPY). Such a change is refused rather than rounding anyone's prices.
     */
    private void requireInheritedPricesFit(CurrencyCode code) {
        long misfits = catalog.countInheritingProductsFinerThan(code.minorUnits());
        if (misfits > 0) {
            throw new ConflictException("currency-mismatch", "defaultCurrency", (misfits == 1
                            ? "1 product without its own currency has a price"
                            : misfits + " products without their own currency have prices")
                    + " with more decimals than " + code
                    + " allows; give them a currency or adjust their prices first");
        }
    }

    /** A tenant must always keep an owner; the count is taken under a lock so two concurrent demotions cannot both pass. */
    private void requireAnotherOwner(String what) {
        if (memberships.countOwnersForUpdate() <= 1) {
            throw new ConflictException("last-owner", "role", "the last owner cannot be " + what);
        }
    }

    private Tenant currentTenant(Actor actor) {
        return tenants.findById(actor.tenant()).orElseThrow(() -> new NotFoundException("tenant"));
    }

    private Role requireRole(Actor actor, Role required, String operation) {
        return Access.requireRole(memberships, actor, required, operation);
    }
}
