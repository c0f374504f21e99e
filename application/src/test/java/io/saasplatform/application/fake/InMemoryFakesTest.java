package io.saasplatform.application.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.TenantRepository.SlugTakenException;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Membership;
import io.saasplatform.domain.Role;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.User;
import io.saasplatform.domain.UserId;
import org.junit.jupiter.api.Test;

/** The fakes are only worth using if they behave like the real adapters: a failed unit of work, RLS isolation. */
class InMemoryFakesTest {
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository(unitOfWork);
    private final InMemoryUserRepository users = new InMemoryUserRepository(unitOfWork);
    private final InMemoryMembershipRepository memberships = new InMemoryMembershipRepository(unitOfWork);

    private final Tenant tenantA = Tenant.open(Slug.of("a"), "A", CurrencyCode.of("USD"));
    private final Tenant tenantB = Tenant.open(Slug.of("b"), "B", CurrencyCode.of("KWD"));
    private final UserId ann = UserId.random();

    @Test
    void given_unit_of_work_that_throws_after_writing_when_it_ends_then_no_change_remains() {
        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> {
                    tenants.insert(tenantA);
                    users.insertOrGet(new User(ann, EmailAddress.of("ann@example.com")));
                    memberships.save(new Membership(tenantA.id(), ann, Role.OWNER));
                    throw new IllegalArgumentException("boom");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boom");

        assertThat(tenants.allRows()).isEmpty();
        assertThat(users.allRows()).isEmpty();
        assertThat(memberships.allRows()).isEmpty();
        assertThat(unitOfWork.current()).isEmpty();
    }

    @Test
    void given_failed_nested_unit_swallowed_by_outer_when_outer_ends_then_everything_rolled_back() {
        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> {
                    tenants.insert(tenantA);
                    try {
                        unitOfWork.runInTenant(tenantA.id(), () -> {
                            throw new IllegalArgumentException("inner");
                        });
                    } catch (IllegalArgumentException swallowed) {
                        // the outer work carries on as if nothing happened
                    }
                    return null;
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(tenants.allRows()).isEmpty();
    }

    @Test
    void given_successful_unit_of_work_when_it_ends_then_changes_kept() {
        unitOfWork.runInTenant(tenantA.id(), () -> {
            tenants.insert(tenantA);
            memberships.save(new Membership(tenantA.id(), ann, Role.OWNER));
        });

        assertThat(tenants.allRows()).containsExactly(tenantA);
        assertThat(memberships.allRows()).containsExactly(new Membership(tenantA.id(), ann, Role.OWNER));
    }

    @Test
    void given_tenant_bound_when_asking_context_then_bound_tenant_inside_and_nothing_outside() {
        assertThat(unitOfWork.current()).isEmpty();
        assertThat(unitOfWork.inTenant(tenantA.id(), unitOfWork::current)).contains(tenantA.id());
        assertThat(unitOfWork.inTenant(tenantA.id(), unitOfWork::require)).isEqualTo(tenantA.id());
        assertThat(unitOfWork.withoutTenant(unitOfWork::current)).isEmpty();
        assertThatThrownBy(() -> unitOfWork.withoutTenant(unitOfWork::require))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_unit_of_work_for_tenant_a_when_nesting_one_for_tenant_b_or_none_then_refused() {
        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> unitOfWork.inTenant(tenantB.id(), () -> 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> unitOfWork.withoutTenant(() -> 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> unitOfWork.inTenant(tenantA.id(), () -> 1)))
                .isEqualTo(1);
    }

    @Test
    void given_no_unit_of_work_when_using_repositories_then_refused() {
        assertThatThrownBy(() -> tenants.findById(tenantA.id())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> users.findById(ann)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> memberships.list()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_memberships_in_two_tenants_when_reading_as_tenant_a_then_only_tenant_a_rows() {
        UserId bob = UserId.random();
        unitOfWork.runInTenant(tenantA.id(), () -> memberships.save(new Membership(tenantA.id(), ann, Role.OWNER)));
        unitOfWork.runInTenant(tenantB.id(), () -> memberships.save(new Membership(tenantB.id(), bob, Role.OWNER)));

        assertThat(unitOfWork.inTenant(tenantA.id(), memberships::list))
                .containsExactly(new Membership(tenantA.id(), ann, Role.OWNER));
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> memberships.find(bob))).isEmpty();
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> memberships.remove(bob))).isFalse();
        assertThat(unitOfWork.withoutTenant(memberships::list)).isEmpty();
        assertThat(memberships.allRows()).hasSize(2);
    }

    @Test
    void given_tenant_a_bound_when_saving_membership_of_tenant_b_then_refused() {
        assertThatThrownBy(() -> unitOfWork.runInTenant(
                        tenantA.id(), () -> memberships.save(new Membership(tenantB.id(), ann, Role.OWNER))))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> unitOfWork.withoutTenant(() -> {
                    memberships.save(new Membership(tenantB.id(), ann, Role.OWNER));
                    return null;
                }))
                .isInstanceOf(SecurityException.class);

        assertThat(memberships.allRows()).isEmpty();
    }

    @Test
    void given_membership_when_saving_again_with_other_role_then_replaced_in_place() {
        UserId bob = UserId.random();
        unitOfWork.runInTenant(tenantA.id(), () -> {
            memberships.save(new Membership(tenantA.id(), ann, Role.STAFF));
            memberships.save(new Membership(tenantA.id(), bob, Role.STAFF));
            memberships.save(new Membership(tenantA.id(), ann, Role.ADMIN));
        });

        assertThat(unitOfWork.inTenant(tenantA.id(), memberships::list))
                .containsExactly(
                        new Membership(tenantA.id(), ann, Role.ADMIN), new Membership(tenantA.id(), bob, Role.STAFF));
    }

    @Test
    void given_taken_slug_when_inserting_tenant_then_slug_taken() {
        unitOfWork.withoutTenant(() -> {
            tenants.insert(tenantA);
            return null;
        });
        Tenant clash = Tenant.open(tenantA.slug(), "Other", CurrencyCode.of("EUR"));

        assertThatThrownBy(() -> unitOfWork.runInTenant(clash.id(), () -> tenants.insert(clash)))
                .isInstanceOf(SlugTakenException.class);
        assertThat(tenants.allRows()).containsExactly(tenantA);
    }

    @Test
    void given_tenant_a_bound_when_updating_tenant_b_then_not_updated() {
        unitOfWork.withoutTenant(() -> {
            tenants.insert(tenantA);
            tenants.insert(tenantB);
            return null;
        });

        assertThat(unitOfWork.inTenant(tenantA.id(), () -> tenants.update(tenantB.renamed("Hacked")))).isFalse();
        assertThat(unitOfWork.withoutTenant(() -> tenants.update(tenantA.renamed("Hacked")))).isFalse();
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> tenants.update(tenantA.renamed("A2")))).isTrue();

        assertThat(tenants.allRows()).containsExactly(tenantA.renamed("A2"), tenantB);
    }

    @Test
    void given_user_with_same_email_when_inserting_then_existing_user_returned() {
        User first = new User(ann, EmailAddress.of("ann@example.com"));
        User second = User.register(EmailAddress.of("ANN@example.com"));

        User stored = unitOfWork.withoutTenant(() -> {
            users.insertOrGet(first);
            return users.insertOrGet(second);
        });

        assertThat(stored).isEqualTo(first);
        assertThat(users.allRows()).containsExactly(first);
    }

    @Test
    void given_memberships_in_two_tenants_when_reading_as_user_then_only_own_memberships_and_no_writes() {
        UserId bob = UserId.random();
        unitOfWork.runInTenant(tenantA.id(), () -> memberships.save(new Membership(tenantA.id(), ann, Role.OWNER)));
        unitOfWork.runInTenant(tenantB.id(), () -> {
            memberships.save(new Membership(tenantB.id(), ann, Role.STAFF));
            memberships.save(new Membership(tenantB.id(), bob, Role.OWNER));
        });

        assertThat(unitOfWork.asUser(ann, () -> memberships.ofUser(ann)))
                .containsExactly(new Membership(tenantA.id(), ann, Role.OWNER), new Membership(tenantB.id(), ann, Role.STAFF));
        assertThat(unitOfWork.asUser(ann, () -> memberships.ofUser(bob))).isEmpty();
        assertThat(unitOfWork.asUser(ann, memberships::list)).isEmpty();
        assertThat(unitOfWork.withoutTenant(() -> memberships.ofUser(ann))).isEmpty();
        assertThat(unitOfWork.asUser(ann, unitOfWork::current)).isEmpty();
        assertThatThrownBy(() -> unitOfWork.asUser(ann, () -> {
                    memberships.save(new Membership(tenantA.id(), bob, Role.OWNER));
                    return null;
                }))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> unitOfWork.asUser(ann, () -> unitOfWork.withoutTenant(() -> 1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void given_owners_and_staff_when_counting_owners_then_only_bound_tenants_owners() {
        unitOfWork.runInTenant(tenantA.id(), () -> {
            memberships.save(new Membership(tenantA.id(), ann, Role.OWNER));
            memberships.save(new Membership(tenantA.id(), UserId.random(), Role.STAFF));
        });
        unitOfWork.runInTenant(tenantB.id(), () -> memberships.save(new Membership(tenantB.id(), UserId.random(), Role.OWNER)));

        assertThat(unitOfWork.inTenant(tenantA.id(), memberships::countOwnersForUpdate)).isEqualTo(1);
    }

    @Test
    void given_refresh_store_when_used_inside_a_tenant_unit_then_refused() {
        InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(unitOfWork);

        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> store.lockByHash(new byte[32])))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unitOfWork.withoutTenant(() -> store.lockByHash(new byte[32]))).isEmpty();
    }

    @Test
    void given_limit_reached_when_acquiring_then_refused_until_the_window_ends() {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2030-01-01T00:00:10Z"));
        InMemoryRateLimiter limiter = new InMemoryRateLimiter(clock);
        java.time.Duration minute = java.time.Duration.ofMinutes(1);

        assertThat(limiter.tryAcquire("k", 2, minute).allowed()).isTrue();
        assertThat(limiter.tryAcquire("k", 2, minute).allowed()).isTrue();
        assertThat(limiter.tryAcquire("k", 2, minute))
                .isEqualTo(new io.saasplatform.application.port.out.RateLimiter.Decision(false, java.time.Duration.ofSeconds(50)));
        assertThat(limiter.tryAcquire("other", 2, minute).allowed()).isTrue();
        clock.advance(java.time.Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("k", 2, minute).allowed()).isTrue();
    }
}
