package io.saasplatform.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.AiGateway.AiUnavailableException;
import io.saasplatform.application.port.out.AiGateway.Completion;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiGateway.Role;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Port contract of {@code AiGateway}: a completion names its provider and model and reports its usage; a provider
 * that cannot answer yields {@link AiUnavailableException}, never partial text; prompt estimates grow with the prompt.
 *
 * <p>Subclasses arrange the provider's behaviour (a stub server, a script) before handing out the gateway.
 */
public abstract class AiGatewayContract {
    /** What the contract's requests ask for. */
    protected static final String SUBJECT = "Handmade oak dining table, seats six";

    /**
     * A gateway whose provider will answer the next call normally.
     *
     * @return the gateway under test
     */
    protected abstract AiGateway answeringGateway();

    /**
     * A gateway whose provider cannot answer the next call (down, failing, rate limited after retries), or empty when
     * the implementation cannot fail (a local deterministic provider); the failure cases are skipped then.
     *
     * @return the gateway under test, if it can fail
     */
    protected abstract Optional<AiGateway> unavailableGateway();

    /**
     * The contract's request: a system and a user message, the default model, a bounded answer.
     *
     * @return the request
     */
    protected static CompletionRequest request() {
        return new CompletionRequest(
                List.of(new Message(Role.SYSTEM, "You write product descriptions."), new Message(Role.USER, SUBJECT)),
                null,
                64);
    }

    @Test
    void given_a_provider_that_answers_when_completing_then_text_model_provider_and_usage_are_reported() {
        AiGateway gateway = answeringGateway();

        Completion completion = gateway.complete(request());

        assertThat(completion.text()).isNotBlank();
        assertThat(completion.model()).as("model, the default one since the request named none").isNotBlank();
        assertThat(completion.provider()).isEqualTo(gateway.providerName());
        assertThat(completion.usage().inputTokens()).isPositive();
        assertThat(completion.usage().totalTokens())
                .isEqualTo(completion.usage().inputTokens() + completion.usage().outputTokens());
    }

    @Test
    void given_a_gateway_then_its_provider_name_is_stable_and_not_blank() {
        AiGateway gateway = answeringGateway();

        assertThat(gateway.providerName()).isNotBlank().isEqualTo(gateway.providerName());
    }

    @Test
    void given_a_longer_prompt_when_estimating_then_the_estimate_is_positive_and_never_smaller() {
        AiGateway gateway = answeringGateway();
        List<Message> shortPrompt = List.of(new Message(Role.USER, "oak"));
        List<Message> longPrompt = List.of(
                new Message(Role.SYSTEM, "You write product descriptions."),
                new Message(Role.USER, SUBJECT.repeat(20)));

        assertThat(gateway.estimatePromptTokens(shortPrompt)).isPositive();
        assertThat(gateway.estimatePromptTokens(longPrompt)).isGreaterThan(gateway.estimatePromptTokens(shortPrompt));
    }

    @Test
    void given_a_provider_that_cannot_answer_when_completing_then_ai_unavailable_and_no_text() {
        Optional<AiGateway> unavailable = unavailableGateway();
        assumeTrue(unavailable.isPresent(), "this implementation cannot be made unavailable");

        assertThatThrownBy(() -> unavailable.get().complete(request())).isInstanceOf(AiUnavailableException.class);
    }
}
