package io.saasplatform.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.saasplatform.application.port.in.QuotaExceededException;
import io.saasplatform.application.port.in.ServiceUnavailableException;
import io.saasplatform.application.port.out.AiBudgets.Budget;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.domain.TenantId;
import io.saasplatform.domain.UserId;
import io.saasplatform.testkit.fake.InMemoryAiBudgets;
import io.saasplatform.testkit.fake.InMemoryAiUsageLedger;
import io.saasplatform.testkit.fake.InMemoryQuotaMeter;
import io.saasplatform.testkit.fake.InMemoryUnitOfWork;
import io.saasplatform.testkit.fake.MutableClock;
import io.saasplatform.testkit.fake.ScriptedAiGateway;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link MeteredAi} with a user and a platform budget beside the tenant quota (issue 9 item 3): which budget refuses,
 * that a refusal leaves no hold behind in the others, and that a settle kept to retry still charges the right user.
 */
class MeteredAiBudgetsTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private static final YearMonth JANUARY = YearMonth.of(2030, 1);
    private static final long TENANT_LIMIT = 10_000;
    private static final long USER_LIMIT = 1_000;
    private static final long GLOBAL_LIMIT = 1_500;
    /** The estimate of {@link #request(int)} is its maximum output plus this prompt estimate of "hi". */
    private static final long PROMPT_ESTIMATE = 11;

    private final TenantId tenantA = new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111"));
    private final TenantId tenantB = new TenantId(UUID.fromString("33333333-3333-4333-8333-333333333333"));
    private final UserId alice = new UserId(UUID.fromString("22222222-2222-4222-8222-222222222222"));
    private final UserId bob = new UserId(UUID.fromString("44444444-4444-4444-8444-444444444444"));
    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryUnitOfWork unitOfWork = new InMemoryUnitOfWork();
    private final InMemoryAiUsageLedger ledger = new InMemoryAiUsageLedger(unitOfWork);
    private final InMemoryQuotaMeter quota = new InMemoryQuotaMeter(clock);
    private final InMemoryAiBudgets budgets = new InMemoryAiBudgets(clock);
    private final ScriptedAiGateway gateway = new ScriptedAiGateway(unitOfWork);
    private final MeteredAi meteredAi = new MeteredAi(unitOfWork, gateway, quota, ledger,
            AiSettings.withMonthlyLimit(TENANT_LIMIT), budgets,
            new AiBudgetLimits(OptionalLong.of(USER_LIMIT), OptionalLong.of(GLOBAL_LIMIT)), clock);

    @Test
    void given_a_user_spending_in_two_tenants_when_the_user_budget_runs_out_then_429_names_the_user_budget() {
        spend(tenantA, alice, 600);

        assertThatThrownBy(() -> meteredAi.call(tenantB, alice, "f", request(500)))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.budget()).isEqualTo(QuotaExceededException.Budget.USER);
                    assertThat(e.quota().limit()).isEqualTo(USER_LIMIT);
                    assertThat(e.quota().used()).isEqualTo(600);
                    assertThat(e.getMessage()).contains("personal monthly AI budget");
                });

        assertThat(quota.reservedNow(tenantB)).as("tenant B's hold released").isZero();
        assertThat(budgets.reservedNow(Budget.global())).as("never reached").isZero();
        assertThat(quota.usedIn(tenantB, JANUARY)).isZero();
    }

    @Test
    void given_two_users_in_two_tenants_when_the_platform_budget_runs_out_then_429_names_it_without_its_figures() {
        spend(tenantA, alice, 900);
        spend(tenantB, bob, 500);

        assertThatThrownBy(() -> meteredAi.call(tenantB, bob, "f", request(200)))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.budget()).isEqualTo(QuotaExceededException.Budget.GLOBAL);
                    assertThat(e.getMessage()).contains("platform").doesNotContain(Long.toString(GLOBAL_LIMIT));
                });

        assertThat(quota.reservedNow(tenantB)).isZero();
        assertThat(budgets.reservedNow(Budget.user(bob))).as("bob's hold released").isZero();
        assertThat(budgets.usedIn(Budget.global(), JANUARY)).isEqualTo(1_400);
    }

    @Test
    void given_the_tenant_quota_refusing_then_429_names_the_tenant_and_no_budget_is_held() {
        unitOfWork.runInTenant(tenantA, () -> ledger.setMonthlyLimitOverride(OptionalLong.of(100)));

        assertThatThrownBy(() -> meteredAi.call(tenantA, alice, "f", request(200)))
                .isInstanceOfSatisfying(QuotaExceededException.class,
                        e -> assertThat(e.budget()).isEqualTo(QuotaExceededException.Budget.TENANT));

        assertThat(budgets.reservedNow(Budget.user(alice))).isZero();
        assertThat(budgets.reservedNow(Budget.global())).isZero();
    }

    @Test
    void given_the_budget_store_unreachable_when_reserving_then_503_and_the_tenant_hold_is_released() {
        budgets.unavailable(true);

        assertThatThrownBy(() -> meteredAi.call(tenantA, alice, "f", request(100)))
                .isInstanceOf(ServiceUnavailableException.class);

        assertThat(quota.reservedNow(tenantA)).isZero();
        assertThat(gateway.requests()).as("the provider is not called").isEmpty();
    }

    @Test
    void given_the_provider_failing_then_every_hold_is_released_and_nothing_charged() {
        gateway.willBeUnavailable(Duration.ofSeconds(3));

        assertThatThrownBy(() -> meteredAi.call(tenantA, alice, "f", request(100)))
                .isInstanceOf(ServiceUnavailableException.class);

        assertThat(quota.reservedNow(tenantA)).isZero();
        assertThat(budgets.reservedNow(Budget.user(alice))).isZero();
        assertThat(budgets.reservedNow(Budget.global())).isZero();
        assertThat(budgets.usedIn(Budget.global(), JANUARY)).isZero();
    }

    @Test
    void given_the_budget_store_unreachable_while_settling_then_the_kept_settle_charges_the_same_user_later() {
        gateway.willAnswerAfter(() -> budgets.unavailable(true), "Text.", 40, 260);
        meteredAi.call(tenantA, alice, "f", request(300));
        assertThat(meteredAi.pendingSettles(tenantA)).isOne();
        budgets.unavailable(false);

        spend(tenantA, alice, 100);

        assertThat(meteredAi.pendingSettles(tenantA)).isZero();
        assertThat(budgets.usedIn(Budget.user(alice), JANUARY)).isEqualTo(400);
        assertThat(budgets.usedIn(Budget.global(), JANUARY)).isEqualTo(400);
        assertThat(budgets.usedIn(Budget.user(bob), JANUARY)).isZero();
        assertThat(quota.usedIn(tenantA, JANUARY)).isEqualTo(400);
        assertThat(budgets.reservedNow(Budget.user(alice))).isZero();
    }

    @Test
    void given_settled_calls_then_each_budget_counts_what_the_ledger_holds() {
        spend(tenantA, alice, 120);
        spend(tenantB, alice, 80);
        spend(tenantB, bob, 50);

        long ledgerTotal = unitOfWork.inTenant(tenantA, () -> ledger.usedTokens(JANUARY))
                + unitOfWork.inTenant(tenantB, () -> ledger.usedTokens(JANUARY));
        assertThat(budgets.usedIn(Budget.global(), JANUARY)).isEqualTo(ledgerTotal).isEqualTo(250);
        assertThat(budgets.usedIn(Budget.user(alice), JANUARY)).isEqualTo(200);
        assertThat(budgets.usedIn(Budget.user(bob), JANUARY)).isEqualTo(50);
        assertThat(budgets.reservedNow(Budget.global())).isZero();
    }

    private void spend(TenantId tenant, UserId user, long tokens) {
        gateway.willAnswer("Earlier.", tokens, 0);
        meteredAi.call(tenant, user, "f", request((int) (tokens - PROMPT_ESTIMATE)));
    }

    private static CompletionRequest request(int maxOutputTokens) {
        return new CompletionRequest(List.of(new Message(AiGateway.Role.USER, "hi")), null, maxOutputTokens);
    }
}
