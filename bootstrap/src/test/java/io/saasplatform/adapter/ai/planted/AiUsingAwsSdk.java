package io.saasplatform.adapter.ai.planted;

import software.amazon.awssdk.planted.StandInSdkClient;

/** Planted violation (test code, never production): the AI adapter calling AWS itself. */
public class AiUsingAwsSdk {
    StandInSdkClient client;
}
