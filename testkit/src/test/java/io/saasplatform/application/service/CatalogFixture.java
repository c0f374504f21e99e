package io.saasplatform.application.service;

import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.InMemoryMembershipRepository;
import io.saasplatform.testkit.fake.InMemoryTenantRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.InMemoryUserRepository;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase.CategoryPatch;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.CatalogUseCase.ProductPatch;
import io.saasplatform.application.port.in.Change;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.domain.CategoryId;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.math.BigDecimal;

/**
 * Test helper: the in-memory ports behind the catalog, and shops arranged through the use cases (never by poking the
 * fakes' internals).
 */
final class CatalogFixture {
    final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    final InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
    final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork);
    final InMemoryCatalogRepository catalog = new InMemoryCatalogRepository(unitOfWork);
    final TenantService tenantService = new TenantService(unitOfWork, tenants, users, memberships, catalog,
            new io.saasplatform.testkit.fake.InMemoryInvitationRepository(unitOfWork));

    /** The owner of a new shop with this slug and default currency. */
    Actor ownerOfShop(String slug, String currency) {
        UserId owner = registeredUser(slug + "-owner@example.com");
        Tenant tenant = tenantService.createTenant(new CreateTenantCommand(owner, slug, "Shop " + slug, currency));
        return new Actor(owner, tenant.id());
    }

    /** A new user with {@code role} in the owner's shop. */
    Actor memberOf(Actor owner, Role role) {
        UserId member = registeredUser(role.wireName() + "-" + UserId.random() + "@example.com");
        tenantService.addMember(owner, member, role);
        return new Actor(member, owner.tenant());
    }

    /** A signed-in user who belongs to no shop at all, acting on {@code shop}'s tenant. */
    Actor strangerTo(Actor shop) {
        return new Actor(registeredUser("stranger-" + UserId.random() + "@example.com"), shop.tenant());
    }

    UserId registeredUser(String email) {
        return unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(EmailAddress.of(email)))).id();
    }

    static ProductDraft product(String name, String price) {
        return new ProductDraft(name, null, null, new BigDecimal(price), null, null, null);
    }

    static ProductDraft product(String name, String price, String status) {
        return new ProductDraft(name, null, null, new BigDecimal(price), null, null, status);
    }

    static ProductDraft productIn(CategoryId category, String name, String price, String status) {
        return new ProductDraft(name, null, null, new BigDecimal(price), null, category, status);
    }

    /** A product patch that keeps every field unless told otherwise. */
    static final class ProductChanges {
        private Change<String> name = Change.keep();
        private Change<String> slug = Change.keep();
        private Change<String> description = Change.keep();
        private Change<BigDecimal> price = Change.keep();
        private Change<String> currency = Change.keep();
        private Change<CategoryId> categoryId = Change.keep();
        private Change<String> status = Change.keep();

        ProductChanges name(String value) {
            name = Change.to(value);
            return this;
        }

        ProductChanges slug(String value) {
            slug = Change.to(value);
            return this;
        }

        ProductChanges description(String value) {
            description = Change.to(value);
            return this;
        }

        ProductChanges price(String value) {
            price = Change.to(value == null ? null : new BigDecimal(value));
            return this;
        }

        ProductChanges currency(String value) {
            currency = Change.to(value);
            return this;
        }

        ProductChanges categoryId(CategoryId value) {
            categoryId = Change.to(value);
            return this;
        }

        ProductChanges status(String value) {
            status = Change.to(value);
            return this;
        }

        ProductPatch patch() {
            return new ProductPatch(name, slug, description, price, currency, categoryId, status);
        }
    }

    /** A category patch that keeps every field unless told otherwise. */
    static final class CategoryChanges {
        private Change<String> name = Change.keep();
        private Change<String> slug = Change.keep();
        private Change<CategoryId> parentId = Change.keep();
        private Change<Integer> position = Change.keep();

        CategoryChanges name(String value) {
            name = Change.to(value);
            return this;
        }

        CategoryChanges slug(String value) {
            slug = Change.to(value);
            return this;
        }

        CategoryChanges parentId(CategoryId value) {
            parentId = Change.to(value);
            return this;
        }

        CategoryChanges position(Integer value) {
            position = Change.to(value);
            return this;
        }

        CategoryPatch patch() {
            return new CategoryPatch(name, slug, parentId, position);
        }
    }
}
