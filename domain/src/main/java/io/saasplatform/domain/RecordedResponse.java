package io.saasplatform.domain;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Domain value: the response an idempotent request's first attempt got: status, the headers that matter (Location,
 * ETag, …) and body bytes.
 */
public record RecordedResponse(int status, Map<String, String> headers, byte[] body) {
    public RecordedResponse {
        headers = Map.copyOf(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecordedResponse that && status == that.status && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }
}
