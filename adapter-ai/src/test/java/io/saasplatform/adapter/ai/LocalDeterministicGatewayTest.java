package io.saasplatform.adapter.ai;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.saasplatform.application.port.out.AiGateway.Completion;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiGateway.Role;
import io.saasplatform.application.port.out.AiGateway.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocalDeterministicGatewayTest {
    private final LocalDeterministicGateway gateway = new LocalDeterministicGateway();

    private static CompletionRequest ask(String userMessage, int maxOutputTokens) {
        return new CompletionRequest(
                List.of(new Message(Role.SYSTEM, "You write product descriptions."), new Message(Role.USER, userMessage)),
                null,
                maxOutputTokens);
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    @Test
    void given_the_same_request_when_completing_twice_then_the_answers_are_identical() {
        CompletionRequest request = ask("Handmade oak dining table, seats six", 100);

        Completion first = gateway.complete(request);
        Completion second = new LocalDeterministicGateway().complete(request);

        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 100})
    void given_different_requests_when_completing_then_the_answers_differ(int maxOutputTokens) {
        Completion oak = gateway.complete(ask("Handmade oak dining table", maxOutputTokens));
        Completion pine = gateway.complete(ask("Handmade pine dining table", maxOutputTokens));
        Completion otherSystem = gateway.complete(new CompletionRequest(
                List.of(new Message(Role.SYSTEM, "Be terse."), new Message(Role.USER, "Handmade oak dining table")),
                null,
                maxOutputTokens));

        assertThat(oak.text()).isNotEqualTo(pine.text()).isNotEqualTo(otherSystem.text());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8, 1000})
    void given_max_output_tokens_when_completing_then_the_answer_has_at_most_that_many_words(int maxOutputTokens) {
        Completion completion = gateway.complete(ask(
                "Describe a handmade solid oak dining table with turned legs, oiled finish and seating for six people",
                maxOutputTokens));

        assertThat(words(completion.text())).isPositive().isLessThanOrEqualTo(maxOutputTokens);
        assertThat(completion.usage().outputTokens()).isEqualTo(words(completion.text()));
    }

    @Test
    void given_a_request_when_completing_then_usage_is_the_prompt_estimate_and_the_word_count() {
        CompletionRequest request = ask("Handmade oak dining table", 100);

        Completion completion = gateway.complete(request);

        assertThat(completion.usage()).isEqualTo(new TokenUsage(
                gateway.estimatePromptTokens(request.messages()), words(completion.text())));
    }

    @Test
    void given_a_request_when_completing_then_the_answer_is_built_from_the_user_words_and_says_it_is_local() {
        Completion completion = gateway.complete(ask("Handmade oak dining table, oak again!", 100));

        assertThat(completion.text())
                .startsWith("[local-draft-")
                .contains("About Handmade: oak, dining, table, again.")
                .contains("without a language model")
                .doesNotContain("product descriptions");
    }

    @ParameterizedTest
    @CsvSource({"'?!', 100", "'a b', 100"})
    void given_no_usable_words_when_completing_then_it_still_answers(String userMessage, int maxOutputTokens) {
        assertThat(gateway.complete(ask(userMessage, maxOutputTokens)).text()).contains("No subject words");
    }

    @Test
    void given_the_gateway_then_it_names_itself_local_deterministic_whatever_model_is_asked() {
        Completion completion = gateway.complete(new CompletionRequest(
                List.of(new Message(Role.USER, "oak table")), "gpt-4o", 20));

        assertThat(gateway.providerName()).isEqualTo("local-deterministic");
        assertThat(gateway.isLocal()).isTrue();
        assertThat(completion.provider()).isEqualTo("local-deterministic");
        assertThat(completion.model()).isEqualTo("local-deterministic-v1");
    }

    @Test
    void given_construction_then_it_warns_that_answers_are_not_from_a_real_model() {
        String logged;
        try (CapturedStderr stderr = new CapturedStderr()) {
            new LocalDeterministicGateway();
            logged = stderr.text();
        }

        assertThat(logged).contains("WARN").contains("LOCAL-DETERMINISTIC").contains("not by a real model");
    }

    private static ArchRule staysOffTheNetwork(Class<?> gatewayClass) {
        return noClasses().that().belongToAnyOf(gatewayClass)
                .should().dependOnClassesThat().resideInAnyPackage("java.net..")
                .because("the local gateway must answer without any network");
    }

    @Test
    void given_the_local_gateway_then_it_does_not_use_the_network() {
        JavaClasses classes = new ClassFileImporter().importClasses(LocalDeterministicGateway.class);

        staysOffTheNetwork(LocalDeterministicGateway.class).check(classes);
    }

    @Test
    void given_a_gateway_that_uses_the_network_then_the_no_network_rule_catches_it() {
        JavaClasses classes = new ClassFileImporter().importClasses(OpenAiCompatibleGateway.class);

        assertThatThrownBy(() -> staysOffTheNetwork(OpenAiCompatibleGateway.class).check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("java.net.http.HttpClient");
    }
}
