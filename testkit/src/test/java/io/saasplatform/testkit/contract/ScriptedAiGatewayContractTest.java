package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.testkit.fake.ScriptedAiGateway;
import java.time.Duration;
import java.util.Optional;

/** Runs the {@code AiGateway} port contract against the test kit's scripted fake. */
class ScriptedAiGatewayContractTest extends AiGatewayContract {
    @Override
    protected AiGateway answeringGateway() {
        return new ScriptedAiGateway().willAnswer("A sturdy oak table.", 21, 7);
    }

    @Override
    protected Optional<AiGateway> unavailableGateway() {
        return Optional.of(new ScriptedAiGateway().willBeUnavailable(Duration.ofSeconds(5)));
    }
}
