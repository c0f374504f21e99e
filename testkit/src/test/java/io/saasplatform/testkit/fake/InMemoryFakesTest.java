package io.saasplatform.testkit.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiUsageLedger;
import io.saasplatform.application.port.out.CatalogRepository.Keyset;
import io.saasplatform.application.port.out.CatalogRepository.ProductQuery;
import io.saasplatform.application.port.out.CatalogRepository.ProductSort;
import io.saasplatform.application.port.out.QuotaMeter.NeedsSeedException;
import io.saasplatform.application.port.out.QuotaMeter.QuotaStatus;
import io.saasplatform.application.port.out.QuotaMeter.QuotaUnavailableException;
import io.saasplatform.application.port.out.QuotaMeter.Settlement;
import io.saasplatform.application.port.out.TenantRepository.SlugTakenException;
import io.saasplatform.domain.Category;
import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
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
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fakes are only worth using if they behave like the real adapters: a failed unit of work, RLS isolation, keyset
 * order, the quota store's atomic and idempotent operations.
 */
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
                .isEqualTo(new io.saasplatform.application.port.out.RateLimiter.Decision(false, 2, 0, java.time.Duration.ofSeconds(50)));
        assertThat(limiter.tryAcquire("other", 2, minute).allowed()).isTrue();
        clock.advance(java.time.Duration.ofSeconds(50));
        assertThat(limiter.tryAcquire("k", 2, minute).allowed()).isTrue();
    }
    // --- catalog

    @Test
    void given_catalog_rows_of_tenant_a_when_reading_as_tenant_b_or_no_tenant_then_invisible_and_inserts_need_a_tenant() {
        InMemoryCatalogRepository catalog = new InMemoryCatalogRepository(unitOfWork);
        Category lamps = Category.create(Optional.empty(), "Lamps", Slug.of("lamps"), 0, T0);
        Product lamp = product("lamp", "12.5", T0);
        unitOfWork.runInTenant(tenantA.id(), () -> {
            catalog.insertCategory(lamps);
            catalog.insertProduct(lamp);
        });

        unitOfWork.runInTenant(tenantB.id(), () -> {
            assertThat(catalog.findCategory(lamps.id())).isEmpty();
            assertThat(catalog.findProductBySlug(lamp.slug())).isEmpty();
            assertThat(catalog.updateProduct(lamp)).isEmpty();
            assertThat(catalog.deleteCategory(lamps.id())).isFalse();
            assertThatThrownBy(() -> catalog.insertProduct(product("intruder", "1", T0).changed(
                            Optional.of(lamps.id()), "Intruder", Slug.of("intruder"), Optional.empty(),
                            BigDecimal.ONE, Optional.empty(), ProductStatus.DRAFT, T0)))
                    .isInstanceOf(IllegalStateException.class);
        });
        assertThatThrownBy(() -> unitOfWork.withoutTenant(() -> {
                    catalog.insertProduct(product("nobody", "1", T0));
                    return null;
                }))
                .isInstanceOf(SecurityException.class);

        assertThat(catalog.allProducts()).containsExactly(lamp);
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> catalog.findProduct(lamp.id()))).contains(lamp);
    }

    @Test
    void given_failed_unit_of_work_when_it_wrote_catalog_rows_then_they_are_rolled_back() {
        InMemoryCatalogRepository catalog = new InMemoryCatalogRepository(unitOfWork);

        assertThatThrownBy(() -> unitOfWork.runInTenant(tenantA.id(), () -> {
                    catalog.insertProduct(product("lamp", "1", T0));
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(catalog.allProducts()).isEmpty();
    }

    @Test
    void given_equal_prices_when_paging_by_descending_price_then_ids_break_ties_and_pages_do_not_overlap() {
        InMemoryCatalogRepository catalog = new InMemoryCatalogRepository(unitOfWork);
        List<Product> products = List.of(product("a", "5", T0), product("b", "5", T0), product("c", "7", T0),
                product("d", "5", T0), product("e", "1", T0));
        unitOfWork.runInTenant(tenantA.id(), () -> products.forEach(catalog::insertProduct));
        Comparator<Product> expected = Comparator.comparing(Product::price)
                .thenComparing((Product p) -> p.id().toString())
                .reversed();

        List<Product> paged = new ArrayList<>();
        Optional<Keyset> after = Optional.empty();
        do {
            Optional<Keyset> cursor = after;
            List<Product> page = unitOfWork.inTenant(tenantA.id(), () -> catalog.findProducts(new ProductQuery(
                    EnumSet.allOf(ProductStatus.class), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), ProductSort.PRICE_DESC, 2, cursor)));
            paged.addAll(page);
            after = page.size() < 2 ? Optional.empty()
                    : Optional.of(new Keyset(page.getLast().price().toPlainString(), page.getLast().id()));
        } while (after.isPresent());

        assertThat(paged).containsExactlyElementsOf(products.stream().sorted(expected).toList());
    }

    // --- AI usage ledger

    @Test
    void given_ledger_entries_when_recording_again_or_reading_as_another_tenant_then_counted_once_and_isolated() {
        InMemoryAiUsageLedger ledger = new InMemoryAiUsageLedger(unitOfWork);
        AiUsageLedger.Entry entry = new AiUsageLedger.Entry("req-1", "product-description", "m", "p", 100, 50,
                Instant.parse("2030-01-31T23:59:59Z"));

        assertThat(unitOfWork.inTenant(tenantA.id(), () -> ledger.record(entry))).isTrue();
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> ledger.record(entry))).isFalse();
        assertThat(unitOfWork.inTenant(tenantB.id(), () -> ledger.record(entry))).isTrue();

        assertThat(unitOfWork.inTenant(tenantA.id(), () -> ledger.usedTokens(YearMonth.of(2030, 1)))).isEqualTo(150);
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> ledger.usedTokens(YearMonth.of(2030, 2)))).isZero();
        assertThat(unitOfWork.inTenant(tenantA.id(), () -> ledger.totalsByFeature(YearMonth.of(2030, 1))))
                .containsExactly(Map.entry("product-description", 150L));
        assertThat(unitOfWork.withoutTenant(() -> ledger.usedTokens(YearMonth.of(2030, 1)))).isZero();
        assertThatThrownBy(() -> unitOfWork.withoutTenant(() -> ledger.record(entry)))
                .isInstanceOf(SecurityException.class);
        assertThat(ledger.allEntries()).hasSize(2);
    }

    // --- quota meter

    @Test
    void given_unseeded_quota_when_reserving_or_reading_then_needs_seed_and_the_first_seed_wins() {
        MutableClock clock = new MutableClock(T0);
        InMemoryQuotaMeter quota = new InMemoryQuotaMeter(clock);

        assertThatThrownBy(() -> quota.reserve(tenantA.id(), "r1", 10, 100))
                .isInstanceOfSatisfying(NeedsSeedException.class,
                        e -> assertThat(e.period()).isEqualTo(YearMonth.of(2030, 1)));
        assertThatThrownBy(() -> quota.status(tenantA.id(), 100)).isInstanceOf(NeedsSeedException.class);

        assertThat(quota.seed(tenantA.id(), YearMonth.of(2030, 1), 40, List.of())).isTrue();
        assertThat(quota.seed(tenantA.id(), YearMonth.of(2030, 1), 99, List.of("r9"))).isFalse();
        assertThat(quota.status(tenantA.id(), 100))
                .isEqualTo(new QuotaStatus(YearMonth.of(2030, 1), 100, 40, 0, Instant.parse("2030-02-01T00:00:00Z")));
        assertThatThrownBy(() -> quota.status(tenantB.id(), 100)).isInstanceOf(NeedsSeedException.class);
        assertThat(quota.isSettled(tenantA.id(), "r9")).as("a losing seed marks nothing").isFalse();
    }

    @Test
    void given_seeded_quota_when_reserving_then_granted_up_to_the_limit_refused_beyond_and_idempotent_by_request() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 0);

        assertThat(quota.reserve(tenantA.id(), "r1", 60, 100).granted()).isTrue();
        assertThat(quota.reserve(tenantA.id(), "r2", 50, 100).granted()).isFalse();
        assertThat(quota.reserve(tenantA.id(), "r1", 60, 100).granted()).as("the first decision, held once").isTrue();
        assertThat(quota.reserve(tenantA.id(), "r3", 40, 100).granted()).isTrue();
        assertThat(quota.reserve(tenantA.id(), "r2", 0, 100).granted()).as("a refusal is remembered").isFalse();

        assertThat(quota.status(tenantA.id(), 100).reserved()).isEqualTo(100);
        assertThat(quota.status(tenantA.id(), 100).remaining()).isZero();
    }

    @Test
    void given_hold_when_settled_twice_then_actual_tokens_charged_once_and_second_reports_already_settled() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 10);
        quota.reserve(tenantA.id(), "r1", 60, 100);

        Settlement first = quota.settle(tenantA.id(), "r1", 25, 100);
        Settlement second = quota.settle(tenantA.id(), "r1", 25, 100);

        assertThat(first.alreadySettled()).isFalse();
        assertThat(first.status().used()).isEqualTo(35);
        assertThat(first.status().reserved()).isZero();
        assertThat(second.alreadySettled()).isTrue();
        assertThat(second.status().used()).isEqualTo(35);
        assertThat(quota.reserve(tenantA.id(), "r1", 60, 100).granted()).as("no new hold for a settled id").isTrue();
        assertThat(quota.status(tenantA.id(), 100).reserved()).isZero();
    }

    @Test
    void given_hold_when_released_or_expired_by_the_clock_then_freed_and_a_late_settle_charges_the_current_month() {
        MutableClock clock = new MutableClock(T0);
        InMemoryQuotaMeter quota = seededQuota(clock, 0);
        quota.reserve(tenantA.id(), "released", 30, 100);
        quota.reserve(tenantA.id(), "expiring", 40, 100);

        assertThat(quota.release(tenantA.id(), "released")).isTrue();
        assertThat(quota.release(tenantA.id(), "released")).isFalse();
        assertThat(quota.status(tenantA.id(), 100).reserved()).isEqualTo(40);
        clock.advance(Duration.ofMinutes(10));
        assertThat(quota.status(tenantA.id(), 100).reserved()).isZero();

        assertThat(quota.settle(tenantA.id(), "expiring", 15, 100).status().used()).isEqualTo(15);
        assertThat(quota.settle(tenantA.id(), "never-reserved", 5, 100).status().used()).isEqualTo(20);
    }

    @Test
    void given_counters_forgotten_when_settling_a_live_hold_then_needs_seed_and_nothing_changes_until_seeded() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 0);
        quota.reserve(tenantA.id(), "kept", 30, 100);
        quota.reserve(tenantA.id(), "settling", 20, 100);
        quota.forget(tenantA.id(), YearMonth.of(2030, 1));

        assertThatThrownBy(() -> quota.settle(tenantA.id(), "settling", 20, 100))
                .isInstanceOf(NeedsSeedException.class);

        assertThat(quota.isSettled(tenantA.id(), "settling")).as("not marked: only the seed knows").isFalse();
        quota.seed(tenantA.id(), YearMonth.of(2030, 1), 0, List.of());
        assertThat(quota.status(tenantA.id(), 100).reserved()).as("both holds still live").isEqualTo(50);
    }

    @Test
    void given_a_seed_that_counted_a_settling_request_when_it_settles_then_already_settled_and_its_hold_freed() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 0);
        quota.reserve(tenantA.id(), "kept", 30, 100);
        quota.reserve(tenantA.id(), "settling", 20, 100);
        quota.forget(tenantA.id(), YearMonth.of(2030, 1));
        assertThatThrownBy(() -> quota.settle(tenantA.id(), "settling", 20, 100))
                .isInstanceOf(NeedsSeedException.class);

        assertThat(quota.seed(tenantA.id(), YearMonth.of(2030, 1), 20, List.of("settling"))).isTrue();

        Settlement retried = quota.settle(tenantA.id(), "settling", 20, 100);
        assertThat(retried.alreadySettled()).isTrue();
        assertThat(retried.status().used()).isEqualTo(20);
        assertThat(retried.status().reserved()).as("only the other live hold").isEqualTo(30);
    }

    @Test
    void given_a_seed_that_missed_a_settling_request_when_it_settles_then_charged_once_to_its_hold() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 0);
        quota.reserve(tenantA.id(), "settling", 20, 100);
        quota.forget(tenantA.id(), YearMonth.of(2030, 1));
        assertThatThrownBy(() -> quota.settle(tenantA.id(), "settling", 15, 100))
                .isInstanceOf(NeedsSeedException.class);
        // Another caller's ledger read happened before this request's entry was committed.
        quota.seed(tenantA.id(), YearMonth.of(2030, 1), 5, List.of("earlier"));

        Settlement retried = quota.settle(tenantA.id(), "settling", 15, 100);
        Settlement again = quota.settle(tenantA.id(), "settling", 15, 100);

        assertThat(retried.alreadySettled()).isFalse();
        assertThat(retried.status().used()).isEqualTo(20);
        assertThat(retried.status().reserved()).isZero();
        assertThat(again.alreadySettled()).isTrue();
        assertThat(quota.settle(tenantA.id(), "earlier", 5, 100).alreadySettled()).isTrue();
    }

    @Test
    void given_all_data_lost_when_settling_then_needs_seed_and_a_seed_counting_it_answers_already_settled() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 10);
        quota.reserve(tenantA.id(), "in-flight", 30, 100);
        quota.loseAllData();

        assertThatThrownBy(() -> quota.settle(tenantA.id(), "in-flight", 25, 100))
                .isInstanceOf(NeedsSeedException.class);
        assertThat(quota.usedIn(tenantA.id(), YearMonth.of(2030, 1))).isEqualTo(-1);
        quota.seed(tenantA.id(), YearMonth.of(2030, 1), 35, List.of("in-flight"));

        assertThat(quota.settle(tenantA.id(), "in-flight", 25, 100).alreadySettled()).isTrue();
        assertThat(quota.status(tenantA.id(), 100).used()).isEqualTo(35);
        assertThat(quota.holdTtl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void given_tenant_a_exhausted_when_tenant_b_reserves_with_the_same_request_id_then_unaffected() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 100);
        quota.seed(tenantB.id(), YearMonth.of(2030, 1), 0, List.of());

        assertThat(quota.reserve(tenantA.id(), "same", 1, 100).granted()).isFalse();
        assertThat(quota.reserve(tenantB.id(), "same", 1, 100).granted()).isTrue();
    }

    @Test
    void given_store_unavailable_when_calling_then_quota_unavailable_until_it_is_back() {
        InMemoryQuotaMeter quota = seededQuota(new MutableClock(T0), 0);
        quota.unavailable(true);

        assertThatThrownBy(() -> quota.reserve(tenantA.id(), "r1", 1, 100)).isInstanceOf(QuotaUnavailableException.class);
        assertThatThrownBy(() -> quota.status(tenantA.id(), 100)).isInstanceOf(QuotaUnavailableException.class);
        quota.unavailable(false);
        assertThat(quota.reserve(tenantA.id(), "r1", 1, 100).granted()).isTrue();
        assertThatThrownBy(() -> quota.reserve(tenantA.id(), " ", 1, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- AI gateway

    @Test
    void given_scripted_gateway_when_called_inside_a_unit_of_work_then_refused_and_outside_answers_in_order() {
        ScriptedAiGateway gateway = new ScriptedAiGateway(unitOfWork).willAnswer("one", 1, 2).willAnswer("two", 3, 4);
        CompletionRequest request = new CompletionRequest(List.of(new Message(AiGateway.Role.USER, "hi")), null, 5);

        assertThatThrownBy(() -> unitOfWork.inTenant(tenantA.id(), () -> gateway.complete(request)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a unit of work");
        assertThat(gateway.complete(request).text()).isEqualTo("one");
        assertThat(gateway.complete(request).usage()).isEqualTo(new AiGateway.TokenUsage(3, 4));
        assertThatThrownBy(() -> gateway.complete(request)).isInstanceOf(IllegalStateException.class);
    }

    private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");

    private static Product product(String slug, String price, Instant createdAt) {
        return Product.create(Optional.empty(), "Product " + slug, Slug.of(slug), Optional.empty(),
                new BigDecimal(price), Optional.empty(), ProductStatus.PUBLISHED, createdAt);
    }

    private InMemoryQuotaMeter seededQuota(MutableClock clock, long usedByA) {
        InMemoryQuotaMeter quota = new InMemoryQuotaMeter(clock);
        quota.seed(tenantA.id(), YearMonth.of(2030, 1), usedByA, List.of());
        return quota;
    }
}
