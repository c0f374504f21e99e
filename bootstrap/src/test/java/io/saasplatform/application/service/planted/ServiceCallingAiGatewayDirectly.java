package io.saasplatform.application.service.planted;

import io.saasplatform.application.port.out.AiGateway;

/** Planted violation (test code, never production): a service calling the AI provider without metering. */
public class ServiceCallingAiGatewayDirectly {
    AiGateway gateway;

    AiGateway.Completion unmetered(AiGateway.CompletionRequest request) {
        return gateway.complete(request);
    }
}
