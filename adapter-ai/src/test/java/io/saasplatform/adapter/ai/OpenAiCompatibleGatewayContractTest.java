package io.saasplatform.adapter.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.saasplatform.adapter.ai.ChatCompletions.PATH;
import static io.saasplatform.adapter.ai.ChatCompletions.answer;
import static io.saasplatform.adapter.ai.ChatCompletions.error;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.testkit.contract.AiGatewayContract;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the {@code AiGateway} port contract against the OpenAI-compatible adapter and a WireMock provider. */
class OpenAiCompatibleGatewayContractTest extends AiGatewayContract {
    @RegisterExtension
    static WireMockExtension provider =
            WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static AiGateway gateway() {
        return new OpenAiCompatibleGateway(AiAdapter.Settings.defaults()
                .withApiKey("sk-test-contract")
                .withBaseUrl(URI.create(provider.baseUrl() + "/v1"))
                .withTimeout(Duration.ofSeconds(2))
                .withInitialBackoff(Duration.ofMillis(10))
                .withMaxRetryAfter(Duration.ofSeconds(2)));
    }

    @Override
    protected AiGateway answeringGateway() {
        provider.stubFor(post(PATH).willReturn(answer("A sturdy oak table.")));
        return gateway();
    }

    @Override
    protected Optional<AiGateway> unavailableGateway() {
        provider.stubFor(post(PATH).willReturn(error(503, "server_error", "The server is overloaded")));
        return Optional.of(gateway());
    }
}
