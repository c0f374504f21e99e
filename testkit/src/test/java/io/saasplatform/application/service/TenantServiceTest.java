package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.testkit.fake.InMemoryCatalogRepository;
import io.saasplatform.testkit.fake.InMemoryMembershipRepository;
import io.saasplatform.testkit.fake.InMemoryTenantRepository;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.InMemoryUserRepository;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.ConflictException;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.ForbiddenException;
import io.saasplatform.application.port.in.NotFoundException;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.InvalidValueException;
import io.saasplatform.domain.Member;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Product;
import io.saasplatform.domain.ProductStatus;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TenantServiceTest {
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    private final InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
    private final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork, users);
    private final InMemoryCatalogRepository catalog = new InMemoryCatalogRepository(unitOfWork);
    private final TenantService service = new TenantService(unitOfWork, tenants, users, memberships, catalog,
            new io.saasplatform.testkit.fake.InMemoryInvitationRepository(unitOfWork));

    // --- listing members

    @Test
    void given_a_tenant_when_listing_members_with_emails_then_the_creator_by_email_as_owner() {
        UserId creator = registeredUser("ann@example.com");
        Tenant tenant = service.createTenant(new CreateTenantCommand(creator, "acme", "Acme", "KWD"));

        assertThat(service.listMembersWithEmails(new Actor(creator, tenant.id())))
                .singleElement()
                .satisfies(member -> {
                    assertThat(member.email().value()).isEqualTo("ann@example.com");
                    assertThat(member.membership().role()).isEqualTo(Role.OWNER);
                });
    }

    @Test
    void given_a_user_of_another_tenant_when_listing_members_with_emails_then_the_tenant_is_not_found() {
        UserId ann = registeredUser("ann@example.com");
        UserId bob = registeredUser("bob@example.com");
        Tenant acme = service.createTenant(new CreateTenantCommand(ann, "acme", "Acme", "KWD"));
        service.createTenant(new CreateTenantCommand(bob, "bobs", "Bob's", "KWD"));

        assertThatThrownBy(() -> service.listMembersWithEmails(new Actor(bob, acme.id())))
                .isInstanceOf(NotFoundException.class);
    }

    // --- creating a tenant

    @Test
    void given_registered_user_when_creating_tenant_then_tenant_stored_and_creator_is_owner() {
        UserId creator = registeredUser("ann@example.com");

        Tenant tenant = service.createTenant(new CreateTenantCommand(creator, "acme", " Acme Shop ", "KWD"));

        assertThat(tenant.slug().value()).isEqualTo("acme");
        assertThat(tenant.name()).isEqualTo("Acme Shop");
        assertThat(tenant.defaultCurrency()).isEqualTo(CurrencyCode.of("KWD"));
        assertThat(tenants.allRows()).containsExactly(tenant);
        assertThat(service.listMembers(new Actor(creator, tenant.id())))
                .containsExactly(new Membership(tenant.id(), creator, Role.OWNER));
    }

    @Test
    void given_a_user_who_owns_the_most_tenants_allowed_when_opening_another_then_409_and_nothing_created() {
        UserId ann = registeredUser("ann@example.com");
        TenantService capped = limited(new TenantService.TenantLimits(2, 100));
        capped.createTenant(new CreateTenantCommand(ann, "one", "One", "USD"));
        capped.createTenant(new CreateTenantCommand(ann, "two", "Two", "USD"));

        assertThatThrownBy(() -> capped.createTenant(new CreateTenantCommand(ann, "three", "Three", "USD")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.getMessage()).contains("own 2"));
        assertThat(tenants.allRows()).hasSize(2);
    }

    @Test
    void given_a_user_opening_tenants_faster_than_the_hourly_rate_when_opening_another_then_429_and_nothing_created() {
        UserId ann = registeredUser("ann@example.com");
        TenantService limited = limited(new TenantService.TenantLimits(0, 2));
        limited.createTenant(new CreateTenantCommand(ann, "one", "One", "USD"));
        limited.createTenant(new CreateTenantCommand(ann, "two", "Two", "USD"));

        assertThatThrownBy(() -> limited.createTenant(new CreateTenantCommand(ann, "three", "Three", "USD")))
                .isInstanceOf(io.saasplatform.application.port.in.RateLimitedException.class);
        assertThat(tenants.allRows()).hasSize(2);
        // Another user is not affected.
        UserId bob = registeredUser("bob@example.com");
        assertThat(limited.createTenant(new CreateTenantCommand(bob, "bobs", "Bob's", "USD")).slug().value())
                .isEqualTo("bobs");
    }

    private TenantService limited(TenantService.TenantLimits limits) {
        return new TenantService(unitOfWork, tenants, users, memberships, catalog,
                new io.saasplatform.testkit.fake.InMemoryInvitationRepository(unitOfWork),
                new io.saasplatform.testkit.fake.InMemoryRateLimiter(java.time.Clock.systemUTC()), limits);
    }

    @Test
    void given_taken_slug_when_creating_tenant_then_conflict_on_slug_and_nothing_created() {
        Tenant existing = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        UserId bob = registeredUser("bob@example.com");

        assertThatThrownBy(() -> service.createTenant(new CreateTenantCommand(bob, "acme", "Other Acme", "USD")))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("slug"));

        assertThat(tenants.allRows()).containsExactly(existing);
        assertThat(memberships.allRows()).extracting(Membership::userId).doesNotContain(bob);
    }

    static Stream<Arguments> invalid_create_commands() {
        return Stream.of(
                Arguments.of("Acme!", "Acme", "USD", "slug"),
                Arguments.of("-acme", "Acme", "USD", "slug"),
                Arguments.of(null, "Acme", "USD", "slug"),
                Arguments.of("acme", "   ", "USD", "name"),
                Arguments.of("acme", null, "USD", "name"),
                Arguments.of("acme", "x".repeat(201), "USD", "name"),
                Arguments.of("acme", "Acme", "usd", "defaultCurrency"),
                Arguments.of("acme", "Acme", "XYZ", "defaultCurrency"),
                Arguments.of("acme", "Acme", null, "defaultCurrency"));
    }

    @ParameterizedTest(name = "slug={0} name={1} currency={2} is refused on {3}")
    @MethodSource("invalid_create_commands")
    void given_invalid_input_when_creating_tenant_then_refused_naming_the_field_and_nothing_created(
            String slug, String name, String currency, String field) {
        UserId creator = registeredUser("ann@example.com");

        assertThatThrownBy(() -> service.createTenant(new CreateTenantCommand(creator, slug, name, currency)))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo(field));

        assertThat(tenants.allRows()).isEmpty();
        assertThat(memberships.allRows()).isEmpty();
    }

    @Test
    void given_unknown_creator_when_creating_tenant_then_user_not_found_and_nothing_created() {
        assertThatThrownBy(() -> service.createTenant(new CreateTenantCommand(UserId.random(), "acme", "Acme", "USD")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("user"));

        assertThat(tenants.allRows()).isEmpty();
        assertThat(memberships.allRows()).isEmpty();
    }

    // --- managing the tenant

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"OWNER", "ADMIN"})
    void given_owner_or_admin_when_renaming_tenant_then_renamed(Role role) {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor actor = memberOf(tenant, role);

        Tenant renamed = service.rename(actor, "Acme Ltd");

        assertThat(renamed.name()).isEqualTo("Acme Ltd");
        assertThat(service.getTenant(actor)).isEqualTo(renamed);
        assertThat(tenant.createdAt()).as("the store's creation time, read back").isNotNull();
        assertThat(renamed.createdAt()).isEqualTo(tenant.createdAt());
        assertThat(renamed.updatedAt()).isAfterOrEqualTo(tenant.updatedAt());
        assertThat(renamed.id()).isEqualTo(tenant.id());
        assertThat(renamed.slug()).isEqualTo(tenant.slug());
    }

    @Test
    void given_owner_when_changing_default_currency_then_changed() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor actor = memberOf(tenant, Role.OWNER);

        Tenant changed = service.changeDefaultCurrency(actor, "JPY");

        assertThat(changed.defaultCurrency()).isEqualTo(CurrencyCode.of("JPY"));
        assertThat(service.getTenant(actor)).isEqualTo(changed);
    }

    @Test
    void given_admin_when_changing_default_currency_then_forbidden_because_it_reprices_every_inheriting_product() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor admin = memberOf(tenant, Role.ADMIN);

        assertThatThrownBy(() -> service.changeDefaultCurrency(admin, "JPY")).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.update(admin, Optional.empty(), Optional.of("JPY")))
                .isInstanceOf(ForbiddenException.class);
        assertThat(service.update(admin, Optional.of("Acme Ltd"), Optional.empty()).name()).isEqualTo("Acme Ltd");
    }

    @Test
    void given_a_rename_and_a_currency_that_does_not_fit_when_updating_then_409_and_the_name_is_unchanged_too() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        productIn(tenant, "tea", "12.50", null);

        assertThatThrownBy(() -> service.update(new Actor(owner, tenant.id()), Optional.of("Renamed"), Optional.of("JPY")))
                .isInstanceOf(ConflictException.class);

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    @Test
    void given_a_rename_and_a_currency_when_updating_then_both_apply_together() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");

        Tenant updated = service.update(new Actor(owner, tenant.id()), Optional.of("Acme Ltd"), Optional.of("KWD"));

        assertThat(updated.name()).isEqualTo("Acme Ltd");
        assertThat(updated.defaultCurrency()).isEqualTo(CurrencyCode.of("KWD"));
        assertThat(tenants.allRows()).containsExactly(updated);
    }

    @Test
    void given_inheriting_products_with_cents_when_changing_default_currency_to_jpy_then_conflict_naming_the_count() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        productIn(tenant, "tea", "12.50", null);
        productIn(tenant, "mug", "3.25", null);
        productIn(tenant, "pot", "1200", null);
        productIn(tenant, "cup", "1.99", "USD");

        assertThatThrownBy(() -> service.changeDefaultCurrency(new Actor(owner, tenant.id()), "JPY"))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.field()).isEqualTo("defaultCurrency");
                    assertThat(e.getMessage()).startsWith("2 products without their own currency").contains("JPY");
                });

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    @Test
    void given_inheriting_prices_that_fit_when_changing_default_currency_then_changed() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        productIn(tenant, "pot", "1200.00", null);
        productIn(tenant, "cup", "1.99", "USD");
        Actor actor = new Actor(owner, tenant.id());

        assertThat(service.changeDefaultCurrency(actor, "KWD").defaultCurrency()).isEqualTo(CurrencyCode.of("KWD"));
        assertThat(service.changeDefaultCurrency(actor, "JPY").defaultCurrency()).isEqualTo(CurrencyCode.of("JPY"));
    }

    @Test
    void given_inheriting_fils_price_in_kwd_shop_when_changing_to_usd_then_conflict_for_that_one_product() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor actor = new Actor(owner, tenant.id());
        service.changeDefaultCurrency(actor, "KWD");
        productIn(tenant, "dates", "2.125", null);

        assertThatThrownBy(() -> service.changeDefaultCurrency(actor, "USD"))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.getMessage()).startsWith("1 product without its own currency has a price"));
        assertThat(service.getTenant(actor).defaultCurrency()).isEqualTo(CurrencyCode.of("KWD"));
    }

    static Stream<Arguments> tenant_changes() {
        return Stream.of(
                Arguments.of("renaming", Role.ADMIN,
                        (BiFunction<TenantService, Actor, Tenant>) (s, a) -> s.rename(a, "Hacked")),
                Arguments.of("changing currency", Role.OWNER,
                        (BiFunction<TenantService, Actor, Tenant>) (s, a) -> s.changeDefaultCurrency(a, "EUR")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenant_changes")
    void given_staff_member_when_changing_tenant_then_forbidden_and_unchanged(
            String change, Role required, BiFunction<TenantService, Actor, Tenant> operation) {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor staff = memberOf(tenant, Role.STAFF);

        assertThatThrownBy(() -> operation.apply(service, staff))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(required));

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    @Test
    void given_staff_member_when_renaming_tenant_then_forbidden() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");

        assertThatThrownBy(() -> service.rename(memberOf(tenant, Role.STAFF), "Hacked"))
                .isInstanceOf(ForbiddenException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenant_changes")
    void given_non_member_when_changing_tenant_then_tenant_not_found_and_unchanged(
            String change, Role required, BiFunction<TenantService, Actor, Tenant> operation) {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor stranger = new Actor(registeredUser("eve@example.com"), tenant.id());

        assertThatThrownBy(() -> operation.apply(service, stranger))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    @Test
    void given_owner_of_tenant_b_when_renaming_tenant_a_then_tenant_not_found() {
        Tenant tenantA = tenantOwnedBy(registeredUser("ann@example.com"), "shop-a");
        UserId ownerOfB = registeredUser("bob@example.com");
        tenantOwnedBy(ownerOfB, "shop-b");

        assertThatThrownBy(() -> service.rename(new Actor(ownerOfB, tenantA.id()), "Hacked"))
                .isInstanceOf(NotFoundException.class);

        assertThat(tenants.allRows()).contains(tenantA);
    }

    @Test
    void given_staff_member_when_reading_tenant_then_tenant() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");

        assertThat(service.getTenant(memberOf(tenant, Role.STAFF))).isEqualTo(tenant);
    }

    @Test
    void given_owner_when_renaming_to_blank_name_then_refused_naming_name_and_unchanged() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");

        assertThatThrownBy(() -> service.rename(new Actor(owner, tenant.id()), "  "))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("name"));

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    @Test
    void given_owner_when_changing_to_unknown_currency_then_refused_naming_default_currency_and_unchanged() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");

        assertThatThrownBy(() -> service.changeDefaultCurrency(new Actor(owner, tenant.id()), "XYZ"))
                .isInstanceOfSatisfying(
                        InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("defaultCurrency"));

        assertThat(tenants.allRows()).containsExactly(tenant);
    }

    // --- members

    @Test
    void given_admin_when_adding_staff_member_then_member_listed() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor admin = memberOf(tenant, Role.ADMIN);
        UserId carl = registeredUser("carl@example.com");

        Membership added = service.addMember(admin, carl, Role.STAFF);

        assertThat(added).isEqualTo(new Membership(tenant.id(), carl, Role.STAFF));
        assertThat(service.listMembers(admin)).contains(added);
    }

    @Test
    void given_admin_when_granting_owner_then_forbidden_and_not_added() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor admin = memberOf(tenant, Role.ADMIN);
        UserId carl = registeredUser("carl@example.com");

        assertThatThrownBy(() -> service.addMember(admin, carl, Role.OWNER))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.OWNER));

        assertThat(service.listMembers(admin)).extracting(Membership::userId).doesNotContain(carl);
    }

    @Test
    void given_owner_when_granting_owner_then_added_as_owner() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        UserId carl = registeredUser("carl@example.com");

        Membership added = service.addMember(new Actor(owner, tenant.id()), carl, Role.OWNER);

        assertThat(added.role()).isEqualTo(Role.OWNER);
    }

    @Test
    void given_staff_member_when_adding_member_then_forbidden() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor staff = memberOf(tenant, Role.STAFF);
        UserId carl = registeredUser("carl@example.com");

        assertThatThrownBy(() -> service.addMember(staff, carl, Role.STAFF))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.ADMIN));
    }

    @Test
    void given_existing_member_when_adding_again_then_conflict_and_role_unchanged() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor staff = memberOf(tenant, Role.STAFF);

        assertThatThrownBy(() -> service.addMember(new Actor(owner, tenant.id()), staff.user(), Role.ADMIN))
                .isInstanceOf(ConflictException.class);

        assertThat(service.listMembers(staff)).contains(new Membership(tenant.id(), staff.user(), Role.STAFF));
    }

    @Test
    void given_unknown_user_when_adding_member_then_user_not_found() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        UserId ghost = UserId.random();

        assertThatThrownBy(() -> service.addMember(new Actor(owner, tenant.id()), ghost, Role.STAFF))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("user"));

        assertThat(memberships.allRows()).extracting(Membership::userId).doesNotContain(ghost);
    }

    @Test
    void given_members_in_two_tenants_when_actor_of_tenant_a_lists_members_then_only_tenant_a_members() {
        UserId ownerA = registeredUser("ann@example.com");
        Tenant tenantA = tenantOwnedBy(ownerA, "shop-a");
        Actor staffA = memberOf(tenantA, Role.STAFF);
        UserId ownerB = registeredUser("bob@example.com");
        Tenant tenantB = tenantOwnedBy(ownerB, "shop-b");
        Actor staffB = memberOf(tenantB, Role.STAFF);

        List<Membership> members = service.listMembers(new Actor(ownerA, tenantA.id()));

        assertThat(members)
                .containsExactly(
                        new Membership(tenantA.id(), ownerA, Role.OWNER),
                        new Membership(tenantA.id(), staffA.user(), Role.STAFF));
        assertThat(members).extracting(Membership::userId).doesNotContain(ownerB, staffB.user());
        assertThat(members).extracting(Membership::tenantId).containsOnly(tenantA.id());
    }

    @Test
    void given_member_of_tenant_a_when_listing_members_of_tenant_b_then_tenant_not_found() {
        UserId ownerA = registeredUser("ann@example.com");
        tenantOwnedBy(ownerA, "shop-a");
        Tenant tenantB = tenantOwnedBy(registeredUser("bob@example.com"), "shop-b");

        assertThatThrownBy(() -> service.listMembers(new Actor(ownerA, tenantB.id())))
                .isInstanceOf(NotFoundException.class);
    }

    // --- changing roles and removing members

    @Test
    void given_owner_when_changing_a_staff_members_role_then_changed() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor staff = memberOf(tenant, Role.STAFF);

        Member changed = service.changeRole(new Actor(owner, tenant.id()), staff.user(), Role.ADMIN);

        assertThat(changed.membership()).isEqualTo(new Membership(tenant.id(), staff.user(), Role.ADMIN));
        assertThat(service.listMembers(staff)).contains(changed.membership());
        assertThat(service.listMembersWithEmails(staff)).contains(changed);
    }

    @Test
    void given_admin_when_changing_a_role_or_removing_a_member_then_forbidden_and_unchanged() {
        Tenant tenant = tenantOwnedBy(registeredUser("ann@example.com"), "acme");
        Actor admin = memberOf(tenant, Role.ADMIN);
        Actor staff = memberOf(tenant, Role.STAFF);

        assertThatThrownBy(() -> service.changeRole(admin, staff.user(), Role.ADMIN))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.OWNER));
        assertThatThrownBy(() -> service.removeMember(admin, staff.user()))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.required()).isEqualTo(Role.OWNER));

        assertThat(service.listMembers(admin)).contains(new Membership(tenant.id(), staff.user(), Role.STAFF));
    }

    @Test
    void given_last_owner_when_demoting_or_removing_themselves_then_conflict_and_still_owner() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor actor = new Actor(owner, tenant.id());

        assertThatThrownBy(() -> service.changeRole(actor, owner, Role.ADMIN))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("role"));
        assertThatThrownBy(() -> service.removeMember(actor, owner))
                .isInstanceOfSatisfying(ConflictException.class, e -> assertThat(e.field()).isEqualTo("role"));

        assertThat(service.listMembers(actor)).containsExactly(new Membership(tenant.id(), owner, Role.OWNER));
    }

    @Test
    void given_two_owners_when_one_is_demoted_then_allowed_but_the_remaining_owner_cannot_be_removed() {
        UserId ann = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(ann, "acme");
        Actor bob = memberOf(tenant, Role.OWNER);

        service.changeRole(new Actor(ann, tenant.id()), ann, Role.STAFF);

        assertThatThrownBy(() -> service.removeMember(bob, bob.user())).isInstanceOf(ConflictException.class);
        assertThat(service.listMembers(bob))
                .containsExactly(
                        new Membership(tenant.id(), ann, Role.STAFF), new Membership(tenant.id(), bob.user(), Role.OWNER));
    }

    @Test
    void given_owner_when_removing_a_member_then_gone() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor staff = memberOf(tenant, Role.STAFF);

        service.removeMember(new Actor(owner, tenant.id()), staff.user());

        assertThat(service.listMembers(new Actor(owner, tenant.id())))
                .extracting(Membership::userId)
                .doesNotContain(staff.user());
    }

    @Test
    void given_non_member_when_changing_a_role_or_removing_then_tenant_not_found() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        Actor stranger = new Actor(registeredUser("eve@example.com"), tenant.id());

        assertThatThrownBy(() -> service.changeRole(stranger, owner, Role.STAFF))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));
        assertThatThrownBy(() -> service.removeMember(stranger, owner))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("tenant"));
    }

    @Test
    void given_owner_of_tenant_b_when_removing_a_member_of_tenant_a_then_tenant_not_found() {
        UserId ownerA = registeredUser("ann@example.com");
        Tenant tenantA = tenantOwnedBy(ownerA, "shop-a");
        UserId ownerB = registeredUser("bob@example.com");
        tenantOwnedBy(ownerB, "shop-b");

        assertThatThrownBy(() -> service.removeMember(new Actor(ownerB, tenantA.id()), ownerA))
                .isInstanceOf(NotFoundException.class);

        assertThat(service.listMembers(new Actor(ownerA, tenantA.id()))).hasSize(1);
    }

    @Test
    void given_owner_when_changing_the_role_of_a_non_member_then_member_not_found() {
        UserId owner = registeredUser("ann@example.com");
        Tenant tenant = tenantOwnedBy(owner, "acme");
        UserId outsider = registeredUser("eve@example.com");

        assertThatThrownBy(() -> service.changeRole(new Actor(owner, tenant.id()), outsider, Role.STAFF))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("member"));
        assertThatThrownBy(() -> service.removeMember(new Actor(owner, tenant.id()), outsider))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.resource()).isEqualTo("member"));
    }

    // --- helpers: arrange state through the use cases and ports, never by poking the fakes' internals

    private UserId registeredUser(String email) {
        return unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(EmailAddress.of(email)))).id();
    }

    private Tenant tenantOwnedBy(UserId owner, String slug) {
        return service.createTenant(new CreateTenantCommand(owner, slug, "Shop " + slug, "USD"));
    }

    private void productIn(Tenant tenant, String slug, String price, String currency) {
        unitOfWork.runInTenant(tenant.id(), () -> catalog.insertProduct(Product.create(Optional.empty(), slug,
                Slug.of(slug), Optional.empty(), new BigDecimal(price), Optional.ofNullable(currency).map(CurrencyCode::of),
                ProductStatus.DRAFT, Instant.parse("2030-01-01T00:00:00Z"))));
    }

    /** A new user with {@code role} in {@code tenant}, added by the tenant's first owner. */
    private Actor memberOf(Tenant tenant, Role role) {
        TenantId id = tenant.id();
        UserId owner = unitOfWork.inTenant(id, () -> memberships.list().getFirst().userId());
        UserId member = registeredUser(role.wireName() + "-" + UserId.random() + "@example.com");
        service.addMember(new Actor(owner, id), member, role);
        return new Actor(member, id);
    }
}
