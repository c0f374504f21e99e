package io.saasplatform.adapter.ai;

import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.testkit.contract.AiGatewayContract;
import java.util.Optional;

/** Runs the {@code AiGateway} port contract against the local deterministic provider, which never fails. */
class LocalDeterministicGatewayContractTest extends AiGatewayContract {
    @Override
    protected AiGateway answeringGateway() {
        return new LocalDeterministicGateway();
    }

    @Override
    protected Optional<AiGateway> unavailableGateway() {
        return Optional.empty();
    }
}
