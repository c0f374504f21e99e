package io.saasplatform.adapter.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.saasplatform.application.port.out.AiGateway.CompletionRequest;
import io.saasplatform.application.port.out.AiGateway.Message;
import io.saasplatform.application.port.out.AiGateway.Role;
import java.util.List;

/** What an OpenAI-compatible provider answers, for WireMock stubs, and the requests the tests send. */
final class ChatCompletions {
    static final String PATH = "/v1/chat/completions";

    private ChatCompletions() {}

    static CompletionRequest describe(String subject) {
        return new CompletionRequest(
                List.of(new Message(Role.SYSTEM, "You write product descriptions."), new Message(Role.USER, subject)),
                null,
                64);
    }

    static ResponseDefinitionBuilder answer(String text) {
        return json(200, """
                {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":21,"completion_tokens":7,"total_tokens":28}}
                """.formatted(text));
    }

    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return json(status, """
                {"error":{"message":"%s","type":"%s","param":null,"code":null}}
                """.formatted(message, type));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
